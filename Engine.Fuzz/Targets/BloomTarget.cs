using System.Buffers.Binary;
using Engine.Fuzz.Driver;
using Engine.Lsm.Bloom;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>
/// The filter block reader (<see cref="BloomFilterReader"/>) over arbitrary bytes, and the no-false-negative property
/// of filters <see cref="BloomFilterBuilder"/> builds.
/// </summary>
/// <remarks>
/// <code>
/// input := | mode (1 B) | body |
/// mode bit 0 clear: body is a filter block; the reader is constructed over it and probed with keys cut from it
/// mode bit 0 set:   body := | bits per key (1 B, taken mod 32, plus 1) | (key length (1 B) | key)* |
///                   a filter is built from those keys; the reader must accept it and answer "may contain" for each
/// </code>
/// An accepted filter must be exactly <c>lines * 64 + 5</c> bytes with a non-zero probe count, and a filter of no lines
/// must answer "absent" to everything. Rejection is <see cref="CorruptionException"/> (mode 0 only). One thread at a
/// time (the builder is reused).
/// </remarks>
internal sealed class BloomTarget : IFuzzTarget
{
    private const string FilterPath = "<filter>";
    private const int MaxProbeKeys = 64;

    private readonly BloomFilterBuilder _builder = new();

    public string Name => "bloom";

    public string Description => "Engine.Lsm.Bloom.BloomFilterReader over any bytes; built filters never deny their keys";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        if ((input[0] & 1) == 0)
        {
            Probe(input[1..]);
        }
        else
        {
            BuildAndProbe(input[1..]);
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is CorruptionException;

    public IEnumerable<byte[]> Seeds()
    {
        string[] keys = ["a", "b", "user/000/1", "user/001/7", "", "zzzzzzzzzzzzzzzzzzzzzzzz"];
        yield return [0, .. Filter(10, keys)];
        yield return [0, .. Filter(3, keys.Take(1))];
        yield return [0, .. Filter(10, [])];
        yield return [0, .. Filter(32, Enumerable.Range(0, 200).Select(i => $"key{i:D5}"))];
        yield return [1, .. KeyList(9, keys)];
        yield return [1, .. KeyList(0, Enumerable.Range(0, 100).Select(i => $"k{i}"))];
    }

    private static byte[] Filter(int bitsPerKey, IEnumerable<string> keys)
    {
        BloomFilterBuilder builder = new();
        foreach (string key in keys)
        {
            builder.AddKey(System.Text.Encoding.ASCII.GetBytes(key));
        }

        return builder.Finish(bitsPerKey);
    }

    private static byte[] KeyList(byte bitsPerKey, IEnumerable<string> keys)
    {
        List<byte> body = [bitsPerKey];
        foreach (string key in keys)
        {
            body.Add((byte)key.Length);
            body.AddRange(System.Text.Encoding.ASCII.GetBytes(key));
        }

        return [.. body];
    }

    private static void Probe(ReadOnlySpan<byte> filter)
    {
        BloomFilterReader reader = new(filter, FilterPath, 0);
        if ((ulong)reader.LineCount * BloomFilterBuilder.LineBytes + BloomFilterBuilder.TrailerBytes != (ulong)filter.Length || reader.ProbeCount == 0)
        {
            throw new FuzzCheckException($"a filter of {filter.Length} bytes is accepted with {reader.LineCount} lines and {reader.ProbeCount} probes");
        }

        // Keys cut from the input, and its 8-byte words as ready-made hashes, which reach every line.
        int step = Math.Max(1, filter.Length / MaxProbeKeys);
        for (int start = 0; start < filter.Length; start += step)
        {
            ReadOnlySpan<byte> key = filter.Slice(start, Math.Min(filter.Length - start, 1 + (filter[start] % 16)));
            bool byKey = reader.MayContain(key);
            if (byKey != reader.MayContain(BloomFilterBuilder.Hash(key)) || (reader.LineCount == 0 && byKey))
            {
                throw new FuzzCheckException("a probe by key disagrees with the probe by its hash, or an empty filter admits a key");
            }

            if (filter.Length - start >= sizeof(ulong))
            {
                _ = reader.MayContain(BinaryPrimitives.ReadUInt64LittleEndian(filter[start..]));
            }
        }
    }

    private void BuildAndProbe(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return;
        }

        int bitsPerKey = (body[0] % 32) + 1;
        _builder.Reset();
        ReadOnlySpan<byte> keys = body[1..];
        while (!keys.IsEmpty)
        {
            int length = Math.Min(keys[0], keys.Length - 1);
            _builder.AddKey(keys.Slice(1, length));
            keys = keys[(1 + length)..];
        }

        byte[] filter = _builder.Finish(bitsPerKey);
        BloomFilterReader reader;
        try
        {
            reader = new BloomFilterReader(filter, FilterPath, 0);
        }
        catch (CorruptionException ex)
        {
            throw new FuzzCheckException($"the reader rejects a filter the builder made from {_builder.KeyCount} keys at {bitsPerKey} bits per key", ex);
        }

        keys = body[1..];
        while (!keys.IsEmpty)
        {
            int length = Math.Min(keys[0], keys.Length - 1);
            if (!reader.MayContain(keys.Slice(1, length)))
            {
                throw new FuzzCheckException($"a filter of {_builder.KeyCount} keys at {bitsPerKey} bits per key denies one of them");
            }

            keys = keys[(1 + length)..];
        }
    }
}
