using System.Globalization;
using System.Text;
using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// Random batches through the gateway over the embedded store, against a model of the push rules that only knows op
/// ids and contents: in-batch duplicates (same content, or not), invalid ops, replays and reused op ids across batches.
/// Every slot's outcome and version must match the model, the counter must be the model's, and the log must end up
/// holding each accepted op once, at contiguous versions. Seeded; the seed is printed and replays with ENGINE_TEST_SEED.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class SyncGatewayRandomizedTests(ITestOutputHelper output)
{
    private const string Ws = "ws";
    private static readonly SyncCaller s_editor = new("editor", Ws);
    private static readonly string[] s_tables = ["threads", "posts", "threads", "posts", "kv", "nope"];

    /// <summary>What the model knows of an op: its id, the content it is compared by, and whether it is valid.</summary>
    private sealed record OpSpec(string OpId, string Table, SyncOp Operation, string Pk, int Value, bool BadKey, long Clock, string Hlc, bool KeysReversed)
    {
        // A delete carries no payload, so its value and key do not make it different.
        public string Content => Operation == SyncOp.Delete
            ? FormattableString.Invariant($"{Table}|delete|{Pk}|{Clock}|{Hlc}")
            : FormattableString.Invariant($"{Table}|put|{Pk}|{Value}|{BadKey}|{Clock}|{Hlc}");

        public bool Valid => Table != "nope" && !(BadKey && Operation == SyncOp.Put);

        public PendingOp ToOp()
        {
            string key = BadKey ? "wrong-" + Pk : Pk;
            string json = KeysReversed
                ? $$"""{"v":{{Value.ToString(CultureInfo.InvariantCulture)}}.0, "id":"{{key}}"}"""
                : $$"""{"id":"{{key}}","v":{{Value.ToString(CultureInfo.InvariantCulture)}}}""";
            ReadOnlyMemory<byte>? payload = Operation == SyncOp.Put ? (ReadOnlyMemory<byte>?)Encoding.UTF8.GetBytes(json) : null;
            return new PendingOp(Table, Operation, Pk, payload, new ChangeStamp("dev", OpId, Hlc, Clock));
        }
    }

    [Fact]
    public async Task Push_RandomBatches_MatchTheModel()
    {
        int seed = TestSeed.Get(output, nameof(Push_RandomBatches_MatchTheModel));
        Random random = new(seed);
        using TempDirectory directory = new("gateway-random");
        using Database database = Database.Open(directory.Path);
        FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using EmbeddedSyncLogStore store = new(database, timeProvider: time);
        RoleTableWorkspaceStore workspaces = new();
        workspaces.Grant(s_editor.UserId!, Ws, WorkspaceRole.Editor);
        SyncGateway gateway = new(store, workspaces, time: time);

        Dictionary<string, (string Content, long Version)> logged = new(StringComparer.Ordinal);
        long counter = 0;
        for (int round = 0; round < 40; round++)
        {
            List<OpSpec> batch = [];
            int size = random.Next(0, 10);
            for (int i = 0; i < size; i++)
            {
                batch.Add(batch.Count > 0 && random.Next(4) == 0 ? Copy(batch[random.Next(batch.Count)], random) : NewSpec(random));
            }

            PushResult result = await gateway.PushAsync(s_editor, new PushBatch(Ws, batch.Select(s => s.ToOp()).ToList()));

            string context = $"seed {seed}, round {round}";
            Dictionary<string, long> assigned = new(StringComparer.Ordinal);
            for (int i = 0; i < batch.Count; i++)
            {
                OpSpec spec = batch[i];
                PushOpResult actual = result.Results[i];
                context = $"seed {seed}, round {round}, slot {i}: {spec} -> {actual}; batch {string.Join("; ", batch)}";
                Assert.Equal(spec.OpId, actual.OpId);
                bool differsInBatch = batch.Any(other => other.OpId == spec.OpId && other.Content != spec.Content);
                if (differsInBatch)
                {
                    Assert.True(actual.ErrorCode == SyncErrorCode.Conflict, context);
                }
                else if (!spec.Valid)
                {
                    Assert.True(actual.ErrorCode == SyncErrorCode.ValidationError, context);
                }
                else if (logged.TryGetValue(spec.OpId, out var earlier))
                {
                    if (earlier.Content == spec.Content)
                    {
                        Assert.True(actual.Success && actual.Replayed && actual.ServerVersion == earlier.Version, context);
                    }
                    else
                    {
                        Assert.True(actual.ErrorCode == SyncErrorCode.Conflict && actual.ServerVersion is null, context);
                    }
                }
                else
                {
                    if (!assigned.TryGetValue(spec.OpId, out long version))
                    {
                        version = counter + assigned.Count + 1;
                        assigned.Add(spec.OpId, version);
                    }

                    Assert.True(actual.Success && !actual.Replayed && actual.ServerVersion == version, context);
                }
            }

            foreach ((string opId, long version) in assigned)
            {
                logged.Add(opId, (batch.First(s => s.OpId == opId).Content, version));
            }

            counter += assigned.Count;
            Assert.True(result.ServerVersion == (batch.Count == 0 ? 0 : counter), $"seed {seed}, round {round}: server version {result.ServerVersion}, model {counter}");
            time.Advance(TimeSpan.FromSeconds(1));
        }

        PullResponse pulled = await gateway.PullAsync(s_editor, new PullRequest(Ws, 0, 1000));
        Assert.Equal(Enumerable.Range(1, (int)counter).Select(v => (long)v), pulled.Changes.Select(c => c.ServerVersion));
        Assert.Equal(
            logged.OrderBy(e => e.Value.Version).Select(e => e.Key),
            pulled.Changes.Select(c => c.Stamp.OpId));
    }

    private static OpSpec NewSpec(Random random) => new(
        "op-" + random.Next(25).ToString(CultureInfo.InvariantCulture),
        s_tables[random.Next(s_tables.Length)],
        random.Next(4) == 0 ? SyncOp.Delete : SyncOp.Put,
        "pk-" + random.Next(4).ToString(CultureInfo.InvariantCulture),
        random.Next(3),
        random.Next(10) == 0,
        random.Next(4),
        "h" + random.Next(3).ToString(CultureInfo.InvariantCulture),
        random.Next(2) == 0);

    /// <summary>The same op again, its payload's keys possibly in the other order (the same content).</summary>
    private static OpSpec Copy(OpSpec spec, Random random) => spec with { KeysReversed = random.Next(2) == 0 };
}
