namespace Engine.Tests.Core.Compression;

/// <summary>Inputs for the LZ4 tests: random, text-like, all zeros and "50% compressible" bytes.</summary>
/// <remarks>Stateless; thread-safe (each call uses the <see cref="Random"/> it is given).</remarks>
internal static class Lz4TestData
{
    private static readonly string[] s_words =
    [
        "the", "key", "value", "block", "table", "level", "merge", "flush", "write", "read", "snapshot", "sequence",
        "number", "compaction", "filter", "index", "iterator", "memtable", "manifest", "version", "storage", "engine",
    ];

    public static byte[] RandomBytes(Random random, int length)
    {
        byte[] data = new byte[length];
        random.NextBytes(data);
        return data;
    }

    /// <summary>Words from a small vocabulary with spaces and line breaks: many short matches.</summary>
    public static byte[] Text(Random random, int length)
    {
        System.Text.StringBuilder text = new(length + 16);
        while (text.Length < length)
        {
            text.Append(s_words[random.Next(s_words.Length)]);
            text.Append(random.Next(12) == 0 ? ".\n" : " ");
        }

        return System.Text.Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    /// <summary>The db_bench-like mix: random 50-byte chunks, each written twice in a row.</summary>
    public static byte[] HalfCompressible(Random random, int length)
    {
        byte[] data = new byte[length];
        byte[] chunk = new byte[50];
        int position = 0;
        while (position < length)
        {
            random.NextBytes(chunk);
            for (int copy = 0; copy < 2 && position < length; copy++)
            {
                int count = Math.Min(chunk.Length, length - position);
                chunk.AsSpan(0, count).CopyTo(data.AsSpan(position));
                position += count;
            }
        }

        return data;
    }

    /// <summary>Text, random and repeated stretches mixed, so that blocks hold every kind of sequence.</summary>
    public static byte[] Mixed(Random random, int length)
    {
        byte[] data = new byte[length];
        int position = 0;
        while (position < length)
        {
            int count = Math.Min(random.Next(1, 300), length - position);
            Span<byte> target = data.AsSpan(position, count);
            switch (random.Next(4))
            {
                case 0:
                    random.NextBytes(target);
                    break;
                case 1:
                    Text(random, count).CopyTo(target);
                    break;
                case 2:
                    target.Fill((byte)random.Next(256));
                    break;
                default:
                    if (position > 0)
                    {
                        int distance = random.Next(1, Math.Min(position, 70_000) + 1);
                        for (int i = 0; i < count; i++)
                        {
                            data[position + i] = data[position + i - distance];
                        }
                    }

                    break;
            }

            position += count;
        }

        return data;
    }
}
