using Engine.Core.Buffers;
using Engine.Fuzz.Driver;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>The manifest's version-edit decoder (<see cref="VersionEditCodec.Decode"/>).</summary>
/// <remarks>
/// The input is one manifest record. A decoded edit is encoded again and decoded again: the second encoding must equal
/// the first, so nothing a decode accepts is lost or changed by the codec. Rejection is <see cref="CorruptionException"/>.
/// One thread at a time.
/// </remarks>
internal sealed class ManifestEditTarget : IFuzzTarget
{
    public string Name => "manifest-edit";

    public string Description => "Engine.Lsm.Manifest.VersionEditCodec.Decode, with an encode/decode round trip";

    public void Run(ReadOnlySpan<byte> input)
    {
        VersionEdit edit = VersionEditCodec.Decode(input, "<manifest>", 0);
        using PooledBufferWriter first = new();
        VersionEditCodec.Encode(edit, first);
        VersionEdit again;
        try
        {
            again = VersionEditCodec.Decode(first.WrittenSpan, "<re-encoded>", 0);
        }
        catch (CorruptionException ex)
        {
            throw new FuzzCheckException("the encoding of a decoded edit does not decode", ex);
        }

        using PooledBufferWriter second = new();
        VersionEditCodec.Encode(again, second);
        if (!first.WrittenSpan.SequenceEqual(second.WrittenSpan))
        {
            throw new FuzzCheckException("encode(decode(encode(edit))) differs from encode(edit)");
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is CorruptionException;

    public IEnumerable<byte[]> Seeds()
    {
        yield return Encode(new VersionEdit());
        yield return Encode(new VersionEdit { FormatVersion = VersionEditCodec.CurrentFormatVersion, LogNumber = 3, NextFileNumber = 9, LastSequence = 1234 });

        VersionEdit flush = new() { LogNumber = 12, NextFileNumber = 14, LastSequence = 300_000 };
        flush.NewFiles.Add((0, new FileMetadata(13, 4096, Key("a", 5), Key("m", 300_000), 5, 300_000)));
        yield return Encode(flush);

        VersionEdit compaction = new() { NextFileNumber = 40 };
        compaction.DeletedFiles.Add((0, 13));
        compaction.DeletedFiles.Add((1, 7));
        compaction.NewFiles.Add((1, new FileMetadata(38, 2_000_000, Key("a", 5), Key("g", 77), 5, 900)));
        compaction.NewFiles.Add((6, new FileMetadata(39, 1_500_000, Key("g\u00ff", 2), Key("zzz", 1), 1, 800)));
        yield return Encode(compaction);
    }

    private static byte[] Key(string userKey, ulong sequence)
    {
        byte[] user = System.Text.Encoding.UTF8.GetBytes(userKey);
        byte[] key = new byte[user.Length + InternalKey.TrailerSize];
        InternalKey.Write(key, user, sequence, KeyKind.Set);
        return key;
    }

    private static byte[] Encode(VersionEdit edit)
    {
        using PooledBufferWriter output = new();
        VersionEditCodec.Encode(edit, output);
        return output.WrittenSpan.ToArray();
    }
}
