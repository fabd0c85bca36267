using Engine.Api.Gateway.Storage;
using Engine.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace Engine.Tests.Postgres;

/// <summary>
/// Several gateway processes over one database: each "process" is a <see cref="PostgresSyncLogStore"/> over its own
/// data source (its own connection pool), as separate processes would have.
/// </summary>
public sealed class PostgresSyncLogStoreConcurrencyTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Push_TwoProcessesToOneWorkspaceAtOnce_VersionsContiguousUniqueAndEveryOpLoggedOnce()
    {
        const int PushesPerProcess = 25, OpsPerPush = 4;
        string workspace = $"ws-{Guid.NewGuid():N}";
        PostgresSyncLogStore[] processes = [new(database.CreateDataSource()), new(database.CreateDataSource())];

        // Every push of both processes starts at once; the record keys overlap, so last-writer-wins also runs.
        Task<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)>[] pushes =
        [
            .. Enumerable.Range(0, PushesPerProcess * processes.Length).Select(i => Task.Run(async () =>
            {
                PreparedOp[] ops = [.. Enumerable.Range(0, OpsPerPush).Select(j => PostgresOps.Put($"op-{workspace}-{i}-{j}", $"pk-{(i + j) % 7}", clock: i))];
                return await processes[i % processes.Length].PushAsync(workspace, ops, s_now);
            })),
        ];
        var results = await Task.WhenAll(pushes);

        const int Total = PushesPerProcess * 2 * OpsPerPush;
        long[] versions = [.. results.SelectMany(r => r.Outcomes).Select(o => o.ServerVersion).Order()];
        Assert.Equal(Enumerable.Range(1, Total).Select(v => (long)v), versions);
        Assert.All(results.SelectMany(r => r.Outcomes), o => Assert.Contains(o.Status, new[] { PreparedOpStatus.Applied, PreparedOpStatus.Lost }));
        foreach (var result in results)
        {
            // One push's versions are one contiguous block, and the counter it reports is at least its last version.
            long[] block = [.. result.Outcomes.Select(o => o.ServerVersion)];
            Assert.Equal(Enumerable.Range((int)block[0], OpsPerPush).Select(v => (long)v), block);
            Assert.True(result.ServerVersion >= block[^1]);
        }

        StorePullResult pulled = await processes[0].PullAsync(workspace, 0, 1000, null);
        Assert.Equal(Enumerable.Range(1, Total).Select(v => (long)v), pulled.Changes.Select(c => c.ServerVersion));
        Assert.Equal(Total, pulled.Changes.Select(c => c.Stamp.OpId).Distinct().Count());
        Assert.Equal(Total, pulled.Counter);
        Assert.False(pulled.HasMore);
    }

    [Fact]
    public async Task Push_TwoWorkspacesRaceOnOneOpId_ExactlyOneLogsItAndTheOtherConflicts()
    {
        const int Rounds = 30;
        PostgresSyncLogStore[] processes = [new(database.CreateDataSource()), new(database.CreateDataSource())];
        string[] workspaces = [$"ws-a-{Guid.NewGuid():N}", $"ws-b-{Guid.NewGuid():N}"];
        int[] wins = new int[2];
        for (int round = 0; round < Rounds; round++)
        {
            string opId = $"race-{Guid.NewGuid():N}";
            using Barrier start = new(2);
            var race = await Task.WhenAll(Enumerable.Range(0, 2).Select(side => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await processes[side].PushAsync(workspaces[side], [PostgresOps.Put(opId, $"pk-{round}")], s_now);
            })));

            PreparedOpStatus[] statuses = [race[0].Outcomes[0].Status, race[1].Outcomes[0].Status];
            Assert.Single(statuses, PreparedOpStatus.Applied);
            Assert.Single(statuses, PreparedOpStatus.Conflict);
            int winner = Array.IndexOf(statuses, PreparedOpStatus.Applied);
            wins[winner]++;

            // The loser logged nothing and used no version; the op index names the winner.
            Assert.Equal(0, race[1 - winner].Outcomes[0].ServerVersion);
            Assert.Equal(workspaces[winner], await OpIndexWorkspaceAsync(opId));
        }

        output.WriteLine($"wins: {workspaces[0]} {wins[0]}, {workspaces[1]} {wins[1]}");
        foreach ((PostgresSyncLogStore process, int side) in processes.Select((p, i) => (p, i)))
        {
            StorePullResult log = await process.PullAsync(workspaces[side], 0, 1000, null);
            Assert.Equal(wins[side], log.Changes.Count);
            Assert.Equal(Enumerable.Range(1, wins[side]).Select(v => (long)v), log.Changes.Select(c => c.ServerVersion));
        }
    }

    [Fact]
    public async Task Push_OneOpIdToOneWorkspaceFromTwoProcesses_OneAppliesTheOtherReplaysItsVersion()
    {
        PostgresSyncLogStore[] processes = [new(database.CreateDataSource()), new(database.CreateDataSource())];
        string workspace = $"ws-{Guid.NewGuid():N}";
        for (int round = 0; round < 10; round++)
        {
            PreparedOp op = PostgresOps.Put($"same-{Guid.NewGuid():N}", $"pk-{round}");
            using Barrier start = new(2);
            var race = await Task.WhenAll(processes.Select(p => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await p.PushAsync(workspace, [op], s_now);
            })));

            PreparedOpOutcome[] outcomes = [race[0].Outcomes[0], race[1].Outcomes[0]];
            Assert.Single(outcomes, o => o.Status == PreparedOpStatus.Applied);
            Assert.Single(outcomes, o => o.Status == PreparedOpStatus.Replayed);
            Assert.Equal(outcomes[0].ServerVersion, outcomes[1].ServerVersion);
            Assert.Equal(round + 1, outcomes[0].ServerVersion);
        }
    }

    private async Task<string?> OpIndexWorkspaceAsync(string opId)
    {
        await using NpgsqlCommand command = database.DataSource.CreateCommand("SELECT ws FROM op_index WHERE op_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = opId });
        return (string?)await command.ExecuteScalarAsync();
    }
}
