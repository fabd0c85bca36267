using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// Our LSM store against the secondary backend (<see cref="CrossEngineBackends"/>: the SQLite reference backend) on
/// seeded generated datasets: every reader method with every filter and page size, error cases included, through a tee
/// that throws on the first divergence; then both stores are closed, reopened and swept again.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class CrossEngineEquivalenceTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryReader_AnswersAlike_OnGeneratedDatasets() =>
        TestSeed.Run(output, nameof(EveryReader_AnswersAlike_OnGeneratedDatasets), 3, seed =>
        {
            using TeePair pair = new();
            Random random = new(seed);
            DatasetFacts facts = CrossEngineDataset.Build(pair.Store, pair.Clock, random, scale: 8 + random.Next(10));
            CrossEngineDataset.Sessions(pair.Store, random, facts);
            ReaderSweep sweep = new(pair.Store, facts, random);
            sweep.Run();

            // The secondary holds the data itself (the sweep compared it with the primary's).
            Assert.NotEmpty(pair.Store.Secondary.ListGrants(new ListGrantsRequest()).Items);
            pair.Store.EndSyncIfOpen();
            pair.Reopen();
            ReaderSweep again = new(pair.Store, facts, random, everyPageSize: false);
            again.Run();
            output.WriteLine($"seed {seed} against {pair.Secondary.Name}: {sweep.Calls + again.Calls} reads compared over {facts.SyncIds.Count} syncs");
        });

    [Fact]
    public void EveryReader_AnswersAlike_OnAnEmptyStore() =>
        TestSeed.Run(output, nameof(EveryReader_AnswersAlike_OnAnEmptyStore), 1, seed =>
        {
            // The ids to ask about come from a dataset written elsewhere; the tee's stores hold no sync at all.
            using TeePair pair = new();
            using LsmSecondaryBackend elsewhere = new();
            using ISyncStore scratch = elsewhere.Open(pair.Clock);
            Random random = new(seed);
            DatasetFacts facts = CrossEngineDataset.Build(scratch, pair.Clock, random, scale: 4);
            ReaderSweep sweep = new(pair.Store, facts, random);
            sweep.Run();
            output.WriteLine($"seed {seed} against {pair.Secondary.Name}: {sweep.Calls} reads of an empty store compared");
        });
}
