using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Tests.Api.Sync.Model;
using Engine.Tests.Infrastructure;
using Google.Protobuf;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// Random sequences of sync operations (start, resume, set current, put in batches, put if newer, delete grant,
/// checkpoint, end, view, diff, cleanup, clone, pack and reopen from the artifact, reopen, time passing) against <see cref="SyncModel"/>, the reference's SQLite semantics
/// written from the spec: after every step the outcome (or error code) and the stored state of every sync (records,
/// blobs, first stamps, side columns through the indexes, expansion state, runs) must match. A failure prints its seed;
/// ENGINE_TEST_SEED replays it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncModelTests(ITestOutputHelper output)
{
    private const int Steps = 200;

    [Fact]
    public void RandomSyncSequences_MatchTheModel() =>
        TestSeed.Run(output, nameof(RandomSyncSequences_MatchTheModel), 12, seed => new Run(new Random(seed)).Execute(Steps));

    /// <summary>One sequence: a store, the model, and the random source both are driven by.</summary>
    private sealed class Run(Random random)
    {
        private readonly SyncStoreHarness _harness = new();
        private readonly SyncModel _model = new();
        private readonly List<string> _log = [];
        private SyncStore _store = null!;

        // Set once the store was packed and reopened from the artifact: reopening then closes (repacking) and reopens it.
        private string? _artifact;
        private int _clones;

        public void Execute(int steps)
        {
            _harness.Fs.CreateDirectory("/out");
            _harness.Fs.CreateDirectory("/scratch");
            _store = _harness.Open(Options);
            try
            {
                for (int step = 0; step < steps; step++)
                {
                    Step();
                    Compare();
                }

                Engine.Api.Sync.Results.IndexVerifyReport report = _store.VerifyIndexes();
                Assert.True(report.IsClean, string.Join("; ", report.Problems));
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException("after: " + string.Join(" | ", _log.TakeLast(15)), ex);
            }
            finally
            {
                _store.Dispose();
            }
        }

        private long Now => SyncStore.ToUnixNanos(_harness.Clock.GetUtcNow());

        private SyncStoreOptions Options => new() { TempDirectory = "/scratch", TimeProvider = _harness.Clock };

        private void Step()
        {
            switch (random.Next(22))
            {
                case 0:
                case 1:
                case 19:
                case 20:
                    {
                        SyncType type = Pick(SyncType.Full, SyncType.Full, SyncType.Partial, SyncType.ResourcesOnly, SyncType.Any);
                        string parent = random.Next(4) == 0 ? AnySyncId() : "";
                        Same($"start {type} parent={parent}", () => _store.StartNewSync(type, parent), () => (_model.StartNewSync(type, parent, () => "", Now, out _), null));
                        break;
                    }

                case 2:
                    {
                        SyncType type = Pick(SyncType.Full, SyncType.Partial, SyncType.Any);
                        string id = random.Next(3) == 0 ? "" : AnySyncId();
                        Same($"resume {type} {id}", () => _store.ResumeSync(type, id), () => (_model.ResumeSync(type, id, Now), _model.Current?.Id));
                        break;
                    }

                case 3:
                    {
                        string id = AnySyncId();
                        Same($"set current {id}", () => { _store.SetCurrentSync(id); return id; }, () => (_model.SetCurrentSync(id), id));
                        break;
                    }

                case 4:
                case 5:
                case 6:
                    PutResources();
                    break;
                case 7:
                case 8:
                    PutGrants();
                    break;
                case 9:
                    PutIfNewer();
                    break;
                case 10:
                    {
                        string id = $"g{random.Next(6)}";
                        Same($"delete grant {id}", () => { _store.DeleteGrant(id); return ""; }, () => (_model.DeleteGrant(id), ""));
                        break;
                    }

                case 11:
                    {
                        string token = $"{{\"step\":{random.Next(100)}}}";
                        Same($"checkpoint {token}", () => { _store.CheckpointSync(token); return ""; }, () => (_model.Checkpoint(token), ""));
                        break;
                    }

                case 12:
                case 21:
                    Same("end", () => { _store.EndSync(); return ""; }, () => (_model.EndSync(Now), ""));
                    break;
                case 13:
                    {
                        string id = random.Next(4) == 0 ? "" : AnySyncId();
                        Same($"view {id}", () => { _store.ViewSync(id); return ""; }, () => (_model.ViewSync(id), ""));
                        break;
                    }

                case 14:
                    if (_model.Syncs.Count >= 2)
                    {
                        string baseId = AnySyncId();
                        string applied = AnySyncId();
                        string made = "";
                        Same($"diff {baseId} {applied}", () => made = _store.GenerateSyncDiff(baseId, applied), () => (_model.GenerateSyncDiff(baseId, applied, () => made, Now, out _), null));
                    }

                    break;
                case 15:
                    Same("cleanup", () => { _store.Cleanup(); return ""; }, () => (_model.Cleanup(), ""));
                    break;
                case 16:
                    Clone();
                    break;
                case 17:
                    _log.Add("pack and reopen from the artifact");
                    _artifact ??= "/out/store.c1zl";
                    _store.Pack(_artifact);
                    _store.Dispose();
                    _store = SyncStore.OpenArtifact(_harness.Fs, _artifact, Options);
                    _model.Reopen();
                    break;
                default:
                    if (random.Next(3) == 0)
                    {
                        _log.Add("reopen");
                        if (_artifact is null)
                        {
                            _store.Dispose();
                            _store = _harness.Open(Options);
                        }
                        else
                        {
                            _store.Close();
                            _store = SyncStore.OpenArtifact(_harness.Fs, _artifact, Options);
                        }

                        _model.Reopen();
                    }

                    TimeSpan wait = random.Next(4) == 0 ? TimeSpan.FromDays(random.Next(1, 9)) : TimeSpan.FromSeconds(random.Next(1, 5));
                    _log.Add($"wait {wait}");
                    _harness.Clock.Advance(wait);
                    break;
            }
        }

        /// <summary>Clones a sync into a new artifact; the clone must hold exactly that sync, as the model has it.</summary>
        private void Clone()
        {
            string id = random.Next(4) == 0 ? "" : AnySyncId();
            string path = $"/out/clone-{_clones++}.c1zl";
            ModelSync? cloned = null;
            Same($"clone {id}", () => { _store.CloneSync(path, id); return ""; }, () => (_model.Clone(id, out cloned), ""));
            if (!_harness.Fs.Exists(path))
            {
                return;
            }

            using SyncStore clone = SyncStore.OpenArtifact(_harness.Fs, path, Options);
            Assert.Equal([cloned!.Id], clone.RunsInCreationOrder().Select(r => r.Id.ToString()));
            CompareTable(clone, cloned, Keyspace.Resource, cloned.Resources);
            CompareTable(clone, cloned, Keyspace.Grant, cloned.Grants);
            Assert.True(clone.VerifyIndexes().IsClean);
        }

        private void PutResources()
        {
            Resource[] batch = Enumerable.Range(0, random.Next(1, 5)).Select(_ => ResourceVariant(random.Next(6), random.Next(4))).ToArray();
            Same($"put resources {string.Join(",", batch.Select(r => r.Id.Resource + "/" + r.DisplayName))}", () => { _store.PutResources(batch); return ""; }, () => (_model.Upsert(s => s.Resources, batch.Select(r => ("user:" + r.Id.Resource, ModelOf(r))), Now), ""));
        }

        private void PutGrants()
        {
            Grant[] batch = Enumerable.Range(0, random.Next(1, 5)).Select(_ => GrantVariant(random.Next(6), random.Next(6))).ToArray();
            Same($"put grants {string.Join(",", batch.Select(g => g.Id + "/" + g.Annotations.Count))}", () => { _store.PutGrants(batch); return ""; }, () => (_model.Upsert(s => s.Grants, batch.Select(g => (g.Id, ModelOf(g))), Now), ""));
        }

        private void PutIfNewer()
        {
            Resource resource = ResourceVariant(random.Next(6), random.Next(4));
            DateTimeOffset? at = random.Next(5) == 0 ? null : _harness.Clock.GetUtcNow().AddSeconds(random.Next(-20, 20));
            Same($"put if newer {resource.Id.Resource}/{resource.DisplayName} at {at:O}", () => { _store.PutResourcesIfNewer(new Discovered<Resource>(resource, at)); return ""; },
                () => (_model.UpsertIfNewer(s => s.Resources, "user:" + resource.Id.Resource, ModelOf(resource), at is { } t ? SyncStore.ToUnixNanos(t) : null), ""));
        }

        /// <summary>Runs the store's operation and the model's; both succeed (with the same result when the model names one) or fail alike.</summary>
        private void Same(string what, Func<string> store, Func<(StorageErrorCode? Error, string? Result)> model)
        {
            _log.Add(what);

            StorageErrorCode? actual = null;
            string result = "";
            try
            {
                result = store();
            }
            catch (StorageException ex)
            {
                actual = ex.Code;
            }

            (StorageErrorCode? expected, string? expectedResult) = model();
            Assert.True(expected == actual, $"{what}: store {actual?.ToString() ?? "succeeded"}, model {expected?.ToString() ?? "succeeds"}");
            if (actual is null && expectedResult is not null)
            {
                Assert.Equal(expectedResult, result);
            }

            if (actual is null && what.StartsWith("start", StringComparison.Ordinal) && _model.Current is { Id.Length: 0 } created)
            {
                // The model cannot mint KSUIDs; it adopts the store's.
                created.Id = result;
            }
        }

        /// <summary>The stored state of every sync against the model's, and what a list without a sync reads.</summary>
        private void Compare()
        {
            Assert.Equal(_model.Syncs.Count, _store.RunsInCreationOrder().Count());
            foreach (ModelSync sync in _model.Syncs)
            {
                SyncRunRecord run = _store.TryGetRun(Engine.Core.Identifiers.Ksuid.Parse(sync.Id))!;
                Assert.Equal((sync.Type, sync.Parent, sync.Token, sync.EndedAt), (run.SyncType, run.ParentSyncId, run.SyncToken, run.EndedAtUnixNanos));
                CompareTable(_store, sync, Keyspace.Resource, sync.Resources);
                CompareTable(_store, sync, Keyspace.Grant, sync.Grants);
                List<string> parents = _store.ListResources(new ListResourcesRequest { SyncId = sync.Id, ParentResourceId = Group(0).Id }).Items.Select(r => "user:" + r.Id.Resource).ToList();
                Assert.Equal(sync.Resources.Where(r => r.Value.HasParent && r.Value.Columns[2] == "g0").Select(r => r.Key), parents);
                Assert.Equal(
                    sync.Grants.Where(g => g.Value.Needs).Select(g => StoredRecords.Tail(g.Key)),
                    StoredRecords.KeyTails(_store, Keyspace.GrantNeedsExpansion, sync.Id));
            }

            ModelSync? resolved = _model.ResolveListSync(Now);
            IEnumerable<string> expected = resolved is null
                ? _model.Syncs.OrderBy(s => s.Id, StringComparer.Ordinal).SelectMany(s => s.Resources.Keys)
                : resolved.Resources.Keys;
            Assert.Equal(expected, _store.ListResources(new ListResourcesRequest()).Items.Select(r => "user:" + r.Id.Resource));
        }

        private static void CompareTable(SyncStore store, ModelSync sync, Keyspace keyspace, SortedDictionary<string, ModelRecord> records)
        {
            List<string> stored = store.Db.Scan(SyncKeys.SyncRange(keyspace, Engine.Core.Identifiers.Ksuid.Parse(sync.Id))).Select(e => Convert.ToHexString(e.Key)).ToList();
            Assert.Equal(records.Count, stored.Count);
            foreach ((string id, ModelRecord expected) in records)
            {
                StoredRecords.Stored actual = StoredRecords.Get(store, keyspace, sync.Id, id) ?? throw new InvalidOperationException($"{keyspace} {id} missing in {sync.Id}");
                Assert.Equal(Convert.ToHexString(expected.Blob), Convert.ToHexString(actual.Blob));
                Assert.Equal(expected.DiscoveredAt, actual.DiscoveredAt);
                Assert.Equal(expected.Columns, actual.Columns);
                Assert.Equal(expected.HasParent, (actual.Flags & RecordFlags.HasParent) != 0);
                Assert.Equal(expected.Expansion is null ? null : Convert.ToHexString(expected.Expansion), actual.Expansion is null ? null : Convert.ToHexString(actual.Expansion));
                Assert.Equal(expected.Needs, (actual.Flags & RecordFlags.NeedsExpansion) != 0);
            }
        }

        private static Resource Group(int n) => MakeResource("group", $"g{n}");

        private static Resource ResourceVariant(int id, int variant) =>
            MakeResource("user", $"u{id}", variant % 2 == 0 ? Group(variant / 2) : null).Renamed($"v{variant}");

        private static Grant GrantVariant(int id, int variant)
        {
            Entitlement entitlement = MakeEntitlement(Group(id % 2), "member");
            Grant grant = MakeGrant(entitlement, MakeResource("user", $"u{id}"));
            grant.Id = $"g{id}";
            grant.Principal.DisplayName = $"v{variant}";
            return (variant % 3) switch
            {
                1 => grant.With(Expandable("a")),
                2 => grant.With(Expandable("b")),
                _ => grant,
            };
        }

        private static ModelRecord ModelOf(Resource resource) => new(
            resource.ToByteArray(), 0, ["user", resource.ParentResourceId?.ResourceType ?? "", resource.ParentResourceId?.Resource ?? ""], resource.ParentResourceId is not null, null, false);

        private static ModelRecord ModelOf(Grant grant)
        {
            Grant stored = grant.Clone();
            stored.Annotations.Clear();
            byte[]? expansion = grant.Annotations.Count > 0 ? grant.Annotations[0].Value.ToByteArray() : null;
            ResourceId resource = grant.Entitlement.Resource.Id;
            return new ModelRecord(stored.ToByteArray(), 0, [resource.ResourceType, resource.Resource, grant.Entitlement.Id, "user", grant.Principal.Id.Resource], false, expansion, false);
        }

        private string AnySyncId() => _model.Syncs.Count == 0 || random.Next(8) == 0
            ? Engine.Core.Identifiers.Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString()
            : _model.Syncs[random.Next(_model.Syncs.Count)].Id;

        private T Pick<T>(params T[] options) => options[random.Next(options.Length)];
    }
}
