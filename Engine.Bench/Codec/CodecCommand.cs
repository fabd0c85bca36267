using System.Diagnostics;
using System.Globalization;
using Engine.Bench.Kv;
using Engine.Core.Compression;
using K4os.Compression.LZ4;

namespace Engine.Bench.Codec;

/// <summary>
/// The <c>codec</c> verb: the LZ4 block codec's compression ratio and throughput on table-like blocks (the kv
/// driver's keys and values, as a data block lays them out), side by side with K4os.Compression.LZ4 called directly,
/// one JSON line per codec with the medians of the runs.
/// </summary>
/// <remarks>
/// Blocks of <c>--block-size</c> bytes (4096, the store's default) are compressed and decompressed one by one for
/// <c>--seconds</c> each way, <c>--runs</c> times (3) per codec, the codecs taking turns; ratio is input bytes over
/// compressed bytes. <c>ours</c> is the store's codec (<c>Lz4Block</c>: K4os behind the engine's contract), so the two
/// lines show what that contract costs. Stateless.
/// </remarks>
internal static class CodecCommand
{
    public static int Run(string[] args)
    {
        int blockSize = (int)Flag(args, "--block-size", 4096);
        double seconds = Flag(args, "--seconds", 3);
        const int Blocks = 4096;
        byte[][] input = new byte[Blocks][];
        byte[] key = new byte[KeyGenerator.KeySize];
        byte[] value = new byte[KeyGenerator.ValueSize];
        ulong x = 0;
        for (int b = 0; b < Blocks; b++)
        {
            // Entry layout as in a data block with prefix compression: a few length bytes, the key's new suffix, the value.
            byte[] block = new byte[blockSize];
            int at = 0;
            while (at + 3 + 8 + KeyGenerator.ValueSize <= blockSize)
            {
                KeyGenerator.MakeKey(x, key);
                KeyGenerator.MakeValue(x, KeyTag.FillRandom, value);
                block[at++] = 8;
                block[at++] = 8;
                block[at++] = KeyGenerator.ValueSize;
                key.AsSpan(8).CopyTo(block.AsSpan(at));
                at += 8;
                value.CopyTo(block.AsSpan(at));
                at += KeyGenerator.ValueSize;
                x += 7;
            }

            input[b] = block;
        }

        int runs = (int)Flag(args, "--runs", 3);
        Codec[] codecs =
        [
            new("ours", "lz4-block", (source, target) => Lz4Block.Compress(source, target), (source, target) => Lz4Block.Decompress(source, target)),
            new("k4os", "lz4-block-k4os", (source, target) => LZ4Codec.Encode(source, target, LZ4Level.L00_FAST), (source, target) => LZ4Codec.Decode(source, target)),
        ];

        // Runs alternate between the codecs, so a change in the machine's load between runs touches both alike.
        List<double>[,] figures = new List<double>[codecs.Length, 3];
        for (int c = 0; c < codecs.Length; c++)
        {
            for (int f = 0; f < 3; f++)
            {
                figures[c, f] = [];
            }
        }

        for (int run = 0; run < runs; run++)
        {
            for (int c = 0; c < codecs.Length; c++)
            {
                (double ratio, double compressMbs, double decompressMbs) = Measure(codecs[c], input, blockSize, seconds);
                figures[c, 0].Add(ratio);
                figures[c, 1].Add(compressMbs);
                figures[c, 2].Add(decompressMbs);
            }
        }

        for (int c = 0; c < codecs.Length; c++)
        {
            Console.Out.WriteLine(new JsonLine()
                .Add("engine", codecs[c].Engine)
                .Add("workload", "codec")
                .Add("codec", codecs[c].Name)
                .Add("block_size", blockSize)
                .Add("runs", runs)
                .Add("ratio", Median(figures[c, 0]), 3)
                .Add("compress_mb_per_sec", Median(figures[c, 1]), 1)
                .Add("decompress_mb_per_sec", Median(figures[c, 2]), 1)
                .Add("compress_mb_per_sec_runs", string.Join(' ', figures[c, 1].Select(v => v.ToString("F0", CultureInfo.InvariantCulture))))
                .Add("decompress_mb_per_sec_runs", string.Join(' ', figures[c, 2].Select(v => v.ToString("F0", CultureInfo.InvariantCulture))))
                .ToString());
        }

        return 0;
    }

    /// <summary>One codec's ratio, compression and decompression throughput over the blocks, each for <paramref name="seconds"/>.</summary>
    private static (double Ratio, double CompressMbs, double DecompressMbs) Measure(Codec codec, byte[][] input, int blockSize, double seconds)
    {
        int blocks = input.Length;
        byte[][] compressed = new byte[blocks][];
        long inputBytes = 0;
        long compressedBytes = 0;
        byte[] scratch = new byte[Lz4Block.MaxCompressedLength(blockSize)];
        byte[] output = new byte[blockSize];
        for (int b = 0; b < blocks; b++)
        {
            int length = codec.Compress(input[b], scratch);
            compressed[b] = scratch.AsSpan(0, length).ToArray();
            if (codec.Decompress(compressed[b], output) != blockSize || !output.AsSpan().SequenceEqual(input[b]))
            {
                throw new InvalidOperationException($"{codec.Name} does not reproduce block {b}");
            }

            inputBytes += blockSize;
            compressedBytes += length;
        }

        double compressMbs = Throughput(seconds, blockSize, b => codec.Compress(input[b % blocks], scratch));
        double decompressMbs = Throughput(seconds, blockSize, b => codec.Decompress(compressed[b % blocks], output));
        return ((double)inputBytes / compressedBytes, compressMbs, decompressMbs);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Megabytes of input per second that <paramref name="body"/> processes, block after block.</summary>
    private static double Throughput(double seconds, int blockSize, Func<int, int> body)
    {
        long blocks = 0;
        long sink = 0;
        Stopwatch clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 256; i++)
            {
                sink += body((int)blocks++);
            }
        }

        GC.KeepAlive(sink);
        return blocks * (double)blockSize / clock.Elapsed.TotalSeconds / 1e6;
    }

    private delegate int CodecCall(ReadOnlySpan<byte> source, Span<byte> target);

    /// <summary>One codec under measurement: its name in the JSON line and its two block calls.</summary>
    private sealed record Codec(string Engine, string Name, CodecCall Compress, CodecCall Decompress);

    private static long Flag(string[] args, string name, long fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
