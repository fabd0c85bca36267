using C1.Connector.V2;
using Engine.Api.Sync;
using Microsoft.Extensions.Time.Testing;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// Generates a seeded dataset into a store: several syncs of several types (full, resources only, partial with a
/// parent, an additions diff, one left open), resource types, resources with and without parents, entitlements, grants
/// with and without GrantExpandable, principals of several types, assets, session values, upserts, put-if-newer and
/// deletes, with ids holding ':' and non-ASCII characters.
/// </summary>
internal static class CrossEngineDataset
{
    private static readonly string[] s_principalTypes = ["user", "group", "svc:acct", "rôle"];

    /// <summary>Writes the dataset through <paramref name="store"/> and returns what it holds.</summary>
    public static DatasetFacts Build(ISyncStore store, FakeTimeProvider clock, Random random, int scale = 12)
    {
        DatasetFacts facts = new();
        string first = FullSync(store, clock, random, facts, scale, SyncType.Full);
        FullSync(store, clock, random, facts, scale / 2, SyncType.ResourcesOnly);

        clock.Advance(TimeSpan.FromSeconds(1));
        string partial = store.StartNewSync(SyncType.Partial, first);
        facts.SyncIds.Add(partial);
        Fill(store, clock, random, facts, scale / 3);
        store.EndSync();

        string second = FullSync(store, clock, random, facts, scale, SyncType.Full);
        clock.Advance(TimeSpan.FromSeconds(1));
        facts.SyncIds.Add(store.FileOps.GenerateSyncDiff(first, second));

        // One sync stays open: the cascade then resolves reads differently from the finished ones.
        clock.Advance(TimeSpan.FromSeconds(1));
        if (random.Next(2) == 0)
        {
            facts.SyncIds.Add(store.StartNewSync(SyncType.Full));
            Fill(store, clock, random, facts, scale / 2);
        }

        return facts;
    }

    private static string FullSync(ISyncStore store, FakeTimeProvider clock, Random random, DatasetFacts facts, int scale, SyncType type)
    {
        clock.Advance(TimeSpan.FromSeconds(1));
        string id = store.StartNewSync(type);
        facts.SyncIds.Add(id);
        Fill(store, clock, random, facts, scale);
        store.CheckpointSync($"{{\"step_durations_ms\":{{\"resources\":{random.Next(1000)}}}}}");
        store.EndSync();
        return id;
    }

    private static void Fill(ISyncStore store, FakeTimeProvider clock, Random random, DatasetFacts facts, int scale)
    {
        scale = Math.Max(scale, 2);
        ResourceType[] types = [.. s_principalTypes.Select(t => MakeResourceType(t)), MakeResourceType("app")];
        store.PutResourceTypes(types.Where(_ => random.Next(5) > 0).ToArray());
        facts.ResourceTypeIds.UnionWith(types.Select(t => t.Id));

        List<Resource> groups = [.. Enumerable.Range(0, scale / 2 + 1).Select(i => MakeResource("group", $"g{i}"))];
        List<Resource> principals = [.. Enumerable.Range(0, scale).Select(i => MakeResource(s_principalTypes[random.Next(s_principalTypes.Length)], Name(random, "p", i)))];
        List<Resource> apps = [.. Enumerable.Range(0, scale / 2).Select(i => MakeResource("app", Name(random, "a", i), random.Next(3) == 0 ? null : groups[random.Next(groups.Count)]))];
        foreach (List<Resource> batch in new[] { groups, principals, apps })
        {
            store.PutResources(batch.ToArray());
        }

        facts.Resources.AddRange(groups.Concat(principals).Concat(apps));

        // Upserts with a new display name, and put-if-newer records around the current time.
        store.PutResources(principals.Where(_ => random.Next(4) == 0).Select(r => r.Renamed("renamed")).ToArray());
        clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, 500)));
        store.PutResourcesIfNewer(apps.Take(2).Select(r => new Discovered<Resource>(r.Renamed("newer"), clock.GetUtcNow().AddSeconds(random.Next(-5, 5)))).ToArray());

        List<Entitlement> entitlements = [.. groups.Select(g => MakeEntitlement(g, "member")), .. apps.SelectMany(a => new[] { MakeEntitlement(a, "access"), MakeEntitlement(a, "adm:ïn") })];
        store.PutEntitlements(entitlements.ToArray());
        facts.Entitlements.AddRange(entitlements);

        List<Grant> grants = [];
        for (int i = 0; i < scale * 3; i++)
        {
            Entitlement entitlement = entitlements[random.Next(entitlements.Count)];
            Resource principal = random.Next(3) == 0 ? groups[random.Next(groups.Count)] : principals[random.Next(principals.Count)];
            Grant grant = MakeGrant(entitlement, principal);
            if (random.Next(4) == 0)
            {
                grant = grant.With(Expandable(entitlements[random.Next(entitlements.Count)].Id));
            }

            grants.Add(grant);
        }

        // Batches of several sizes; the same grant id may come twice (an upsert).
        for (int start = 0; start < grants.Count;)
        {
            int size = Math.Min(grants.Count - start, random.Next(1, 8));
            store.PutGrants(grants.GetRange(start, size).ToArray());
            start += size;
        }

        facts.Grants.AddRange(grants);
        for (int i = 0; i < 2; i++)
        {
            store.DeleteGrant(grants[random.Next(grants.Count)].Id);
        }

        store.DeleteGrant("no-such-grant");
        if (random.Next(2) == 0)
        {
            store.Grants.StoreExpandedGrants(grants.Take(3).Select(Expanded).ToArray());
        }

        string asset = $"asset-{random.Next(3)}:ü";
        store.PutAsset(new AssetRef { Id = asset }, random.Next(2) == 0 ? "" : "image/png", RandomBytes(random, random.Next(1, 300)));
        store.PutAsset(new AssetRef { Id = "empty" }, "text/plain", ReadOnlySpan<byte>.Empty);
        facts.AssetIds.UnionWith([asset, "empty"]);
    }

    /// <summary>Session values in every sync of the dataset, with and without a prefix, some deleted.</summary>
    public static void Sessions(ISyncStore store, Random random, DatasetFacts facts)
    {
        foreach (string sync in facts.SyncIds)
        {
            for (int i = 0; i < 6; i++)
            {
                string key = Name(random, "k", i);
                facts.SessionKeys.Add(key);
                store.Sessions.Put(new SessionScope(sync, random.Next(3) == 0 ? "pre:" : ""), key, RandomBytes(random, random.Next(0, 40)));
            }

            store.Sessions.PutMany(new SessionScope(sync), new Dictionary<string, byte[]> { ["many:1"] = [1], ["many:2"] = [2, 2] });
            facts.SessionKeys.UnionWith(["many:1", "many:2"]);
            store.Sessions.Delete(new SessionScope(sync), facts.SessionKeys.First());
        }
    }

    /// <summary>The grant as the expander writes it back: its principal's name changed, so its blob differs.</summary>
    private static Grant Expanded(Grant grant)
    {
        Grant copy = grant.Clone();
        copy.Principal.DisplayName = "expanded";
        return copy;
    }

    /// <summary>An id with ':' or non-ASCII characters now and then.</summary>
    private static string Name(Random random, string prefix, int i) => random.Next(4) switch
    {
        0 => $"{prefix}:{i}",
        1 => $"{prefix}ü{i}",
        2 => $"{prefix}{i}✓",
        _ => $"{prefix}{i}",
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
