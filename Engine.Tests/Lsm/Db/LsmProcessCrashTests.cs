using System.Diagnostics;
using System.Globalization;
using Engine.Bench.Crash;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// Real process crashes: a child process (<c>Engine.Bench crash-writer</c>) writes Synced keys 0, 1, 2, … to a store on
/// the local disk and reports each acknowledgement; the test kills it with SIGKILL at a random moment, reopens the
/// store and checks the oracle: every acknowledged key is there with its value, and the keys present are exactly
/// 0..k — no hole, nothing invented. The next round runs the child again on the recovered store from one past its
/// highest key, so every kill lands on new writes and a recovered store is crashed again. 20 kills in CI; 1,000 with
/// <c>ENGINE_SOAK=1</c>.
/// </summary>
[Trait("Category", "Disk")]
public sealed class LsmProcessCrashTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Randomized")]
    public void Sigkill_AtRandomMoments_LosesNoAcknowledgedWriteAndInventsNone()
    {
        int kills = Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1" ? 1000 : 20;
        int seed = TestSeed.Get(output, nameof(Sigkill_AtRandomMoments_LosesNoAcknowledgedWriteAndInventsNone));
        Random random = new(seed);
        using TempDirectory directory = new("crash");
        string store = directory.Combine("store");
        long highestAcknowledged = -1;
        for (int kill = 0; kill < kills; kill++)
        {
            long acknowledged = RunChildAndKill(store, random.Next(20, 400));
            highestAcknowledged = Math.Max(highestAcknowledged, acknowledged);
            long present = CheckPrefix(store, highestAcknowledged, kill);
            output.WriteLine($"kill {kill}: last acknowledged {acknowledged}, store holds 0..{present}");

            // The next child starts one past the highest key present, so the prefix grows with every round.
            highestAcknowledged = Math.Max(highestAcknowledged, present);
        }
    }

    /// <summary>Starts the child, waits for its first acknowledgement, lets it run, kills it; returns the last ack.</summary>
    private static long RunChildAndKill(string store, int runMilliseconds)
    {
        string bench = Path.Combine(AppContext.BaseDirectory, "Engine.Bench.dll");
        string dotnet = Environment.ProcessPath is string host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        ProcessStartInfo start = new(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(bench);
        start.ArgumentList.Add("crash-writer");
        start.ArgumentList.Add(store);
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("the child did not start");
        long last = -1;
        object gate = new();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is string line && long.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
            {
                lock (gate)
                {
                    last = Math.Max(last, n);
                }
            }
        };
        child.BeginOutputReadLine();
        Stopwatch clock = Stopwatch.StartNew();
        while (Volatile.Read(ref last) < 0 && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(5);
        }

        if (child.HasExited)
        {
            Assert.Fail("the child exited by itself: " + child.StandardError.ReadToEnd());
        }

        Assert.True(Volatile.Read(ref last) >= 0, "the child acknowledged nothing within a minute");
        Thread.Sleep(runMilliseconds);
        child.Kill(entireProcessTree: true);
        child.WaitForExit();
        lock (gate)
        {
            // Lines read after the kill were acknowledged before it: the child printed them.
            return last;
        }
    }

    /// <summary>Reopens the store and checks that it holds exactly keys 0..k with k ≥ the last acknowledged; returns k.</summary>
    private static long CheckPrefix(string store, long acknowledged, int kill)
    {
        using LsmDatabase db = LsmDatabase.Open(store, CrashWriterCommand.StoreOptions);
        using DbIterator it = db.NewIterator(new IteratorOptions());
        long expected = 0;
        for (it.First(); it.Valid; it.Next())
        {
            Assert.True(CrashWriterCommand.Key(expected).AsSpan().SequenceEqual(it.Key), $"kill {kill}: hole or stray key at position {expected}");
            Assert.True(CrashWriterCommand.Value(expected).AsSpan().SequenceEqual(it.Value), $"kill {kill}: wrong value for key {expected}");
            expected++;
        }

        Assert.True(expected - 1 >= acknowledged, $"kill {kill}: acknowledged up to {acknowledged} but the store holds 0..{expected - 1}");
        return expected - 1;
    }
}
