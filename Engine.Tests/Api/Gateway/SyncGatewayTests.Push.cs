using System.Text.Json;
using Engine.Api.Gateway;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncGatewayTests
{
    [Fact]
    public async Task Push_TwoOps_GetVersions1And2()
    {
        PushResult result = await PushAsync(Put("op-1", "a"), Put("op-2", "b"));

        Assert.Equal([1L, 2L], result.Results.Select(r => r.ServerVersion!.Value));
        Assert.All(result.Results, r => Assert.True(r.Success && r.Applied == true && !r.Replayed));
        Assert.Equal(["op-1", "op-2"], result.Results.Select(r => r.OpId));
        Assert.Equal(2, result.ServerVersion);
    }

    [Fact]
    public async Task Push_VersionsAreContiguousAcrossBatches()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));
        PushResult second = await PushAsync(Put("op-3", "c"));

        Assert.Equal(3, second.Results[0].ServerVersion);
        Assert.Equal(3, second.ServerVersion);
    }

    [Fact]
    public async Task Push_EmptyBatch_ServerVersionIsZero()
    {
        await PushAsync(Put("op-1", "a"));

        PushResult result = await PushAsync();

        Assert.Empty(result.Results);
        Assert.Equal(0, result.ServerVersion);
    }

    [Fact]
    public async Task Push_OnlyInvalidOps_ReportsTheCounterUnchanged()
    {
        await PushAsync(Put("op-1", "a"));

        PushResult result = await PushAsync(Put("op-2", "b", table: "nope"));

        Assert.False(result.Results[0].Success);
        Assert.Equal(1, result.ServerVersion);
    }

    public static TheoryData<string, string, string> InvalidOps => new()
    {
        { "nope", """{"id":"a"}""", "Invalid table: nope" },
        { "threads", """[1,2]""", "payload must be a JSON object" },
        { "threads", "\"text\"", "payload must be a JSON object" },
        { "threads", "null", "payload must be a JSON object" },
        { "threads", "42", "payload must be a JSON object" },
        { "threads", """{"id":"a",""", "payload is not valid JSON" },
        { "threads", """{"id":"a"} trailing""", "payload is not valid JSON" },
        { "threads", string.Empty, "payload is not valid JSON" },
        { "threads", """{"id":"a","_id":"x"}""", "'_id' is not allowed" },
        { "threads", """{"id":"a","workspace_id":"ws-other"}""", "'workspace_id' is immutable" },
        { "threads", """{"id":"a","workspace_id":7}""", "'workspace_id' is immutable" },
        { "threads", """{"id":"b"}""", "'id' must match operation pk" },
        { "threads", """{"id":1}""", "'id' must match operation pk" },
        { "threads", """{"id":"a","id":"b"}""", "'id' must match operation pk" },
        { "file_meta", """{"hash":"zzz"}""", "'hash' must match operation pk" },
    };

    [Theory]
    [MemberData(nameof(InvalidOps))]
    public async Task Push_InvalidOp_IsAValidationErrorWithItsMessage(string table, string payload, string message)
    {
        PushResult result = await PushAsync(Put("op-1", "a", payload, table: table));

        PushOpResult op = Assert.Single(result.Results);
        Assert.False(op.Success);
        Assert.Equal(SyncErrorCode.ValidationError, op.ErrorCode);
        Assert.Equal(message, op.Error);
        Assert.Null(op.ServerVersion);
        Assert.Null(op.Applied);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Push_InvalidStamp_IsAValidationError()
    {
        PushResult result = await PushAsync(
            Put("op-1", "a", clock: -1),
            Put(string.Empty, "b"),
            new PendingOp("threads", SyncOp.Put, string.Empty, null, new ChangeStamp("d", "op-3", "h", 1)));

        Assert.Equal(["'clock' must be at least 0", "'opId' must not be empty", "'pk' must not be empty"], result.Results.Select(r => r.Error));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Push_PayloadMayCarryItsOwnWorkspaceAndKey()
    {
        PushResult result = await PushAsync(
            Put("op-1", "a", $$"""{"id":"a","workspace_id":"{{Ws}}"}"""),
            Put("op-2", "h1", """{"hash":"h1","id":"something-else"}""", table: "file_meta"),
            Delete("op-3", "c"));

        Assert.All(result.Results, r => Assert.True(r.Success, r.Error));
    }

    [Fact]
    public async Task Push_MalformedOpsAreIsolated_TheValidSiblingGetsVersion1()
    {
        PushResult result = await PushAsync(
            Put("op-1", "a", table: "nope"),
            Put("op-2", "b", """{"id":"not-b"}"""),
            Put("op-3", "c", """{"id":"c","workspace_id":"elsewhere"}"""),
            Put("op-4", "d"));

        Assert.Equal([false, false, false, true], result.Results.Select(r => r.Success));
        Assert.Equal(1, result.Results[3].ServerVersion);
        SyncChange change = Assert.Single((await PullAllAsync()).Changes);
        Assert.Equal("op-4", change.Stamp.OpId);
    }

    [Fact]
    public async Task Push_120KBPayloadAccepted_257KBRejected()
    {
        string Payload(int kib) => $$"""{"id":"a","body":"{{new string('x', (kib * 1024) - 30)}}"}""";

        PushResult result = await PushAsync(Put("op-1", "a", Payload(120)), Put("op-2", "a", Payload(257), clock: 2));

        Assert.True(result.Results[0].Success);
        Assert.False(result.Results[1].Success);
        Assert.Equal(SyncErrorCode.ValidationError, result.Results[1].ErrorCode);
        Assert.Equal("payload exceeds 262144 bytes", result.Results[1].Error);
        Assert.Single((await PullAllAsync()).Changes);
    }

    [Fact]
    public async Task Push_PayloadAtTheLimit_IsAccepted()
    {
        string payload = $$"""{"id":"a","body":"{{new string('x', 262144 - 20)}}"}""";
        Assert.Equal(262144, System.Text.Encoding.UTF8.GetByteCount(payload));

        PushResult result = await PushAsync(Put("op-1", "a", payload));

        Assert.True(result.Results[0].Success, result.Results[0].Error);
    }

    [Fact]
    public async Task Push_DuplicateOpIdInBatchWithSameContent_GetsOneVersion()
    {
        // Key order, whitespace and number spelling differ; the content does not.
        PushResult result = await PushAsync(
            Put("op-1", "a", """{"id":"a","n":1,"nested":{"x":1,"y":[1.0,"s"]}}"""),
            Put("op-1", "a", """ { "nested" : { "y" : [ 1 , "s" ], "x" : 10e-1 }, "n" : 1.00, "id" : "a" } """),
            Put("op-2", "b"));

        Assert.All(result.Results, r => Assert.True(r.Success));
        Assert.Equal([1L, 1L, 2L], result.Results.Select(r => r.ServerVersion!.Value));
        Assert.Equal(result.Results[0], result.Results[1]);
        Assert.Equal(2, result.ServerVersion);
        Assert.Equal(2, (await PullAllAsync()).Changes.Count);
    }

    [Fact]
    public async Task Push_DuplicateOpIdInBatchWithDifferentContent_ConflictsOnBothAndAllocatesNothing()
    {
        PushResult result = await PushAsync(
            Put("op-1", "a", """{"id":"a","n":1}"""),
            Put("op-1", "a", """{"id":"a","n":2}"""));

        Assert.All(result.Results, r =>
        {
            Assert.False(r.Success);
            Assert.Equal(SyncErrorCode.Conflict, r.ErrorCode);
            Assert.Null(r.ServerVersion);
        });
        Assert.Equal(0, result.ServerVersion);
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("other-device", "h1", 1, "threads")]
    [InlineData("dev-1", "h2", 1, "threads")]
    [InlineData("dev-1", "h1", 2, "threads")]
    [InlineData("dev-1", "h1", 1, "posts")]
    public async Task Push_DuplicateOpIdInBatch_DifferingInAnyStampField_Conflicts(string device, string hlc, long clock, string table)
    {
        PushResult result = await PushAsync(
            Put("op-1", "a"),
            new PendingOp(table, SyncOp.Put, "a", Json("""{"id":"a","title":"t-op-1"}"""), new ChangeStamp(device, "op-1", hlc, clock)),
            Put("op-2", "b"));

        Assert.Equal([SyncErrorCode.Conflict, SyncErrorCode.Conflict, null], result.Results.Select(r => r.ErrorCode));
        Assert.Equal(1, result.Results[2].ServerVersion);
    }

    [Fact]
    public async Task Push_DuplicateOpIdInBatch_ValidAndInvalidSlots_Conflict()
    {
        PushResult result = await PushAsync(Put("op-1", "a"), Put("op-1", "a", """{"id":"a","""));

        Assert.All(result.Results, r => Assert.Equal(SyncErrorCode.Conflict, r.ErrorCode));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Push_DuplicateOpIdInBatch_SameInvalidContent_EverySlotGetsTheValidationError()
    {
        PushResult result = await PushAsync(Put("op-1", "a", table: "nope"), Put("op-1", "a", table: "nope"));

        Assert.All(result.Results, r => Assert.Equal("Invalid table: nope", r.Error));
    }

    [Fact]
    public async Task Push_ReplayAcrossBatches_ReturnsTheOriginalVersionAndAllocatesNothing()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));

        PushResult replay = await PushAsync(Put("op-1", "a"));

        PushOpResult op = Assert.Single(replay.Results);
        Assert.True(op.Success);
        Assert.True(op.Replayed);
        Assert.Equal(1, op.ServerVersion);
        Assert.Equal(true, op.Applied);
        Assert.Equal(2, replay.ServerVersion);
        Assert.Equal(2, (await PullAllAsync()).Changes.Count);
    }

    [Fact]
    public async Task Push_ReplayedAndNewOpsInOneBatch_GetVersions1And2()
    {
        await PushAsync(Put("op-1", "a"));

        PushResult result = await PushAsync(Put("op-1", "a"), Put("op-2", "b"));

        Assert.Equal([1L, 2L], result.Results.Select(r => r.ServerVersion!.Value));
        Assert.Equal([true, false], result.Results.Select(r => r.Replayed));
    }

    [Fact]
    public async Task Push_ReplayOfAnOpThatNoLongerWins_IsNotApplied()
    {
        await PushAsync(Put("op-1", "a", clock: 1));
        await PushAsync(Put("op-2", "a", clock: 2));

        PushResult replay = await PushAsync(Put("op-1", "a", clock: 1));

        Assert.True(replay.Results[0].Replayed);
        Assert.Equal(false, replay.Results[0].Applied);
    }

    [Fact]
    public async Task Push_OpIdReusedWithDifferentContent_Conflicts()
    {
        await PushAsync(Put("op-1", "a", clock: 1));

        PushResult result = await PushAsync(Put("op-1", "a", clock: 2));

        Assert.Equal(SyncErrorCode.Conflict, result.Results[0].ErrorCode);
        Assert.Equal("op id already used", result.Results[0].Error);
        Assert.Null(result.Results[0].ServerVersion);
        Assert.Equal(1, result.ServerVersion);
    }

    [Fact]
    public async Task Push_OpIdReusedInAnotherWorkspace_Conflicts()
    {
        await PushAsync(Put("op-1", "a"));

        PushResult result = await PushAsync(OtherWs, Put("op-1", "a"));

        Assert.Equal(SyncErrorCode.Conflict, result.Results[0].ErrorCode);
        await AssertNothingWrittenAsync(OtherWs);
    }

    [Fact]
    public async Task Push_SamePkInTwoWorkspaces_AreSeparateRecords()
    {
        await PushAsync(Put("op-1", "a", clock: 5));

        PushResult other = await PushAsync(OtherWs, Put("op-2", "a", clock: 1));

        Assert.Equal(true, other.Results[0].Applied);
        Assert.False(other.Results[0].WasExisting);
    }

    [Fact]
    public async Task Push_LwwLoser_IsLoggedButNotAppliedAndNamesTheWinner()
    {
        await PushAsync(Put("op-1", "a", """{"id":"a","v":"winner"}""", clock: 5));

        PushResult result = await PushAsync(Put("op-2", "a", """{"id":"a","v":"loser"}""", clock: 3));

        PushOpResult op = result.Results[0];
        Assert.True(op.Success);
        Assert.Equal(false, op.Applied);
        Assert.True(op.WasExisting);
        Assert.Equal(2, op.ServerVersion);
        PutWinner winner = Assert.IsType<PutWinner>(op.Winner);
        Assert.Equal(new Revision(5, "h1", "op-1"), winner.Revision);
        Assert.Equal("""{"id":"a","v":"winner"}""", Text(winner.PayloadJson));
        Assert.Equal(2, (await PullAllAsync()).Changes.Count);
    }

    [Fact]
    public async Task Push_StalePutAgainstATombstone_IsNotApplied()
    {
        await PushAsync(Delete("op-1", "a", clock: 4));

        PushResult result = await PushAsync(Put("op-2", "a", clock: 2));

        Assert.Equal(false, result.Results[0].Applied);
        DeleteWinner winner = Assert.IsType<DeleteWinner>(result.Results[0].Winner);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), winner.ServerDeletedAt);
    }

    [Fact]
    public async Task Push_FileMetaRefCount_StaysZeroOnCreateAndUpdate()
    {
        PushResult created = await PushAsync(Put("op-1", "h1", """{"hash":"h1","ref_count":7,"name":"f"}""", table: "file_meta"));
        PushResult updated = await PushAsync(Put("op-2", "h1", """{"ref_count":99,"hash":"h1","name":"g"}""", clock: 2, table: "file_meta"));

        Assert.True(created.Results[0].Success && updated.Results[0].Success);
        PullResponse pulled = await PullAllAsync();
        Assert.All(pulled.Changes, change =>
            Assert.Equal(0, JsonDocument.Parse(change.PayloadJson!.Value).RootElement.GetProperty("ref_count").GetInt32()));
        SnapshotRow row = Assert.IsType<SnapshotRow>(Assert.Single((await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 10))).Items));
        using JsonDocument stored = JsonDocument.Parse(row.PayloadJson);
        Assert.Equal(0, stored.RootElement.GetProperty("ref_count").GetInt32());
        Assert.Equal("g", stored.RootElement.GetProperty("name").GetString());

        // The fingerprint covers what the client sent, so the same op sent again is a replay.
        PushResult replay = await PushAsync(Put("op-2", "h1", """{"ref_count":99,"hash":"h1","name":"g"}""", clock: 2, table: "file_meta"));
        Assert.True(replay.Results[0].Replayed);
    }

    [Fact]
    public async Task Push_PayloadWithoutServerDerivedFields_IsStoredByteForByte()
    {
        const string Payload = """{ "title" : "caf\u00e9 ☕", "n": 1.50e0,   "id":"a" }""";
        const string FileMeta = """{"hash":"h1",  "name":"no ref count here"}""";

        await PushAsync(Put("op-1", "a", Payload), Put("op-2", "h1", FileMeta, table: "file_meta"));

        PullResponse pulled = await PullAllAsync();
        Assert.Equal(Payload, Text(pulled.Changes[0].PayloadJson));
        Assert.Equal(FileMeta, Text(pulled.Changes[1].PayloadJson));
    }

    [Fact]
    public async Task Push_DeleteWithoutPayload_IsLoggedWithNone()
    {
        PushResult result = await PushAsync(Put("op-1", "a"), Delete("op-2", "a", clock: 2));

        Assert.All(result.Results, r => Assert.Equal(true, r.Applied));
        SyncChange delete = (await PullAllAsync()).Changes[1];
        Assert.Equal(SyncOp.Delete, delete.Op);
        Assert.Null(delete.PayloadJson);
    }
}
