using System.Collections.Concurrent;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncLogStoreContractTests
{
    private const int Writers = 8;
    private const int PushesPerWriter = 15;
    private const int OpsPerPush = 3;

    [Fact]
    public async Task Concurrency_WritersOnOneWorkspace_WithInterleavedPulls_GetContiguousVersions_AndEveryOpIsPulledOnce()
    {
        string ws = NewWorkspace();
        await RunWritersAsync([ws]);
    }

    [Fact]
    public async Task Concurrency_WritersOnSeveralWorkspaces_WithInterleavedPulls_GetContiguousVersionsPerWorkspace()
    {
        await RunWritersAsync([NewWorkspace(), NewWorkspace(), NewWorkspace()]);
    }

    [Fact]
    public async Task Concurrency_TwoWorkspacesRacingOnOneOpId_ExactlyOneWins()
    {
        for (int round = 0; round < 40; round++)
        {
            string first = NewWorkspace();
            string second = NewWorkspace();
            PreparedOp op = Put("a", 1);
            using Barrier barrier = new(2);
            Task<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAfterBarrier(string ws) => Task.Run(async () =>
            {
                barrier.SignalAndWait();
                return await PushAsync(ws, op);
            });

            (IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)[] results = await Task.WhenAll(PushAfterBarrier(first), PushAfterBarrier(second));

            PreparedOpStatus[] statuses = results.Select(r => r.Outcomes.Single().Status).ToArray();
            Assert.Single(statuses, s => s == PreparedOpStatus.Applied);
            Assert.Single(statuses, s => s == PreparedOpStatus.Conflict);
            int logged = (await PullAsync(first)).Changes.Count + (await PullAsync(second)).Changes.Count;
            Assert.Equal(1, logged);
        }
    }

    [Fact]
    public async Task Concurrency_OneWorkspacePushingOneOpTwiceAtOnce_LogsItOnce_AndReplaysIt()
    {
        for (int round = 0; round < 20; round++)
        {
            string ws = NewWorkspace();
            PreparedOp op = Put("a", 1);
            using Barrier barrier = new(2);
            Task<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAfterBarrier() => Task.Run(async () =>
            {
                barrier.SignalAndWait();
                return await PushAsync(ws, op);
            });

            (IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)[] results = await Task.WhenAll(PushAfterBarrier(), PushAfterBarrier());

            PreparedOpOutcome[] outcomes = results.Select(r => r.Outcomes.Single()).ToArray();
            Assert.Single(outcomes, o => o.Status == PreparedOpStatus.Applied);
            Assert.Single(outcomes, o => o.Status == PreparedOpStatus.Replayed);
            Assert.All(outcomes, o => Assert.Equal(1, o.ServerVersion));
            Assert.Single((await PullAsync(ws)).Changes);
        }
    }

    /// <summary>
    /// <see cref="Writers"/> tasks push batches (some ops on shared pks, so LWW losers occur) to the workspaces in turn
    /// while a reader pulls each workspace page by page; then every acknowledged op must be in its workspace's log once,
    /// at the version it was given, and each workspace's versions must be 1..counter without a gap.
    /// </summary>
    private async Task RunWritersAsync(string[] workspaces)
    {
        ConcurrentDictionary<string, (string Ws, long Version)> acknowledged = new(StringComparer.Ordinal);
        using CancellationTokenSource done = new();
        Task reader = Task.Run(async () =>
        {
            long[] cursors = new long[workspaces.Length];
            while (!done.IsCancellationRequested)
            {
                for (int w = 0; w < workspaces.Length; w++)
                {
                    StorePullResult page = await PullAsync(workspaces[w], cursors[w], limit: 7);
                    foreach (SyncChange change in page.Changes)
                    {
                        Assert.Equal(cursors[w] + 1, change.ServerVersion);
                        cursors[w] = change.ServerVersion;
                    }
                }
            }
        });

        Task[] writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (int push = 0; push < PushesPerWriter; push++)
            {
                string ws = workspaces[(writer + push) % workspaces.Length];
                PreparedOp[] ops = Enumerable.Range(0, OpsPerPush)
                    .Select(i => i == 0 ? Put("shared", push, $$"""{"w":{{writer}}}""", hlc: $"w{writer}") : Put($"w{writer}-p{push}-{i}", 1))
                    .ToArray();
                (IReadOnlyList<PreparedOpOutcome> outcomes, long counter) = await PushAsync(ws, ops);
                for (int i = 0; i < ops.Length; i++)
                {
                    Assert.Contains(outcomes[i].Status, new[] { PreparedOpStatus.Applied, PreparedOpStatus.Lost });
                    Assert.True(acknowledged.TryAdd(ops[i].OpId, (ws, outcomes[i].ServerVersion)));
                }

                Assert.Equal(ops.Length - 1, outcomes[^1].ServerVersion - outcomes[0].ServerVersion);
                Assert.True(counter >= outcomes[^1].ServerVersion);
            }
        })).ToArray();

        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            done.Cancel();
            await reader;
        }

        foreach (string ws in workspaces)
        {
            StorePullResult all = await PullAsync(ws);
            Assert.False(all.HasMore);
            Assert.Equal(Enumerable.Range(1, all.Changes.Count).Select(v => (long)v), all.Changes.Select(c => c.ServerVersion));
            Assert.Equal(all.Changes.Count, all.Counter);
            foreach (SyncChange change in all.Changes)
            {
                Assert.True(acknowledged.TryRemove(change.Stamp.OpId, out (string Ws, long Version) ack), $"{change.Stamp.OpId} logged twice or never acknowledged");
                Assert.Equal((ws, change.ServerVersion), ack);
            }
        }

        Assert.Empty(acknowledged);
    }
}
