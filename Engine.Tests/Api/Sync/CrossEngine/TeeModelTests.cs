using System.Globalization;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Tee;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// Seeded random sequences of sync operations (start, resume, set current, put in batches, put if newer, delete grant,
/// store expanded grants, checkpoint, end, view, cleanup, diff, clone, reopen, sessions, assets, time passing) run
/// through a tee over our LSM store and the secondary backend (<see cref="CrossEngineBackends"/>) that throws on the
/// first divergence, with reads checked after every step; each clone is opened on both engines and compared through a
/// tee of its own. 200 sequences by default; ENGINE_TEE_SEQUENCES sets another count (the long mode), ENGINE_TEST_SEED
/// replays one sequence.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class TeeModelTests(ITestOutputHelper output)
{
    private const int DefaultSequences = 200;
    private const int Steps = 24;

    [Fact]
    public void RandomSequences_ThroughTheTee_HaveNoDivergence()
    {
        string? configured = Environment.GetEnvironmentVariable("ENGINE_TEE_SEQUENCES");
        int sequences = configured is null ? DefaultSequences : int.Parse(configured, CultureInfo.InvariantCulture);
        int operations = 0;
        TestSeed.Run(output, nameof(RandomSequences_ThroughTheTee_HaveNoDivergence), sequences, seed => operations += new Sequence(new Random(seed)).Run(Steps));
        output.WriteLine($"{sequences} sequences, {operations} operations and checks, against {CrossEngineBackends.CreateSecondary().Name}");
    }

    /// <summary>One sequence: a tee over a fresh pair of stores and the random source that drives it.</summary>
    private sealed class Sequence(Random random)
    {
        private static readonly SyncType[] s_startTypes = [SyncType.Full, SyncType.Full, SyncType.Partial, SyncType.ResourcesOnly, SyncType.Any];

        private readonly List<string> _log = [];
        private readonly List<string> _syncs = [];
        private TeePair _pair = null!;
        private int _operations;
        private int _clones;

        private TeeSyncStore Store => _pair.Store;

        public int Run(int steps)
        {
            using TeePair pair = new();
            _pair = pair;
            try
            {
                for (int step = 0; step < steps; step++)
                {
                    Step();
                    _pair.Clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, 1000)));
                    Check(Store);
                }
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException("after: " + string.Join(" | ", _log.TakeLast(15)), ex);
            }

            return _operations;
        }

        private void Step()
        {
            switch (random.Next(24))
            {
                case 0 or 1 or 2:
                    {
                        SyncType type = Pick(s_startTypes);
                        string parent = random.Next(4) == 0 ? AnySync() : "";
                        Do($"start {type} parent={parent}", () => _syncs.Add(Store.StartNewSync(type, parent)));
                        break;
                    }

                case 3:
                    {
                        SyncType type = Pick(SyncType.Full, SyncType.Partial, SyncType.Any);
                        string id = random.Next(3) == 0 ? "" : AnySync();
                        Do($"resume {type} {id}", () => Store.ResumeSync(type, id));
                        break;
                    }

                case 4:
                    {
                        string id = random.Next(3) == 0 ? "" : AnySync();
                        Do($"start or resume {id}", () => _syncs.Add(Store.StartOrResumeSync(SyncType.Full, id).SyncId));
                        break;
                    }

                case 5:
                    {
                        string id = AnySync();
                        Do($"set current {id}", () => Store.SetCurrentSync(id));
                        break;
                    }

                case 6 or 7 or 8:
                    PutBatch();
                    break;
                case 9:
                    PutIfNewer();
                    break;
                case 10:
                    {
                        string id = GrantOf(random.Next(4), random.Next(6)).Id;
                        Do($"delete grant {id}", () => Store.DeleteGrant(id));
                        break;
                    }

                case 11:
                    {
                        Grant[] batch = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => GrantOf(random.Next(4), random.Next(6)))];
                        Do($"store expanded {batch.Length}", () => Store.Grants.StoreExpandedGrants(batch));
                        break;
                    }

                case 12:
                    {
                        string token = $"{{\"step_durations_ms\":{{\"grants\":{random.Next(100)}}}}}";
                        Do($"checkpoint {token}", () => Store.CheckpointSync(token));
                        break;
                    }

                case 13 or 14:
                    Do("end", Store.EndSync);
                    break;
                case 15:
                    {
                        string id = random.Next(3) == 0 ? "" : AnySync();
                        Do($"view {id}", () => Store.ViewSync(id));
                        break;
                    }

                case 16:
                    Do("cleanup", Store.Cleanup);
                    break;
                case 17:
                    {
                        string baseId = AnySync();
                        string applied = AnySync();
                        Do($"diff {baseId} {applied}", () => _syncs.Add(Store.FileOps.GenerateSyncDiff(baseId, applied)));
                        break;
                    }

                case 18:
                    Clone();
                    break;
                case 19:
                    _log.Add("reopen");
                    _pair.Reopen();
                    break;
                case 20:
                    Sessions();
                    break;
                case 21:
                    {
                        string id = $"asset{random.Next(3)}";
                        byte[] data = new byte[random.Next(0, 64)];
                        random.NextBytes(data);
                        Do($"put asset {id} {data.Length}", () => Store.PutAsset(new AssetRef { Id = id }, random.Next(2) == 0 ? "" : "image/png", data));
                        break;
                    }

                default:
                    {
                        TimeSpan wait = random.Next(5) == 0 ? TimeSpan.FromDays(random.Next(1, 9)) : TimeSpan.FromSeconds(random.Next(1, 5));
                        _log.Add($"wait {wait}");
                        _pair.Clock.Advance(wait);
                        break;
                    }
            }
        }

        private void PutBatch()
        {
            int size = random.Next(1, 6);
            switch (random.Next(4))
            {
                case 0:
                    Do($"put types {size}", () => Store.PutResourceTypes([.. Enumerable.Range(0, size).Select(_ => MakeResourceType(Pick("user", "group", "app")).Renamed($"v{random.Next(3)}"))]));
                    break;
                case 1:
                    Do($"put resources {size}", () => Store.PutResources([.. Enumerable.Range(0, size).Select(_ => UserOf(random.Next(6), random.Next(4)))]));
                    break;
                case 2:
                    Do($"put entitlements {size}", () => Store.PutEntitlements([.. Enumerable.Range(0, size).Select(_ => EntitlementOf(random.Next(4)).Renamed($"v{random.Next(3)}"))]));
                    break;
                default:
                    Do($"put grants {size}", () => Store.PutGrants([.. Enumerable.Range(0, size).Select(_ => GrantOf(random.Next(4), random.Next(6)))]));
                    break;
            }
        }

        private void PutIfNewer()
        {
            DateTimeOffset? at = random.Next(5) == 0 ? null : _pair.Clock.GetUtcNow().AddSeconds(random.Next(-20, 20));
            if (random.Next(2) == 0)
            {
                Resource resource = UserOf(random.Next(6), random.Next(4));
                Do($"put resource if newer {resource.Id.Resource} at {at:O}", () => Store.PutResourcesIfNewer(new Discovered<Resource>(resource, at)));
            }
            else
            {
                Grant grant = GrantOf(random.Next(4), random.Next(6));
                Do($"put grant if newer {grant.Id} at {at:O}", () => Store.PutGrantsIfNewer(new Discovered<Grant>(grant, at)));
            }
        }

        private void Sessions()
        {
            SessionScope scope = new(AnySync(), random.Next(3) == 0 ? "p:" : "");
            string key = $"k{random.Next(4)}";
            switch (random.Next(3))
            {
                case 0:
                    Do($"session put {scope} {key}", () => Store.Sessions.Put(scope, key, [(byte)random.Next(256)]));
                    break;
                case 1:
                    Do($"session delete {scope} {key}", () => Store.Sessions.Delete(scope, key));
                    break;
                default:
                    Do($"session clear {scope}", () => Store.Sessions.Clear(scope));
                    break;
            }
        }

        /// <summary>Clones a sync on both engines; when it worked, opens both clones and compares them through a tee.</summary>
        private void Clone()
        {
            string id = random.Next(4) == 0 ? "" : AnySync();
            string path = $"/out/clone-{_clones++}.c1zl";
            Do($"clone {id}", () => Store.FileOps.CloneSync(path, id));
            if (!_pair.PrimaryFs.Exists(path))
            {
                return;
            }

            using TeeSyncStore clones = _pair.OpenClones(path);
            Check(clones);
            SyncRunInfo run = Assert.Single(clones.ListSyncRuns(0, null).Items);
            Assert.Equal(run.Id, id.Length == 0 ? run.Id : id);
            clones.Close();
        }

        /// <summary>Reads whose answers the tee compares (and throws on a divergence); expected errors are swallowed.</summary>
        private void Check(TeeSyncStore store)
        {
            int size = Pick(0, 1, 2, 7);
            Pages(t => store.ListResources(new ListResourcesRequest { PageSize = size, PageToken = t }));
            Pages(t => store.ListGrants(new ListGrantsRequest { PageSize = size, PageToken = t }));
            Pages(t => store.ListSyncRuns(size, t));
            Pages(store.Grants.PendingExpansionPage);
            Pages(t => store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { PageSize = size, PageToken = t, Entitlements = [EntitlementOf(random.Next(4)), EntitlementOf(random.Next(4))] }));
            string sync = AnySync();
            Pages(t => store.ListEntitlements(new ListEntitlementsRequest { SyncId = sync, PageSize = size, PageToken = t }));
            Try(() => store.GetResource(new GetResourceRequest { ResourceId = UserOf(random.Next(6), 0).Id }));
            Try(() => store.GetGrant(new GetGrantRequest { GrantId = GrantOf(random.Next(4), random.Next(6)).Id }));
            Try(() => store.LatestFinishedSyncId(SyncType.Full));
            Try(() => store.LatestFinishedSyncId(SyncType.Any));
            Try(() => store.PreviousSyncId(SyncType.Any));
            Try(() => store.CurrentSyncStep());
            Try(() => store.SyncMeta.Stats(SyncType.Any, sync));
            Try(() => store.SyncMeta.StatsV2(SyncType.Any, ""));
            Try(() => store.GetSync(sync));
            Try(() => store.Sessions.GetAll(new SessionScope(sync), null));
            Try(() => store.StreamGrants("", new GrantStreamFilter { IncludeExpansion = true }).Count());
            Try(() => store.GetAsset(new GetAssetRequest { Asset = new AssetRef { Id = $"asset{random.Next(3)}" } }).Dispose());
        }

        private void Do(string what, Action action)
        {
            _log.Add(what);
            _operations++;
            try
            {
                action();
            }
            catch (StorageException)
            {
                // An expected outcome: the tee compared it with the secondary's.
            }
        }

        private void Pages<T>(Func<string?, Page<T>> page)
        {
            string? token = null;
            do
            {
                _operations++;
                try
                {
                    token = page(token).NextPageToken;
                }
                catch (StorageException)
                {
                    return;
                }
            }
            while (token.Length > 0);
        }

        private void Try<T>(Func<T> read)
        {
            _operations++;
            try
            {
                _ = read();
            }
            catch (StorageException)
            {
            }
        }

        private void Try(Action read) => Try(() => { read(); return 0; });

        private static Resource Group(int n) => MakeResource("group", $"g:{n}");

        private static Resource UserOf(int id, int variant) =>
            MakeResource("user", $"u{id}ü", variant % 2 == 0 ? Group(variant / 2) : null).Renamed($"v{variant}");

        private static Entitlement EntitlementOf(int n) => MakeEntitlement(Group(n % 2), n < 2 ? "member" : "admin");

        private static Grant GrantOf(int entitlement, int variant)
        {
            Grant grant = MakeGrant(EntitlementOf(entitlement), MakeResource("user", $"u{variant % 3}ü"));
            grant.Principal.DisplayName = $"v{variant}";
            return (variant % 3) switch
            {
                1 => grant.With(Expandable(EntitlementOf(0).Id)),
                2 => grant.With(Expandable(EntitlementOf(3).Id)),
                _ => grant,
            };
        }

        private string AnySync() => _syncs.Count == 0 || random.Next(8) == 0
            ? Engine.Core.Identifiers.Ksuid.NewKsuid(_pair.Clock.GetUtcNow()).ToString()
            : _syncs[random.Next(_syncs.Count)];

        private T Pick<T>(params T[] options) => options[random.Next(options.Length)];
    }
}
