using System.Diagnostics;
using System.Globalization;
using Engine.Bench.Kv;
using Engine.Core.Compression;

namespace Engine.Bench.Codec;

/// <summary>
/// The <c>codec</c> verb: the LZ4 block codec's compression ratio and throughput on table-like blocks (the kv
/// driver's keys and values, as a data block lays them out), one JSON line per run.
/// </summary>
/// <remarks>
/// Blocks of <c>--block-size</c> bytes (4096, the store's default) are compressed and decompressed one by one for
/// <c>--seconds</c> each way; ratio is input bytes over compressed bytes. Stateless.
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

        byte[][] compressed = new byte[Blocks][];
        long inputBytes = 0;
        long compressedBytes = 0;
        byte[] scratch = new byte[Lz4Block.MaxCompressedLength(blockSize)];
        for (int b = 0; b < Blocks; b++)
        {
            int length = Lz4Block.Compress(input[b], scratch);
            compressed[b] = scratch.AsSpan(0, length).ToArray();
            inputBytes += blockSize;
            compressedBytes += length;
        }

        double compressMbs = Throughput(seconds, blockSize, b => Lz4Block.Compress(input[b % Blocks], scratch));
        byte[] output = new byte[blockSize];
        double decompressMbs = Throughput(seconds, blockSize, b => Lz4Block.Decompress(compressed[b % Blocks], output));
        Console.Out.WriteLine(new JsonLine()
            .Add("engine", "ours")
            .Add("workload", "codec")
            .Add("codec", "lz4-block")
            .Add("block_size", blockSize)
            .Add("ratio", (double)inputBytes / compressedBytes, 3)
            .Add("compress_mb_per_sec", compressMbs, 1)
            .Add("decompress_mb_per_sec", decompressMbs, 1)
            .ToString());
        return 0;
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

    private static long Flag(string[] args, string name, long fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
