using Engine.Core.Compression;
using Engine.Fuzz.Driver;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>
/// The LZ4 block decoder (<see cref="Lz4Block"/>) over untrusted blocks, and the codec's round trip.
/// </summary>
/// <remarks>
/// <code>
/// input := | destination size (uint24 LE, at most 1 MiB) | lz4 block |
/// </code>
/// The block is decoded into a destination of that size by both entry points, which must agree: TryDecompress
/// returns false exactly when Decompress throws <see cref="CorruptionException"/>, and both write the same bytes.
/// Then the whole input is compressed and decompressed into a destination of exactly its length, which must
/// reproduce it, and into one byte less, which must fail. The destinations are allocated once, so a run allocates
/// nothing. One thread at a time (the buffers are reused).
/// </remarks>
internal sealed class Lz4Target : IFuzzTarget
{
    private const int SizeFieldLength = 3;
    private const int MaxDestination = 1 << 20;

    private readonly byte[] _first = new byte[MaxDestination];
    private readonly byte[] _second = new byte[MaxDestination];
    private byte[] _compressed = new byte[Lz4Block.MaxCompressedLength(64 << 10)];
    private byte[] _roundTrip = new byte[64 << 10];

    public string Name => "lz4";

    public string Description => "Engine.Core.Compression.Lz4Block: decode untrusted blocks; compress/decompress round trip";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length >= SizeFieldLength)
        {
            int size = (input[0] | (input[1] << 8) | (input[2] << 16)) & (MaxDestination - 1);
            Decode(input[SizeFieldLength..], size);
        }

        RoundTrip(input);
    }

    public bool IsExpectedRejection(Exception exception) => false;

    public IEnumerable<byte[]> Seeds()
    {
        Random random = new(4);
        yield return Seed([], 0);
        yield return Seed("a"u8.ToArray(), 0);
        yield return Seed("hello, hello, hello, hello world"u8.ToArray(), 0);
        yield return Seed(new byte[300], 0);
        yield return Seed(new byte[300], 17);

        byte[] text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 80).Select(i => $"key-{i % 13:D3}=value{i % 7};")));
        yield return Seed(text, 0);

        byte[] mixed = new byte[4000];
        random.NextBytes(mixed.AsSpan(0, 700));
        for (int i = 700; i < mixed.Length; i++)
        {
            // Repeats at short and long distances, with the odd fresh byte: every copy path of the decoder.
            mixed[i] = (i % 97) == 0 ? (byte)random.Next(256) : mixed[i - (i % 3 == 0 ? 1 : i % 5 == 0 ? 17 : 650)];
        }

        yield return Seed(mixed, 0);

        byte[] incompressible = new byte[600];
        random.NextBytes(incompressible);
        yield return Seed(incompressible, 0);
    }

    /// <summary>A seed: the compressed block of <paramref name="data"/> behind a size field <paramref name="slack"/> bytes larger than needed.</summary>
    private static byte[] Seed(byte[] data, int slack)
    {
        byte[] block = new byte[Lz4Block.MaxCompressedLength(data.Length)];
        int length = Lz4Block.Compress(data, block);
        int size = data.Length + slack;
        byte[] seed = new byte[SizeFieldLength + length];
        seed[0] = (byte)size;
        seed[1] = (byte)(size >> 8);
        seed[2] = (byte)(size >> 16);
        block.AsSpan(0, length).CopyTo(seed.AsSpan(SizeFieldLength));
        return seed;
    }

    private void Decode(ReadOnlySpan<byte> block, int size)
    {
        bool ok = Lz4Block.TryDecompress(block, _first.AsSpan(0, size), out int written);
        if (ok && (uint)written > (uint)size)
        {
            throw new FuzzCheckException($"TryDecompress wrote {written} bytes into a destination of {size}");
        }

        int decoded;
        try
        {
            decoded = Lz4Block.Decompress(block, _second.AsSpan(0, size));
        }
        catch (CorruptionException) when (!ok)
        {
            return;
        }
        catch (CorruptionException ex)
        {
            throw new FuzzCheckException("Decompress rejects a block that TryDecompress accepts", ex);
        }

        if (!ok)
        {
            throw new FuzzCheckException($"Decompress accepts ({decoded} bytes) a block that TryDecompress rejects");
        }

        if (decoded != written || !_first.AsSpan(0, written).SequenceEqual(_second.AsSpan(0, decoded)))
        {
            throw new FuzzCheckException($"TryDecompress ({written} bytes) and Decompress ({decoded} bytes) decode differently");
        }
    }

    private void RoundTrip(ReadOnlySpan<byte> data)
    {
        int bound = Lz4Block.MaxCompressedLength(data.Length);
        if (_compressed.Length < bound)
        {
            _compressed = new byte[bound];
        }

        if (_roundTrip.Length < data.Length)
        {
            _roundTrip = new byte[data.Length];
        }

        int length = Lz4Block.Compress(data, _compressed);
        if ((uint)length > (uint)bound)
        {
            throw new FuzzCheckException($"Compress wrote {length} bytes, past its bound of {bound}");
        }

        ReadOnlySpan<byte> block = _compressed.AsSpan(0, length);
        if (!Lz4Block.TryDecompress(block, _roundTrip.AsSpan(0, data.Length), out int written) || written != data.Length)
        {
            throw new FuzzCheckException($"the compressed form of {data.Length} bytes does not decode to {data.Length} bytes");
        }

        if (!_roundTrip.AsSpan(0, written).SequenceEqual(data))
        {
            throw new FuzzCheckException($"the round trip of {data.Length} bytes does not reproduce them");
        }

        if (data.Length > 0 && Lz4Block.TryDecompress(block, _roundTrip.AsSpan(0, data.Length - 1), out _))
        {
            throw new FuzzCheckException($"a block of {data.Length} bytes decodes into a destination one byte shorter");
        }
    }
}
