using Engine.Fuzz.Metamorphic;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Fuzz.Metamorphic;

/// <summary>The generator's logs are reproducible, valid and use every kind of operation; the validator's rules hold.</summary>
[Trait("Category", "Unit")]
public sealed class MetamorphicGeneratorTests(ITestOutputHelper output)
{
    [Fact]
    public void Generate_SameSeed_SameLog()
    {
        int seed = TestSeed.Get(output, nameof(Generate_SameSeed_SameLog));

        Assert.Equal(new MetamorphicGenerator(seed).Generate(2000).Ops, new MetamorphicGenerator(seed).Generate(2000).Ops);
        Assert.NotEqual(new MetamorphicGenerator(seed).Generate(2000).Ops, new MetamorphicGenerator(seed + 1).Generate(2000).Ops);
    }

    [Fact]
    public void Generate_FewSeeds_ValidLogsUsingEveryKindHeavyOnIteratorsSnapshotsAndBatches()
    {
        int seed = TestSeed.Get(output, nameof(Generate_FewSeeds_ValidLogsUsingEveryKindHeavyOnIteratorsSnapshotsAndBatches));
        Dictionary<OpKind, int> counts = [];
        int total = 0;
        for (int i = 0; i < 5; i++)
        {
            OpLog log = new MetamorphicGenerator(seed + i).Generate(3000);
            OpLogValidator.Validate(log.Ops);
            Assert.InRange(log.Ops.Count, 3000, 3100);
            foreach (MetamorphicOp op in log.Ops)
            {
                counts[op.Kind] = counts.GetValueOrDefault(op.Kind) + 1;
                total++;
            }
        }

        output.WriteLine(string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{OpNames.Of(c.Key)} {c.Value}")));
        Assert.Equal(Enum.GetValues<OpKind>().Length, counts.Count);
        int iterators = counts.Where(c => c.Key.ToString().StartsWith("Iter", StringComparison.Ordinal)).Sum(c => c.Value);
        int snapshots = counts.Where(c => c.Key.ToString().StartsWith("Snapshot", StringComparison.Ordinal)).Sum(c => c.Value);
        int batches = counts.Where(c => c.Key.ToString().StartsWith("Batch", StringComparison.Ordinal)).Sum(c => c.Value);
        Assert.True(iterators > total / 4, $"{iterators} iterator operations of {total}");
        Assert.True(snapshots > total / 20, $"{snapshots} snapshot operations of {total}");
        Assert.True(batches > total / 10, $"{batches} batch operations of {total}");
    }

    [Fact]
    public void Generate_Crashes_FollowASyncedWrite()
    {
        int seed = TestSeed.Get(output, nameof(Generate_Crashes_FollowASyncedWrite));
        OpLog log = new MetamorphicGenerator(seed).Generate(10_000);
        int crashes = 0;
        for (int i = 0; i < log.Ops.Count; i++)
        {
            if (log.Ops[i].Kind != OpKind.Crash)
            {
                continue;
            }

            crashes++;
            int last = i - 1;
            while (last >= 0 && !(log.Ops[last].Kind is OpKind.Reopen or OpKind.Crash) && !WritesSomething(log.Ops, last))
            {
                last--;
            }

            Assert.True(last < 0 || log.Ops[last].Kind is OpKind.Reopen or OpKind.Crash || log.Ops[last].Durability == Durability.Synced, $"op {i}: {log.Ops[last]}");
        }

        Assert.True(crashes > 0);
    }

    [Theory]
    [InlineData("iter.next it1", 0, "no such iterator")]
    [InlineData("iter.new it1\niter.new it1", 1, "open already")]
    [InlineData("snap.new s1\nsnap.close s1\nsnap.get s1 k", 2, "no such snapshot")]
    [InlineData("scan snap=s4", 0, "no such snapshot")]
    [InlineData("batch.put b1 k v1.1", 0, "no such batch")]
    [InlineData("batch.new b1\nbatch.commit b1\nbatch.commit b1", 2, "no such batch")]
    [InlineData("checkpoint.open c1", 0, "no such checkpoint")]
    [InlineData("checkpoint c1\ncheckpoint c1", 1, "exists already")]
    [InlineData("iter.new it1\nreopen", 1, "open")]
    [InlineData("snap.new s1\ncrash 5", 1, "open")]
    [InlineData("put k v1.1\ncrash 5", 1, "synced")]
    [InlineData("put k v1.1 synced\ndelete k buffered\ncrash 5", 2, "synced")]
    [InlineData("put k v1.1\nbatch.new b1\nbatch.commit b1 synced\ncrash 5", 3, "synced")]
    [InlineData("delete-range k2 k2", 0, "start is not below")]
    [InlineData("batch.new b1\nbatch.delete-range b1 k3 k2", 1, "start is not below")]
    [InlineData("compact k3 k2", 0, "start is not below")]
    public void Validate_BrokenRule_ThrowsInvalidArgumentNamingTheOperation(string text, int opIndex, string reason)
    {
        OpLog log = OpLogReader.Read(text, "rules.ops");

        StorageException ex = Assert.Throws<StorageException>(() => OpLogValidator.Validate(log.Ops));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Contains($"op {opIndex} ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("put k v1.1 buffered\nput j v1.2 synced\ncrash 5")]
    [InlineData("put k v1.1\nreopen\ncrash 5")]
    [InlineData("put k v1.1\nbatch.new b1\nbatch.put b1 j v1.1\nbatch.commit b1 synced\ncrash 5\ncrash 6")]
    [InlineData("compact k2 k2\ncompact * k1\ndelete-range k1 k2")]
    public void Validate_LogKeepingTheRules_Passes(string text)
    {
        OpLogValidator.Validate(OpLogReader.Read(text, "rules.ops").Ops);
    }

    private static bool WritesSomething(IReadOnlyList<MetamorphicOp> ops, int index)
    {
        MetamorphicOp op = ops[index];
        if (op.Kind != OpKind.BatchCommit)
        {
            return op.IsWrite;
        }

        for (int i = index - 1; ops[i].Kind != OpKind.BatchNew || ops[i].Handle != op.Handle; i--)
        {
            if (ops[i].Handle == op.Handle && ops[i].Kind is OpKind.BatchPut or OpKind.BatchDelete or OpKind.BatchDeleteRange)
            {
                return true;
            }
        }

        return false;
    }
}
