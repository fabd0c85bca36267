using Engine.Lsm.Options;
using Engine.Lsm.Wal;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Wal;

[Trait("Category", "Randomized")]
public sealed class LogRandomizedTests(ITestOutputHelper output)
{
    private const int Block = LogFormat.BlockSize;
    private const int Header = LogFormat.HeaderSize;

    private enum Damage
    {
        None,
        Truncate,
        OneBitFlip,
        ManyFlips,
        GarbageTail,
        ZeroTail,
        AppendedGarbage,
    }

    [Fact]
    public void ReadBack_AfterRandomDamage_OnlyReturnsWrittenRecordsAndClassifiesDamage()
    {
        TestSeed.Run(output, nameof(ReadBack_AfterRandomDamage_OnlyReturnsWrittenRecordsAndClassifiesDamage), 300, RunOne);
    }

    private static void RunOne(int seed)
    {
        Random rng = new(seed);
        (byte[] log, List<WrittenRecord> written) = WriteRandomLog(rng);
        List<ParsedChunk> chunks = LogTestData.ParseChunks(log);
        Damage damage = (Damage)rng.Next(Enum.GetValues<Damage>().Length);
        byte[] damaged = (byte[])log.Clone();
        int position = damaged.Length == 0 ? 0 : rng.Next(damaged.Length);
        int bit = rng.Next(8);
        switch (damage)
        {
            case Damage.Truncate:
                damaged = damaged[..position];
                break;
            case Damage.OneBitFlip:
            case Damage.ManyFlips:
                if (damaged.Length == 0)
                {
                    break;
                }

                damaged[position] ^= (byte)(1 << bit);
                for (int i = damage == Damage.ManyFlips ? rng.Next(1, 6) : 0; i > 0; i--)
                {
                    damaged[rng.Next(damaged.Length)] ^= (byte)(1 << rng.Next(8));
                }

                if (damage == Damage.ManyFlips && rng.Next(2) == 0)
                {
                    damaged = damaged[..rng.Next(damaged.Length + 1)];
                }

                break;
            case Damage.GarbageTail:
                rng.NextBytes(damaged.AsSpan(position));
                break;
            case Damage.ZeroTail:
                damaged.AsSpan(position).Clear();
                break;
            case Damage.AppendedGarbage:
                byte[] garbage = new byte[rng.Next(1, 2 * Block)];
                rng.NextBytes(garbage);
                damaged = [.. damaged, .. garbage];
                position = log.Length;
                break;
        }

        if (damage is Damage.GarbageTail or Damage.ZeroTail)
        {
            // Zeros over zeros (or a random byte equal to the old one) change nothing: damage starts at the first change.
            int changed = damaged.AsSpan(position).CommonPrefixLength(log.AsSpan(position));
            position += changed;
        }

        LogReadResult? tolerant = null;
        CorruptionException? corruption = null;
        try
        {
            tolerant = LogTestData.ReadAll(damaged);
        }
        catch (CorruptionException ex)
        {
            corruption = ex;
        }

        LogReadResult skipping = LogTestData.ReadAll(damaged, WalRecoveryMode.SkipCorrupted);

        // Whatever the damage: nothing invented, a prefix when tolerant, a subsequence when skipping.
        if (tolerant is not null)
        {
            AssertSubsequence(written, tolerant.Records, prefix: true);
        }

        AssertSubsequence(written, skipping.Records, prefix: false);

        switch (damage)
        {
            case Damage.None:
                Assert.Null(corruption);
                Assert.Equal(written.Count, tolerant!.Records.Count);
                Assert.Null(tolerant.TornTailOffset);
                Assert.Equal(written.Count, skipping.Records.Count);
                break;
            case Damage.Truncate:
            case Damage.GarbageTail:
            case Damage.ZeroTail:
            case Damage.AppendedGarbage:
                // Everything from `position` on is gone or garbled, so no later chunk vouches for anything: a torn tail.
                Assert.Null(corruption);
                int intact = written.Count(r => r.End <= position);
                Assert.Equal(intact, tolerant!.Records.Count);
                Assert.Equal(intact, skipping.Records.Count);
                Assert.Equal(0, skipping.SkippedRecords);
                if (intact < written.Count && (damage != Damage.Truncate || position > written[intact].Offset))
                {
                    Assert.Equal(written[intact].Offset, tolerant.TornTailOffset);
                }
                else if (damage == Damage.Truncate)
                {
                    // Cut at a record boundary (or in the padding before one): a clean end.
                    Assert.Null(tolerant.TornTailOffset);
                }

                break;
            case Damage.OneBitFlip:
                AssertOneFlipClassified(written, chunks, position, corruption, tolerant, skipping);
                break;
        }
    }

