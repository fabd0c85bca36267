using System.Buffers.Binary;

namespace Engine.Bench.Micro;

/// <summary>Keys and values shaped like the KV driver's: 16-byte keys, 100-byte values. Immutable; thread-safe.</summary>
internal static class MicroKeys
{
    public const int Count = 100_000;

    public const int ValueSize = 100;

    /// <summary>Key <paramref name="i"/>: "k" and 15 zero-padded decimal digits, so byte order is numeric order.</summary>
    public static byte[] Key(long i) => System.Text.Encoding.ASCII.GetBytes($"k{i:D15}");

    public static byte[][] Keys(int count) => [.. Enumerable.Range(0, count).Select(i => Key(i))];

    /// <summary>A random permutation of 0..count-1, so lookups miss the CPU cache as a real workload does.</summary>
    public static int[] Shuffled(int count, int seed)
    {
        int[] order = [.. Enumerable.Range(0, count)];
        new Random(seed).Shuffle(order);
        return order;
    }

    public static byte[] Value(int seed)
    {
        byte[] value = new byte[ValueSize];
        new Random(seed).NextBytes(value);
        BinaryPrimitives.WriteInt32LittleEndian(value, seed);
        return value;
    }
}
