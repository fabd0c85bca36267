using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using Engine.Lsm.Keys;
using Engine.Lsm.Memtables;
using Xunit.Abstractions;
using LsmMemtable = Engine.Lsm.Memtables.Memtable;

namespace Engine.Tests.Lsm.Memtables;

/// <summary>
/// One writer inserts while readers iterate and look up: readers must only ever see complete entries in
/// sorted order. Every value is derived from its key, so a torn or misplaced entry shows up.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class MemtableConcurrencyTests(ITestOutputHelper output)
{
    private const int KeySize = 8;
    private const int MaxEntries = 100_000;
    private static readonly TimeSpan s_writerBudget = TimeSpan.FromMilliseconds(400);

    [Fact]
    public void OneWriterTwoReaders_ReadersSeeSortedCompleteEntries()
    {
        int seed = TestSeed.Pick(output);
        LsmMemtable memtable = new(64 << 20, (ulong)seed);
        ConcurrentQueue<Exception> failures = [];
        int published = -1;
        int writerDone = 0;

        Thread[] readers = new Thread[2];
        long[] scans = new long[readers.Length];
        for (int r = 0; r < readers.Length; r++)
        {
            int id = r;
            readers[r] = new Thread(() =>
            {
                try
                {
                    Random rng = new(seed + id + 1);
                    while (Volatile.Read(ref writerDone) == 0 && failures.IsEmpty)
                    {
                        ReadOnce(rng, memtable, Volatile.Read(ref published));
                        scans[id]++;
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            });
            readers[r].Start();
        }

        int written = Write(seed, memtable, ref published, failures);
        Volatile.Write(ref writerDone, 1);
        foreach (Thread reader in readers)
        {
            reader.Join();
        }

        output.WriteLine($"wrote {written} entries; reader passes: {string.Join(", ", scans)}");
        Assert.Empty(failures);
        Assert.Equal(written, memtable.Count);
        Assert.Equal(written, ScanForward(memtable.NewPointIterator(), new byte[64]));
        Assert.Equal(written, ScanBackward(memtable.NewPointIterator(), new byte[64]));
    }

    // Ascending keys first (the splice fast path), then random ones (full searches). Returns the count.
    private static int Write(int seed, LsmMemtable memtable, ref int published, ConcurrentQueue<Exception> failures)
    {
        Random rng = new(seed);
        byte[] key = new byte[KeySize];
        byte[] value = new byte[32];
        Stopwatch clock = Stopwatch.StartNew();
        int i = 0;
        for (; i < MaxEntries && clock.Elapsed < s_writerBudget && failures.IsEmpty; i++)
        {
            ulong k = i < MaxEntries / 2 ? (ulong)i : (ulong)rng.NextInt64();
            BinaryPrimitives.WriteUInt64BigEndian(key, k);
            int length = ValueFor(key, value);
            if (!memtable.TryAdd((ulong)i + 1, KeyKind.Set, key, value.AsSpan(0, length)))
            {
                break;
            }

            Volatile.Write(ref published, i);
        }

        return i;
    }

    private static void ReadOnce(Random rng, LsmMemtable memtable, int published)
    {
        SkipListIterator it = memtable.NewPointIterator();
        byte[] previous = new byte[64];
        int countBefore = memtable.Count;
        switch (rng.Next(5))
        {
            case 0:
                // Entries are never removed: a scan sees at least what was published before it began.
                Assert.True(ScanForward(it, previous) >= countBefore);
                break;
            case 1:
                Assert.True(ScanBackward(it, previous) >= countBefore);
                break;
            case 2:
                WalkAround(rng, it);
                break;
            case 3:
                ChaseTail(it);
                break;
            default:
                LookUpPublished(rng, memtable, published);
                break;
        }
    }

    private static int ScanForward(SkipListIterator it, byte[] previous)
    {
        int seen = 0;
        int previousLength = -1;
        for (bool ok = it.First(); ok; ok = it.Next())
        {
            CheckEntry(it);
            if (previousLength >= 0)
            {
                Assert.True(InternalKey.Compare(previous.AsSpan(0, previousLength), it.Key) < 0, "forward scan out of order");
            }

            it.Key.CopyTo(previous);
            previousLength = it.Key.Length;
            seen++;
        }

        return seen;
    }

    private static int ScanBackward(SkipListIterator it, byte[] previous)
    {
        int seen = 0;
        int previousLength = -1;
        for (bool ok = it.Last(); ok; ok = it.Prev())
        {
            CheckEntry(it);
            if (previousLength >= 0)
            {
                Assert.True(InternalKey.Compare(it.Key, previous.AsSpan(0, previousLength)) < 0, "backward scan out of order");
            }

            it.Key.CopyTo(previous);
            previousLength = it.Key.Length;
            seen++;
        }

        return seen;
    }

    // Seeks somewhere and zigzags: a step forward then back returns to the same entry, or to one the writer
    // inserted between the two meanwhile; never further back.
    private static void WalkAround(Random rng, SkipListIterator it)
    {
        byte[] target = new byte[KeySize];
        BinaryPrimitives.WriteUInt64BigEndian(target, rng.Next(2) == 0 ? (ulong)rng.Next(MaxEntries) : (ulong)rng.NextInt64());
        if (!it.SeekGE(target, SequenceNumber.MakeTrailer(SequenceNumber.Max, KeyKind.Max)))
        {
            return;
        }

        Assert.True(it.UserKey.SequenceCompareTo(target) >= 0);
        for (int step = 0; step < 50 && it.Valid; step++)
        {
            CheckEntry(it);
            byte[] here = it.Key.ToArray();
            if (it.Next())
            {
                CheckEntry(it);
                byte[] there = it.Key.ToArray();
                Assert.True(InternalKey.Compare(here, there) < 0);
                Assert.True(it.Prev());
                Assert.True(InternalKey.Compare(here, it.Key) <= 0, "prev went back too far");
                Assert.True(InternalKey.Compare(it.Key, there) < 0, "prev did not go back");
            }
            else
            {
                Assert.True(it.Last());
            }

            if (rng.Next(3) == 0)
            {
                it.Prev();
            }
            else
            {
                it.Next();
            }
        }
    }

    // While keys ascend, the last entry is the one being published: the likeliest place to see a torn node.
    private static void ChaseTail(SkipListIterator it)
    {
        for (int i = 0; i < 200; i++)
        {
            if (!it.Last())
            {
                continue;
            }

            CheckEntry(it);
            byte[] last = it.Key.ToArray();
            if (it.Prev())
            {
                CheckEntry(it);
                Assert.True(InternalKey.Compare(it.Key, last) < 0, "tail out of order");
            }
        }
    }

    // Ascending keys 0..published were all inserted before the writer published the index.
    private static void LookUpPublished(Random rng, LsmMemtable memtable, int published)
    {
        int limit = Math.Min(published, (MaxEntries / 2) - 1);
        if (limit < 0)
        {
            return;
        }

        byte[] key = new byte[KeySize];
        byte[] expected = new byte[32];
        for (int probe = 0; probe < 100; probe++)
        {
            int i = rng.Next(limit + 1);
            BinaryPrimitives.WriteUInt64BigEndian(key, (ulong)i);
            Assert.True(memtable.TryGetLatest(key, SequenceNumber.Max, out ulong trailer, out ReadOnlySpan<byte> value), $"key {i} missing");
            Assert.Equal((ulong)i + 1, SequenceNumber.SequenceOf(trailer));
            int length = ValueFor(key, expected);
            Assert.True(value.SequenceEqual(expected.AsSpan(0, length)), $"key {i} has a wrong value");
        }
    }

    private static void CheckEntry(SkipListIterator it)
    {
        Assert.Equal(KeySize + InternalKey.TrailerSize, it.Key.Length);
        Span<byte> expected = stackalloc byte[32];
        int length = ValueFor(it.UserKey, expected);
        Assert.True(it.Value.SequenceEqual(expected[..length]), "value does not match its key");
    }

    // 4 to 31 bytes, each a function of the key and its position.
    private static int ValueFor(ReadOnlySpan<byte> key, Span<byte> value)
    {
        ulong k = BinaryPrimitives.ReadUInt64BigEndian(key);
        int length = 4 + (int)(k % 28);
        for (int i = 0; i < length; i++)
        {
            value[i] = (byte)((k >> (8 * (i % 8))) ^ (ulong)(i * 37));
        }

        return length;
    }
}