    private static void AssertOneFlipClassified(
        List<WrittenRecord> written,
        List<ParsedChunk> chunks,
        int position,
        CorruptionException? corruption,
        LogReadResult? tolerant,
        LogReadResult skipping)
    {
        int chunkIndex = chunks.FindIndex(c => c.Offset <= position && position < c.Offset + Header + c.Length);
        if (chunkIndex < 0)
        {
            // Block-tail padding carries nothing.
            Assert.Null(corruption);
            Assert.Equal(written.Count, tolerant!.Records.Count);
            return;
        }

        ParsedChunk chunk = chunks[chunkIndex];
        int record = written.FindLastIndex(r => r.Offset <= chunk.Offset);
        long vouched = chunks.Skip(chunkIndex + 1).Select(c => c.SyncOffset).DefaultIfEmpty(0).Max();
        if (chunk.Offset < vouched)
        {
            Assert.NotNull(corruption);
            Assert.Equal(chunk.Offset, corruption.Offset);
            Assert.Equal(1, skipping.SkippedRecords);
            bool lengthFlipped = position - chunk.Offset is 4 or 5;
            if (!lengthFlipped)
            {
                Assert.Equal(written.Where((_, i) => i != record).Select(r => r.Offset), skipping.Records.Select(r => r.Offset));
            }
        }
        else
        {
            Assert.Null(corruption);
            Assert.Equal(record, tolerant!.Records.Count);
            Assert.Equal(written[record].Offset, tolerant.TornTailOffset);
            Assert.Equal(record, skipping.Records.Count);
        }
    }

    private static void AssertSubsequence(List<WrittenRecord> written, List<(long Offset, byte[] Data)> read, bool prefix)
    {
        int next = 0;
        foreach ((long offset, byte[] data) in read)
        {
            int index = written.FindIndex(next, r => r.Offset == offset);
            Assert.True(index >= 0, $"record at {offset} was never written (or is out of order)");
            Assert.True(!prefix || index == next, $"record at {offset} returned after a gap");
            Assert.Equal(written[index].Data, data);
            next = index + 1;
        }
    }

    private static (byte[] Log, List<WrittenRecord> Written) WriteRandomLog(Random rng)
    {
        InMemoryLogFile file = new();
        LogWriter writer = new(file, rng.Next(2) == 0 ? LogWriter.DefaultBufferSizeBytes : rng.Next(Header, 5000));
        List<WrittenRecord> written = [];
        int count = rng.Next(0, 30);
        for (int i = 0; i < count; i++)
        {
            int size = rng.Next(10) switch
            {
                < 4 => rng.Next(0, 100),
                < 7 => rng.Next(0, 2000),
                < 9 => rng.Next(Block - 50, Block + 50),
                _ => rng.Next(0, 100_000),
            };
            byte[] data = new byte[size];
            rng.NextBytes(data);
            long offset = writer.AddRecord(data);
            written.Add(new WrittenRecord(offset, data, writer.Length));
            switch (rng.Next(8))
            {
                case 0:
                    writer.Sync();
                    break;
                case 1:
                    writer.Flush();
                    break;
            }
        }

        if (rng.Next(3) == 0)
        {
            writer.Close();
            ParsedChunk trailer = LogTestData.ParseChunks(file.Bytes)[^1];
            written.Add(new WrittenRecord(trailer.Offset, [], file.Length));
        }
        else
        {
            writer.Flush();
            writer.Dispose();
        }

        return (file.ToArray(), written);
    }

    private sealed record WrittenRecord(long Offset, byte[] Data, long End);
}
