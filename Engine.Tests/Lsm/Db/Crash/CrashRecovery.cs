using System.Text;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>
/// Recovers captured crashes and holds them to the <see cref="CrashOracle"/>; optionally crashes again in the middle
/// of the recovery and recovers that too. Stateless; thread-safe.
/// </summary>
internal static class CrashRecovery
{
    private const string Directory = "/db";

    /// <summary>Opens the store on <paramref name="fs"/> and reads every key; optionally verifies every table.</summary>
    public static Dictionary<string, byte[]> Recover(IFileSystem fs, LsmOptions options, bool verify)
    {
        Dictionary<string, byte[]> recovered = new(StringComparer.Ordinal);
        using LsmDatabase db = LsmDatabase.Open(fs, Directory, options);
        using (DbIterator it = db.NewIterator())
        {
            for (it.First(); it.Valid; it.Next())
            {
                recovered.Add(Encoding.ASCII.GetString(it.Key), it.Value.ToArray());
            }
        }

        if (verify)
        {
            Engine.Api.VerifyReport report = db.Verify();
            if (!report.IsHealthy)
            {
                throw new Xunit.Sdk.XunitException($"Verify after recovery: {string.Join("; ", report.Problems)}");
            }
        }

        return recovered;
    }

    /// <summary>
    /// Recovers <paramref name="capture"/> (consuming its files) and checks the oracle; with
    /// <paramref name="crashDuringRecovery"/>, also captures a crash just before a random file operation of that
    /// recovery and recovers it. Returns the number of recoveries checked.
    /// </summary>
    public static int Check(CrashCapture capture, IReadOnlyList<CommittedBatch> committed, LsmOptions options, Random random, bool crashDuringRecovery)
    {
        FaultInjectingFileSystem fs = new(capture.Files);
        CrashCapture? second = null;
        if (crashDuringRecovery)
        {
            long target = random.Next(1, 40);
            long seen = 0;
            CrashOptions crash = CrashWorkload.DrawCrash(random);
            fs.BeforeOperation = (kind, path) =>
            {
                if (Interlocked.Increment(ref seen) == target)
                {
                    second = new CrashCapture(capture.Files.CrashClone(crash), capture.Epoch, crash, target, $"recovery: {kind} {path}");
                }
            };
        }

        bool verify = random.Next(8) == 0;
        CheckOne(capture.ToString(), capture, () => Recover(fs, options, verify), committed);
        if (second is null)
        {
            return 1;
        }

        // Every file the recovery started from was durable, so the second crash owes what the first one did.
        CheckOne($"{capture}, then {second}", capture, () => Recover(second.Files, options, verify), committed);
        return 2;
    }

    private static void CheckOne(string what, CrashCapture capture, Func<Dictionary<string, byte[]>> recover, IReadOnlyList<CommittedBatch> committed)
    {
        try
        {
            CrashOracle.Check(committed, recover(), capture.Epoch, capture.IsProcessCrash);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{what}: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }
}
