using System.Text;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>
/// Crashes during an ingest, on <see cref="MemFileSystem.CrashClone(CrashOptions)"/>: before each file operation the
/// ingest makes in turn (the flush of the memtable it overlaps, each table's writes and syncs, the manifest edit) and
/// after it returns. The oracle: after recovery the run is there whole or not at all, never in part; once the ingest
/// returned it is there; every write acknowledged as synced before it survives; the store verifies clean.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class LsmIngestCrashTests(ITestOutputHelper output)
{
    private const int RunLength = 1500;
    private static readonly LsmOptions s_options = new() { TargetFileSizeBytes = 4096, BlockSizeBytes = 512, CheckInvariantsAfterVersionChange = true };

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string RunKey(int i) => $"k{i:D6}";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CrashBeforeEveryFileOperationOfAnIngest_RecoversAllOfTheRunOrNone(bool olderKeyInRange)
    {
        TestSeed.Run(output, nameof(CrashBeforeEveryFileOperationOfAnIngest_RecoversAllOfTheRunOrNone), 1, seed =>
        {
            int points = 0;
            int withRun = 0;
            for (long target = 1; ; target++)
            {
                (MemFileSystem? crashed, bool returned) = RunAndCapture(target, CrashOptions.Random(seed + (int)target), olderKeyInRange);
                if (crashed is null)
                {
                    break;
                }

                bool hasRun = CheckRecovered(crashed, returned, olderKeyInRange, $"seed {seed}, crash before operation {target} of the ingest");
                withRun += hasRun ? 1 : 0;
                points++;
            }

            output.WriteLine($"seed {seed}: {points} crash points, the run recovered whole at {withRun}, absent at {points - withRun}");
            Assert.True(points > 20, $"only {points} crash points");
            Assert.True(withRun > 0 && withRun < points, "crashes should fall both before and after the manifest edit");
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CrashAfterTheIngestReturned_KeepsTheWholeRun(bool keepUnsynced)
    {
        CrashKeep keep = keepUnsynced ? CrashKeep.All : CrashKeep.None;
        (MemFileSystem? crashed, bool returned) = RunAndCapture(long.MaxValue, new CrashOptions { Keep = keep }, olderKeyInRange: true);
        Assert.True(returned);
        Assert.True(CheckRecovered(crashed!, returned, olderKeyInRange: true, $"crash after the ingest ({keep})"));
    }

    /// <summary>
    /// Opens a store, writes synced keys outside the run's range and optionally one inside it (then the ingest flushes
    /// first and the run goes to L0; otherwise to L6), then
    /// ingests, capturing a crash before the ingest's <paramref name="target"/>-th file operation (or after it
    /// returned when it makes fewer). Null when the target lies past the ingest's operations and is not the
    /// after-the-fact capture.
    /// </summary>
    private static (MemFileSystem? Crashed, bool Returned) RunAndCapture(long target, CrashOptions crash, bool olderKeyInRange)
    {
        MemFileSystem fs = new();
        FaultInjectingFileSystem faulty = new(fs);
        using LsmDatabase db = LsmDatabase.Open(faulty, "/db", s_options);
        for (int i = 0; i < 20; i++)
        {
            db.Put(B($"s{i:D3}"), B($"synced{i}"), WriteOptions.Synced);
        }

        if (olderKeyInRange)
        {
            db.Put(B(RunKey(700)), B("old"), WriteOptions.Synced);
        }
        MemFileSystem? captured = null;
        long seen = 0;
        faulty.BeforeOperation = (_, _) =>
        {
            if (Interlocked.Increment(ref seen) == target)
            {
                captured = fs.CrashClone(crash);
            }
        };

        db.Ingest(new ListEntrySource([.. Enumerable.Range(0, RunLength).Select(i => (B(RunKey(i)), i % 7 == 3 ? null : (byte[]?)B($"ingested{i}")))]));
        faulty.BeforeOperation = null;
        if (captured is not null)
        {
            return (captured, false);
        }

        return target == long.MaxValue ? (fs.CrashClone(crash), true) : (null, true);
    }

    /// <summary>Recovers <paramref name="crashed"/> and checks the oracle; true when the run is there.</summary>
    private static bool CheckRecovered(MemFileSystem crashed, bool returned, bool olderKeyInRange, string what)
    {
        Dictionary<string, byte[]> recovered = CrashRecovery.Recover(crashed, s_options, verify: true);
        for (int i = 0; i < 20; i++)
        {
            Assert.True(recovered.TryGetValue($"s{i:D3}", out byte[]? value) && value.AsSpan().SequenceEqual(B($"synced{i}")), $"{what}: synced write s{i:D3} lost");
        }

        int present = Enumerable.Range(0, RunLength)
            .Count(i => recovered.TryGetValue(RunKey(i), out byte[]? value) && value.AsSpan().SequenceEqual(B($"ingested{i}")));
        int puts = Enumerable.Range(0, RunLength).Count(i => i % 7 != 3);
        bool hasRun = present == puts;
        Assert.True(hasRun || present == 0, $"{what}: {present} of the run's {puts} puts recovered: part of a run");

        // The one older key inside the range tells the two apart too: shadowed by the run, or there as written.
        string? older = recovered.TryGetValue(RunKey(700), out byte[]? old) ? Encoding.ASCII.GetString(old) : null;
        Assert.Equal(hasRun ? "ingested700" : olderKeyInRange ? "old" : null, older);
        Assert.True(hasRun || !returned, $"{what}: the ingest returned but its run is gone");
        Assert.Equal(20 + (hasRun ? puts : olderKeyInRange ? 1 : 0), recovered.Count);
        return hasRun;
    }
}
