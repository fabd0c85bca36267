using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Tee;
using Engine.Api.Sync.V1;
using Engine.Sqlite;
using Engine.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// The real v1 fixtures (shared/fixtures/c1z) imported into our LSM store without native code, and the same files
/// opened by the SQLite reference backend (which migrates and backfills them as the reference does): every reader
/// method, with every filter and page size, answers the same on both, through a tee that throws on the first divergence.
/// Run at two clocks: near the fixture's start (the 7-day unfinished-sync fallback resolves its sync) and months later
/// (nothing resolves, reads run unfiltered).
/// </summary>
public sealed class FixtureEquivalenceTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "in-progress.c1z", "2026-03-03T12:00:00Z" },
        { "in-progress.c1z", "2026-12-01T00:00:00Z" },
        { "org-1k-resources.c1z", "2025-12-17T18:00:00Z" },
        { "org-1k-resources.c1z", "2026-12-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Imported_store_and_SQLite_backend_answer_every_reader_alike(string fixture, string now)
    {
        int seed = TestSeed.Get(output, $"{nameof(Imported_store_and_SQLite_backend_answer_every_reader_alike)}({fixture}, {now})");
        FakeTimeProvider clock = new(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        using TempDirectory directory = new("fixture-equivalence");
        string copy = directory.Combine(fixture);
        File.Copy(SharedFixtures.C1z(fixture), copy);
        Directory.CreateDirectory(directory.Combine("scratch"));

        SyncStoreOptions options = new() { TimeProvider = clock, TempDirectory = directory.Combine("scratch") };
        using (SyncStore imported = SyncStore.CreateFromV1(copy, directory.Combine("lsm"), options, new V1ImportOptions { TimeZone = clock.LocalTimeZone, TempDirectory = directory.Combine("scratch") }))
        {
            imported.Close();
        }

        // Reopened, so what is compared is what the import made durable (and neither side has unsaved changes).
        SyncStore lsm = SyncStore.Open(directory.Combine("lsm"), options);
        ISyncStore sqlite = SqliteSyncStore.Open(copy, new SqliteSyncStoreOptions { TimeProvider = clock, TempDirectory = directory.Combine("scratch"), ReadOnly = true });
        using TeeSyncStore tee = new(lsm, sqlite, new TeeOptions { ThrowOnDivergence = true, TimestampTolerance = TimeSpan.Zero });

        DatasetFacts facts = FactsOf(lsm);
        ReaderSweep sweep = new(tee, facts, new Random(seed));
        sweep.Run();
        output.WriteLine($"{fixture} at {now}: {sweep.Calls} reads compared, {facts.Resources.Count} resources, {facts.Grants.Count} grants");
        Assert.NotEmpty(facts.Resources);
        Assert.Single(facts.SyncIds);
    }

    /// <summary>What the imported store holds, read back through its own listings.</summary>
    private static DatasetFacts FactsOf(SyncStore store)
    {
        DatasetFacts facts = new();
        foreach (SyncRunInfo run in StoreAnswers.All(t => store.ListSyncRuns(100, t)))
        {
            facts.SyncIds.Add(run.Id);
            foreach (ResourceType type in StoreAnswers.All(t => store.ListResourceTypes(new ListResourceTypesRequest { SyncId = run.Id, PageToken = t })))
            {
                facts.ResourceTypeIds.Add(type.Id);
            }

            facts.Resources.AddRange(StoreAnswers.All(t => store.ListResources(new ListResourcesRequest { SyncId = run.Id, PageToken = t })));
            facts.Entitlements.AddRange(StoreAnswers.All(t => store.ListEntitlements(new ListEntitlementsRequest { SyncId = run.Id, PageToken = t })));
            facts.Grants.AddRange(StoreAnswers.All(t => store.ListGrants(new ListGrantsRequest { SyncId = run.Id, PageToken = t })));
        }

        return facts;
    }
}
