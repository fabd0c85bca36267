using Engine.Core.Storage;

namespace Engine.Tests.Infrastructure;

/// <summary>
/// Where a test keeps its stores: a fresh <see cref="MemFileSystem"/>, or a <see cref="TempDirectory"/> on the local
/// disk, so that one test body runs on both.
/// </summary>
/// <remarks>Not thread-safe; one test owns it.</remarks>
internal sealed class StoreLocation : IDisposable
{
    private readonly TempDirectory? _temp;

    public StoreLocation(bool localDisk)
    {
        if (localDisk)
        {
            _temp = new TempDirectory("store");
            Fs = LocalFileSystem.Instance;
            Root = _temp.Path;
        }
        else
        {
            Fs = new MemFileSystem();
            Root = "/root";
        }
    }

    public IFileSystem Fs { get; }

    /// <summary>The directory under which the test's stores live.</summary>
    public string Root { get; }

    /// <summary>The full path of <paramref name="name"/> under <see cref="Root"/>.</summary>
    public string Combine(string name) => Path.Combine(Root, name);

    /// <summary>Flips one bit of a file, as a medium error would. On the local disk the file must not be mapped.</summary>
    public void FlipBit(string path, long bitOffset)
    {
        if (Fs is MemFileSystem mem)
        {
            mem.FlipBit(path, bitOffset);
            return;
        }

        using FileStream stream = new(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Position = bitOffset / 8;
        int value = stream.ReadByte();
        stream.Position = bitOffset / 8;
        stream.WriteByte((byte)(value ^ (1 << (int)(bitOffset % 8))));
    }

    /// <summary>Writes a small file, synced.</summary>
    public void WriteFile(string path, ReadOnlySpan<byte> contents)
    {
        using IWritableFile file = Fs.Create(path);
        file.Append(contents);
        file.Sync();
    }

    public void Dispose() => _temp?.Dispose();
}
