using CsCheck;
using Engine.Core.Storage;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Core.Storage.Encryption;

/// <summary>The encrypted file layer against a plain in-memory model: random appends, flushes, syncs, truncates and reopens.</summary>
[Trait("Category", "Randomized")]
public sealed class EncryptedFileModelTests(ITestOutputHelper output)
{
    private enum OpKind
    {
        Append,
        AppendSmall,
        Flush,
        Sync,
        Truncate,
        Reopen,
    }

    [Fact]
    public void RandomOperations_ReadLikeAPlainFile()
    {
        Gen<(int Kind, int Size, int Seed)[]> ops = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 20_000], Gen.Int).Array[1, 40];
        ops.Sample(output, Run, iter: 150);
    }

    private static void Run((int Kind, int Size, int Seed)[] ops)
    {
        EncryptedFileTestKit kit = new();
        string path = EncryptedFileTestKit.At("f");
        List<byte> model = [];
        IWritableFile file = kit.Fs.Create(path);
        try
        {
            foreach ((int kind, int size, int seed) in ops)
            {
                switch ((OpKind)kind)
                {
                    case OpKind.Append:
                    case OpKind.AppendSmall:
                        byte[] data = EncryptedFileTestKit.Bytes((OpKind)kind == OpKind.Append ? size % 9000 : size % 50, seed);
                        file.Append(data);
                        model.AddRange(data);
                        break;
                    case OpKind.Flush:
                        file.Flush();
                        Check(kit, path, model, seed);
                        break;
                    case OpKind.Sync:
                        file.Sync();
                        Check(kit, path, model, seed);
                        break;
                    case OpKind.Truncate:
                        int length = size % (model.Count + 100);
                        file.Truncate(length);
                        if (length < model.Count)
                        {
                            model.RemoveRange(length, model.Count - length);
                        }
                        else
                        {
                            model.AddRange(new byte[length - model.Count]);
                        }

                        break;
                    case OpKind.Reopen:
                        file.Dispose();
                        file = kit.Fs.OpenForAppend(path);
                        Check(kit, path, model, seed);
                        break;
                }

                Assert.Equal(model.Count, file.Length);
            }
        }
        finally
        {
            file.Dispose();
        }

        Check(kit, path, model, 0);
    }

    private static void Check(EncryptedFileTestKit kit, string path, List<byte> model, int seed)
    {
        byte[] expected = [.. model];
        Assert.Equal(expected, EncryptedFileTestKit.ReadAll(kit.Fs, path));
        Random random = new(seed);
        using IReadableFile reader = kit.Fs.OpenRead(path);
        using IMappedFile mapped = kit.Fs.OpenMapped(path);
        Assert.Equal(expected.Length, mapped.Length);
        for (int i = 0; i < 10 && expected.Length > 0; i++)
        {
            int offset = random.Next(expected.Length);
            int length = random.Next(expected.Length - offset + 1);
            byte[] buffer = new byte[length + 5];
            int read = reader.Read(offset, buffer);
            Assert.Equal(Math.Min(length + 5, expected.Length - offset), read);
            Assert.True(expected.AsSpan(offset, read).SequenceEqual(buffer.AsSpan(0, read)));
            Assert.True(expected.AsSpan(offset, length).SequenceEqual(mapped.GetSpan(offset, length)));
        }
    }
}
