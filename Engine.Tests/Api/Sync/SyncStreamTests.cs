using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Google.Protobuf.WellKnownTypes;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>The streaming readers and ListGrantsWithExpansion (spec 1.8), checklist item 48.</summary>
[Trait("Category", "Unit")]
public sealed class SyncStreamTests
{
    private static readonly Resource s_group = MakeResource("group", "g1");
    private static readonly Entitlement s_member = MakeEntitlement(s_group, "member");
    private static readonly Entitlement s_admin = MakeEntitlement(s_group, "admin");

    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item48_StreamGrants_YieldsTheSameIdsAsListGrants_AcrossChunks()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutGrants(Enumerable.Range(0, 2500).Select(i => MakeGrant(i % 2 == 0 ? s_member : s_admin, MakeResource("user", $"u{i:D4}"))).ToArray());

        List<string> listed = SyncGrantReadTests.Drain(t => store.ListGrants(new ListGrantsRequest { PageSize = 700, PageToken = t }));
        List<string> streamed = store.StreamGrants("", new GrantStreamFilter()).Select(g => g.Id).ToList();

        Assert.Equal(2500, streamed.Count);
        Assert.Equal(listed, streamed);
    }

    [Fact]
    public void StreamGrants_AndsEveryFilterThatIsSet()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource[] principals = [MakeResource("user", "a"), MakeResource("user", "b"), MakeResource("bot", "a"), MakeResource("bot", "c")];
        Grant[] grants = [.. new[] { s_member, s_admin }.SelectMany(e => principals.Select(p => MakeGrant(e, p)))];
        store.PutGrants(grants);

        foreach (string? entitlement in new[] { null, "", s_member.Id, s_admin.Id, "nope" })
        {
            foreach (string? type in new[] { null, "user", "bot" })
            {
                foreach (string? id in new[] { null, "a", "c" })
                {
                    GrantStreamFilter filter = new() { EntitlementId = entitlement, PrincipalResourceTypeId = type, PrincipalResourceId = id };
                    IEnumerable<string> expected = grants
                        .Where(g => string.IsNullOrEmpty(entitlement) || g.Entitlement.Id == entitlement)
                        .Where(g => type is null || g.Principal.Id.ResourceType == type)
                        .Where(g => id is null || g.Principal.Id.Resource == id)
                        .Select(g => g.Id)
                        .Order(StringComparer.Ordinal);
                    Assert.Equal(expected, store.StreamGrants("", filter).Select(g => g.Id).Order(StringComparer.Ordinal));
                }
            }
        }
    }

    [Fact]
    public void IncludeExpansion_AndListGrantsWithExpansion_PutTheGrantExpandableBack()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Any expandable = Expandable("group:g2:member");
        Grant plain = MakeGrant(s_member, MakeResource("user", "a"));
        Grant expanding = MakeGrant(s_member, MakeResource("user", "b")).With(expandable);
        store.PutGrants(plain, expanding);

        Assert.Equal([plain, expanding], store.StreamGrants("", new GrantStreamFilter { IncludeExpansion = true }));
        Assert.Equal([plain, MakeGrant(s_member, MakeResource("user", "b"))], store.StreamGrants("", new GrantStreamFilter()));
        Assert.Equal([plain, expanding], store.ListGrantsWithExpansion(new ListGrantsRequest()).Items);
        Assert.Equal([expanding], store.ListGrantsWithExpansion(new ListGrantsRequest { PageSize = 1, PageToken = store.ListGrantsWithExpansion(new ListGrantsRequest { PageSize = 1 }).NextPageToken }).Items);
        Assert.Empty(store.ListGrants(new ListGrantsRequest()).Items.SelectMany(g => g.Annotations));
    }

    [Fact]
    public void Streams_OfAnEmptySyncId_ReadTheLatestFinishedSyncOfAnyType_AndOfAnIdThatSync()
    {
        using SyncStore store = _harness.Open();
        string full = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "full"), MakeResource("group", "full"));
        store.PutEntitlements(MakeEntitlement(MakeResource("user", "full"), "self"));
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        store.StartNewSync(SyncType.Partial);
        store.PutResources(MakeResource("user", "partial"));
        store.EndSync();

        Assert.Equal(["partial"], store.StreamResources("").Select(r => r.Id.Resource));
        Assert.Empty(store.StreamEntitlements(""));
        Assert.Equal(["group", "user"], store.StreamResources(full).Select(r => r.Id.ResourceType));
        Assert.Equal(["user"], store.StreamResources(full, "user").Select(r => r.Id.ResourceType));
        Assert.Equal(["user:full:self"], store.StreamEntitlements(full).Select(e => e.Id));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.StreamEntitlements("not-a-ksuid"));
    }

    [Fact]
    public void Streams_AreLazy_AndReadRowsWrittenBeforeEnumeration()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        IEnumerable<Resource> stream = store.StreamResources(sync, "user");
        store.PutResources(MakeResource("user", "late"));

        Assert.Equal(["late"], stream.Select(r => r.Id.Resource));
    }
}
