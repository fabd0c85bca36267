using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// Put*, point gets and DeleteGrant: upserts on (sync, id) with SQLite's conflict rules, index entries, and the behaviour
/// checklist items they cover (shared/spec/baton-storage.md, sections 1.4, 1.5, 3.5 and 5).
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncPutTests
{
    private static readonly Resource s_group = MakeResource("group", "g1");
    private static readonly Resource s_alice = MakeResource("user", "alice");
    private static readonly Resource s_bob = MakeResource("user", "bob");
    private static readonly Entitlement s_member = MakeEntitlement(s_group, "member");

    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item1_PutsWithoutACurrentSyncFail_AndReadsStillWork()
    {
        using SyncStore store = _harness.Open();
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.PutResourceTypes(MakeResourceType("user")));
        store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"));
        store.EndSync();

        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.PutResources(s_alice));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.PutEntitlements(s_member));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.PutGrants(MakeGrant(s_member, s_alice)));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.DeleteGrant("g"));
        Assert.Equal("user", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }).Id);
    }

    [Fact]
    public void PutsAndGets_RoundTripEveryRecordType_WithTheDeterministicBlob()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        Grant grant = MakeGrant(s_member, s_alice);

        store.PutResourceTypes(MakeResourceType("user", ResourceType.Types.Trait.User), MakeResourceType("group", ResourceType.Types.Trait.Group));
        store.PutResources(s_group, s_alice, s_bob);
        store.PutEntitlements(s_member);
        store.PutGrants(grant);

        Assert.Equal(MakeResourceType("user", ResourceType.Types.Trait.User), store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }));
        Assert.Equal(s_alice, store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }));
        Assert.Equal(s_member, store.GetEntitlement(new GetEntitlementRequest { EntitlementId = s_member.Id }));
        Assert.Equal(grant, store.GetGrant(new GetGrantRequest { GrantId = grant.Id }));
        Assert.Equal(grant.ToByteArray(), StoredRecords.Get(store, Keyspace.Grant, sync, grant.Id)!.Blob);
        Assert.Equal(["group", "g1", s_member.Id, "user", "alice"], StoredRecords.Get(store, Keyspace.Grant, sync, grant.Id)!.Columns);
    }

    [Fact]
    public void Gets_OfMissingIds_AreNotFound()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutResources(s_alice);

        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetResource(new GetResourceRequest { ResourceId = s_bob.Id }));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetEntitlement(new GetEntitlementRequest { EntitlementId = "" }));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetGrant(new GetGrantRequest { GrantId = "nope" }));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.GetResource(new GetResourceRequest { ResourceId = null! }));
    }

    [Fact]
    public void GetResource_ChecksTheStoredResourceType()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);

        // "a:b" + "c" and "a" + "b:c" share SQLite's external_id "a:b:c"; the stored type tells them apart.
        store.PutResources(MakeResource("a:b", "c"));

        Assert.Equal("a:b", store.GetResource(new GetResourceRequest { ResourceId = MakeResource("a:b", "c").Id }).Id.ResourceType);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetResource(new GetResourceRequest { ResourceId = MakeResource("a", "b:c").Id }));
    }

    [Fact]
    public void Upsert_ReplacesTheBlob_AndKeepsTheFirstDiscoveredAtAndSideColumns()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        Resource child = MakeResource("user", "carol", s_group);
        store.PutResources(child);
        long firstSeen = StoredRecords.Get(store, Keyspace.Resource, sync, "user:carol")!.DiscoveredAt;
        _harness.Clock.Advance(TimeSpan.FromMinutes(5));

        // Moved under another parent and renamed: the blob follows, the side columns (and so the index) do not.
        Resource moved = MakeResource("user", "carol", MakeResource("group", "g2")).Renamed("Carol");
        store.PutResources(moved);

        StoredRecords.Stored stored = StoredRecords.Get(store, Keyspace.Resource, sync, "user:carol")!;
        Assert.Equal(firstSeen, stored.DiscoveredAt);
        Assert.Equal(["user", "group", "g1"], stored.Columns);
        Assert.Equal(moved, store.GetResource(new GetResourceRequest { ResourceId = child.Id }));
        Assert.Equal([StoredRecords.Tail("group", "g1", "user:carol")], StoredRecords.KeyTails(store, Keyspace.ResourceByParent, sync));
    }

    [Fact]
    public void FreshSync_RePutsAcrossManyBatches_KeepTheFirstDiscoveredAt_AndOneIndexEntryEach()
    {
        // A fresh sync skips the read-before-write for ids its puts certainly never wrote (a Bloom filter per keyspace):
        // every id written before, in any earlier batch, must still be read so its first discovered_at survives.
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        Resource[] users = [.. Enumerable.Range(0, 3000).Select(i => MakeResource("user", $"u{i:D5}"))];
        Grant[] grants = [.. users.Select(user => MakeGrant(s_member, user))];
        Dictionary<string, long> firstSeen = [];
        for (int batch = 0; batch < 3; batch++)
        {
            // Each batch re-puts the previous batch's grants and adds a thousand new ones.
            Grant[] slice = grants[Math.Max(0, (batch - 1) * 1000)..((batch + 1) * 1000)];
            store.PutGrants(slice);
            foreach (Grant grant in slice)
            {
                firstSeen.TryAdd(grant.Id, StoredRecords.Get(store, Keyspace.Grant, sync, grant.Id)!.DiscoveredAt);
            }

            _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(3000, firstSeen.Count);
        Assert.All(grants, grant => Assert.Equal(firstSeen[grant.Id], StoredRecords.Get(store, Keyspace.Grant, sync, grant.Id)!.DiscoveredAt));
        Assert.Equal(3, firstSeen.Values.Distinct().Count());
        Assert.Equal(3000, StoredRecords.KeyTails(store, Keyspace.GrantByPrincipal, sync).Count);
    }

    [Fact]
    public void DuplicateIdsInOneBatch_AreOneRecord_WithTheLastBlob()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);

        store.PutResources(s_alice, s_bob, s_alice.Renamed("Alice 2"), s_alice.Renamed("Alice 3"));

        Assert.Equal("Alice 3", store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }).DisplayName);
        Assert.Equal(2, StoredRecords.KeyTails(store, Keyspace.ResourceByType, sync).Count);
    }

    [Fact]
    public void AFailedPut_WritesNothing()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        store.PutResources(s_alice);

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.PutResources(s_alice.Renamed("changed"), s_bob, new Resource()));
        Assert.Throws<ArgumentException>(() => store.PutResources(s_bob, null!));

        Assert.Equal(s_alice, store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }));
        Assert.Null(StoredRecords.Get(store, Keyspace.Resource, sync, "user:bob"));
    }

    [Fact]
    public void Item25_PutGrants_MovesGrantExpandableOutOfTheBlob()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        Any expandable = Expandable("group:g2:member");
        Grant grant = MakeGrant(s_member, s_alice).With(expandable).With(Expandable("other"));
        Grant blank = MakeGrant(s_member, s_bob).With(Expandable("  ", ""));

        store.PutGrants(grant, blank);

        StoredRecords.Stored stored = StoredRecords.Get(store, Keyspace.Grant, sync, grant.Id)!;
        Assert.Equal(MakeGrant(s_member, s_alice).ToByteArray(), stored.Blob);
        Assert.Equal(expandable.Value.ToByteArray(), stored.Expansion);
        Assert.True((stored.Flags & RecordFlags.NeedsExpansion) != 0);
        Assert.Equal([StoredRecords.Tail(grant.Id)], StoredRecords.KeyTails(store, Keyspace.GrantNeedsExpansion, sync));
        Assert.Equal(2, grant.Annotations.Count);

        // All-blank ids: not expandable, but the annotation still leaves the blob.
        StoredRecords.Stored plain = StoredRecords.Get(store, Keyspace.Grant, sync, blank.Id)!;
        Assert.Null(plain.Expansion);
        Assert.Equal(RecordFlags.None, plain.Flags);
        Assert.Equal(MakeGrant(s_member, s_bob).ToByteArray(), plain.Blob);
    }

    [Fact]
    public void Item26_NeedsExpansion_FollowsTheCaseRules()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        Grant plain = MakeGrant(s_member, s_alice);
        bool Needs() => (StoredRecords.Get(store, Keyspace.Grant, sync, plain.Id)!.Flags & RecordFlags.NeedsExpansion) != 0;
        int IndexEntries() => StoredRecords.KeyTails(store, Keyspace.GrantNeedsExpansion, sync).Count;

        store.PutGrants(plain);
        Assert.False(Needs());

        // NULL -> set: 1.
        store.PutGrants(plain.With(Expandable("a")));
        Assert.True(Needs());
        Assert.Equal(1, IndexEntries());

        // Identical: the flag stays.
        store.PutGrants(plain.With(Expandable("a")));
        Assert.True(Needs());

        // Different: 1; the expansion follows.
        store.PutGrants(plain.With(Expandable("b")));
        Assert.True(Needs());
        Assert.Equal(Expandable("b").Value.ToByteArray(), StoredRecords.Get(store, Keyspace.Grant, sync, plain.Id)!.Expansion);

        // None: 0 and NULL, the index entry goes.
        store.PutGrants(plain);
        Assert.False(Needs());
        Assert.Null(StoredRecords.Get(store, Keyspace.Grant, sync, plain.Id)!.Expansion);
        Assert.Equal(0, IndexEntries());
    }

    [Fact]
    public void Item27_StoreExpandedGrants_StripsTheAnnotation_AndKeepsTheExpansionState()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        Grant expandable = MakeGrant(s_member, s_alice).With(Expandable("a"));
        store.PutGrants(expandable);

        store.StoreExpandedGrants(MakeGrant(s_member, s_alice.Renamed("x")).With(Expandable("zzz")), MakeGrant(s_member, s_bob).With(Expandable("b")));

        StoredRecords.Stored kept = StoredRecords.Get(store, Keyspace.Grant, sync, expandable.Id)!;
        Assert.Equal(Expandable("a").Value.ToByteArray(), kept.Expansion);
        Assert.True((kept.Flags & RecordFlags.NeedsExpansion) != 0);
        Grant keptGrant = Grant.Parser.ParseFrom(kept.Blob);
        Assert.Empty(keptGrant.Annotations);
        Assert.Equal("x", keptGrant.Principal.DisplayName);
        StoredRecords.Stored added = StoredRecords.Get(store, Keyspace.Grant, sync, MakeGrant(s_member, s_bob).Id)!;
        Assert.Null(added.Expansion);
        Assert.Equal(RecordFlags.None, added.Flags);
        Assert.Empty(Grant.Parser.ParseFrom(added.Blob).Annotations);
    }

    [Fact]
    public void Item46_PutIfNewer_NeverOverwritesWithAnOlderOrEqualDiscoveredAt()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        DateTimeOffset t0 = _harness.Clock.GetUtcNow();
        store.PutResourceTypesIfNewer(new Discovered<ResourceType>(MakeResourceType("user"), t0));
        store.PutResourcesIfNewer(new Discovered<Resource>(s_alice, t0));
        store.PutEntitlementsIfNewer(new Discovered<Entitlement>(s_member, t0));
        store.PutGrantsIfNewer(new Discovered<Grant>(MakeGrant(s_member, s_alice), t0));

        store.PutResourceTypesIfNewer(new Discovered<ResourceType>(MakeResourceType("user").Renamed("older"), t0.AddTicks(-1)));
        store.PutResourcesIfNewer(new Discovered<Resource>(s_alice.Renamed("equal"), t0));
        store.PutEntitlementsIfNewer(new Discovered<Entitlement>(s_member.Renamed("never"), null));
        store.PutGrantsIfNewer(new Discovered<Grant>(MakeGrant(s_member, s_alice).With(Expandable("a")), t0.AddSeconds(-5)));

        Assert.Equal("USER", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }).DisplayName);
        Assert.Equal(s_alice.DisplayName, store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }).DisplayName);
        Assert.Equal(s_member.DisplayName, store.GetEntitlement(new GetEntitlementRequest { EntitlementId = s_member.Id }).DisplayName);
        Assert.Null(StoredRecords.Get(store, Keyspace.Grant, sync, MakeGrant(s_member, s_alice).Id)!.Expansion);

        // A later one replaces the blob and the stamp.
        store.PutResourcesIfNewer(new Discovered<Resource>(s_alice.Renamed("newer"), t0.AddTicks(1)));
        Assert.Equal("newer", store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }).DisplayName);
        Assert.Equal(SyncStore.ToUnixNanos(t0.AddTicks(1)), StoredRecords.Get(store, Keyspace.Resource, sync, "user:alice")!.DiscoveredAt);
    }

    [Fact]
    public void DeleteGrant_RemovesTheRecordAndItsIndexEntries_AndAMissingOneIsNoError()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        Grant grant = MakeGrant(s_member, s_alice).With(Expandable("a"));
        store.PutGrants(grant, MakeGrant(s_member, s_bob));

        store.DeleteGrant(grant.Id);
        store.DeleteGrant(grant.Id);
        store.DeleteGrant("never-there");

        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetGrant(new GetGrantRequest { GrantId = grant.Id }));
        foreach (Keyspace index in new[] { Keyspace.GrantByEntitlement, Keyspace.GrantByEntitlementResource, Keyspace.GrantByPrincipal })
        {
            Assert.Single(StoredRecords.KeyTails(store, index, sync));
        }

        Assert.Empty(StoredRecords.KeyTails(store, Keyspace.GrantNeedsExpansion, sync));
    }

    [Fact]
    public void Item9_PointGets_DefaultToTheLatestFinishedSync_FullForResources_AnyForTheRest()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user").Renamed("from full"));
        store.PutResources(s_alice.Renamed("from full"));
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        store.StartNewSync(SyncType.Partial);
        store.PutResourceTypes(MakeResourceType("user").Renamed("from partial"));
        store.PutResources(s_alice.Renamed("from partial"));
        store.EndSync();

        Assert.Equal("from partial", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }).DisplayName);
        Assert.Equal("from full", store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }).DisplayName);

        // A newer full sync ending refreshes the cached default.
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        store.StartNewSync(SyncType.Full);
        store.PutResources(s_alice.Renamed("from full 2"));
        Assert.Equal("from full 2", store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }).DisplayName);
        store.EndSync();
        Assert.Equal("from full 2", store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }).DisplayName);
    }

    [Fact]
    public void Item10_ASyncDetailsAnnotationOrSyncId_OverridesTheSync_AndAMalformedOneIsInvalidArgument()
    {
        using SyncStore store = _harness.Open();
        string first = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user").Renamed("first"));
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user").Renamed("second"));
        store.EndSync();

        Any details = Any.Pack(new C1.C1Z.V1.SyncDetails { Id = first });
        Assert.Equal("first", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user", Annotations = [details] }).DisplayName);
        Assert.Equal("first", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user", SyncId = first }).DisplayName);
        Assert.Equal("second", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }).DisplayName);

        Any malformed = new() { TypeUrl = details.TypeUrl, Value = ByteString.CopyFrom(0xFF, 0xFF) };
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user", Annotations = [malformed] }));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user", SyncId = "nope" }));
    }

    [Fact]
    public void PointGets_WithNoSyncResolved_MatchAnySync()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutEntitlements(s_member);

        // Nothing finished and the clock past the unfinished window: no sync resolves, so the get is unfiltered.
        using (SyncStore reopened = ReopenAfter(store, TimeSpan.FromDays(8)))
        {
            Assert.Equal(s_member, reopened.GetEntitlement(new GetEntitlementRequest { EntitlementId = s_member.Id }));
        }
    }

    [Fact]
    public void Item43_FieldsSurviveARoundTrip()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        ResourceType type = new() { Id = "user", Description = "people", SourcedExternally = true };
        Resource resource = MakeResource("user", "dana", s_group);
        resource.Profile = new Struct { Fields = { ["z"] = Value.ForString("last"), ["a"] = Value.ForNumber(1) } };
        resource.Status = new Status { Status_ = Status.Types.ResourceStatus.Disabled, Details = "locked" };
        resource.CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero));
        resource.Icon = new AssetRef { Id = "icon-1" };
        Entitlement entitlement = MakeEntitlement(s_group, "admin");
        entitlement.GrantableTo.Add(MakeResourceType("user"));
        Grant grant = MakeGrant(entitlement, resource);
        grant.Sources = new GrantSources { Sources = { ["z-src"] = new GrantSources.Types.GrantSource { IsDirect = true }, ["a-src"] = new GrantSources.Types.GrantSource() } };

        store.PutResourceTypes(type);
        store.PutResources(resource);
        store.PutEntitlements(entitlement);
        store.PutGrants(grant);

        Assert.Equal(type, store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }));
        Assert.Equal(resource, store.GetResource(new GetResourceRequest { ResourceId = resource.Id }));
        Assert.Equal(entitlement, store.GetEntitlement(new GetEntitlementRequest { EntitlementId = entitlement.Id }));
        Grant read = store.GetGrant(new GetGrantRequest { GrantId = grant.Id });
        Assert.Equal(grant, read);
        Assert.Equal(s_group.Id, read.Principal.ParentResourceId);

        // Maps are stored in ascending key order whatever order the caller built them in; the caller's message is unchanged.
        Assert.Equal(["a-src", "z-src"], read.Sources.Sources.Keys);
        Assert.Equal(["a", "z"], read.Principal.Profile.Fields.Keys);
        Assert.Equal(["z-src", "a-src"], grant.Sources.Sources.Keys);
    }

    [Fact]
    public void UnknownFields_AreKeptThroughAPutAndAGet()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);

        // Field 99 (a string) is unknown to our Resource: a newer writer's field.
        byte[] withUnknown = [.. s_alice.ToByteArray(), 0x9A, 0x06, 0x03, (byte)'n', (byte)'e', (byte)'w'];
        Resource parsed = Resource.Parser.ParseFrom(withUnknown);
        store.PutResources(parsed);

        Resource read = store.GetResource(new GetResourceRequest { ResourceId = s_alice.Id });
        Assert.Equal(withUnknown, read.ToByteArray());
        Assert.Equal(parsed, read);
    }

    [Fact]
    public void ADamagedValue_IsCorruptionNamingItsKey()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        store.PutEntitlements(s_member);
        using KeyBuilder key = new();
        byte[] damagedKey = key.Begin(Keyspace.Entitlement, Engine.Core.Identifiers.Ksuid.Parse(sync)).Append(s_member.Id).ToArray();
        store.Db.Put(damagedKey, [EntityRecord.Version, 0, 0]);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => store.GetEntitlement(new GetEntitlementRequest { EntitlementId = s_member.Id }));

        Assert.Equal(damagedKey, ex.Key);
    }

    private SyncStore ReopenAfter(SyncStore store, TimeSpan wait)
    {
        store.Dispose();
        _harness.Clock.Advance(wait);
        return _harness.Open();
    }
}
