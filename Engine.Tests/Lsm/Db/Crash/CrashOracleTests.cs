using System.Text;
using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>The crash oracle itself: it accepts every prefix that keeps what must survive and nothing else.</summary>
[Trait("Category", "Unit")]
public sealed class CrashOracleTests
{
    // Epoch 1 captures were taken after batches acknowledged in epoch 0.
    private static readonly CommittedBatch[] s_batches =
    [
        new(1, [Put("a", "1"), Put("b", "1")], Durability.Buffered, 0),
        new(3, [Put("a", "2")], Durability.Synced, 0),
        new(4, [new CrashOp(CrashOpKind.DeleteRange, "a", End: "b")], Durability.Flushed, 0),
        new(5, [new CrashOp(CrashOpKind.Delete, "b"), Put("c", "3")], Durability.Buffered, 0),
        new(7, [Put("d", "4")], Durability.Synced, 1),
    ];

    [Fact]
    public void Check_AcceptsEveryPrefixThatKeepsTheSyncedWrites()
    {
        Assert.Equal(2, CrashOracle.Check(s_batches, State(("a", "2"), ("b", "1")), epoch: 1, processCrash: false));
        Assert.Equal(3, CrashOracle.Check(s_batches, State(("b", "1")), epoch: 1, processCrash: false));
        Assert.Equal(4, CrashOracle.Check(s_batches, State(("c", "3")), epoch: 1, processCrash: false));
        Assert.Equal(5, CrashOracle.Check(s_batches, State(("c", "3"), ("d", "4")), epoch: 1, processCrash: false));
    }

    [Fact]
    public void Check_RejectsALostSyncedWrite_AHole_AHalfBatch_AndInventedData()
    {
        // Lost: the synced batch 3 is missing.
        Assert.Throws<Xunit.Sdk.XunitException>(() => CrashOracle.Check(s_batches, State(("a", "1"), ("b", "1")), 1, false));
        // Hole: batch 7 kept while batch 5 is missing.
        Assert.Throws<Xunit.Sdk.XunitException>(() => CrashOracle.Check(s_batches, State(("b", "1"), ("d", "4")), 1, false));
        // Half batch: batch 5 deleted b but did not put c (the empty prefix would match, but it lacks synced batch 3).
        Assert.Throws<Xunit.Sdk.XunitException>(() => CrashOracle.Check(s_batches, [], 1, false));
        // Invented value.
        Assert.Throws<Xunit.Sdk.XunitException>(() => CrashOracle.Check(s_batches, State(("a", "9"), ("b", "1")), 1, false));
        // Resurrected delete: a came back after the range delete of the kept batch 5.
        Assert.Throws<Xunit.Sdk.XunitException>(() => CrashOracle.Check(s_batches, State(("a", "2"), ("c", "3")), 1, false));
    }

    [Fact]
    public void Check_AfterAProcessCrash_AlsoRequiresFlushedWrites()
    {
        // The state after batch 3 keeps every synced write, but a process crash must also keep the flushed batch 4.
        Assert.Equal(2, CrashOracle.Check(s_batches, State(("a", "2"), ("b", "1")), 1, processCrash: false));
        Assert.Throws<Xunit.Sdk.XunitException>(() => CrashOracle.Check(s_batches, State(("a", "2"), ("b", "1")), 1, processCrash: true));
    }

    [Fact]
    public void Check_AcknowledgedAfterTheCapture_IsNotRequired()
    {
        // Batch 7 was acknowledged in epoch 1: a capture of epoch 1 may miss it, one of epoch 2 may not.
        Assert.Equal(4, CrashOracle.Check(s_batches, State(("c", "3")), epoch: 1, processCrash: false));
        Assert.Throws<Xunit.Sdk.XunitException>(() => CrashOracle.Check(s_batches, State(("c", "3")), epoch: 2, processCrash: false));
    }

    private static CrashOp Put(string key, string value) => new(CrashOpKind.Put, key, Encoding.ASCII.GetBytes(value));

    private static Dictionary<string, byte[]> State(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => Encoding.ASCII.GetBytes(p.Value), StringComparer.Ordinal);
}
