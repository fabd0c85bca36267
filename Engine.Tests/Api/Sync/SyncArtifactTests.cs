using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Artifact;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// The packed single-file artifact (docs/format/artifact.md): round trips, the header-only reader, corruption and
/// truncation, atomic packing under faults and crashes, and the behaviour checklist items 40 to 42
/// (shared/spec/baton-storage.md, sections 1.15 and 4.17).
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncArtifactTests
{
    private const string ArtifactPath = "/out/store.c1zl";

    private static readonly Resource s_group = MakeResource("group", "g1");
    private static readonly Resource s_alice = MakeResource("user", "alice");
    private static readonly Entitlement s_member = MakeEntitlement(s_group, "member");

    private readonly SyncStoreHarness _harness = new();

    public SyncArtifactTests()
    {
        _harness.Fs.CreateDirectory("/out");
    }

    private SyncStoreOptions ArtifactOptions => new() { TimeProvider = _harness.Clock, TempDirectory = "/scratch" };

    [Fact]
    public void Pack_ThenOpenArtifact_ShowsTheSameSyncsAndData()
    {
        string full;
        string partial;
        using (SyncStore store = _harness.Open())
        {
            full = AddFullSync(store, "alice");
            partial = store.StartNewSync(SyncType.Partial, full);
            store.PutResources(MakeResource("user", "bob"));
            store.Sessions.Put(new SessionScope(partial, "p/"), "cursor", [4, 2]);
            store.Pack(ArtifactPath);
        }

        using SyncStore reopened = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions);

        Assert.Equal("alice", reopened.GetResource(new GetResourceRequest { ResourceId = s_alice.Id, SyncId = full }).Id.Resource);
        Assert.Equal(MakeGrant(s_member, s_alice).Id, reopened.GetGrant(new GetGrantRequest { GrantId = MakeGrant(s_member, s_alice).Id, SyncId = full }).Id);
        Assert.Equal("bob", reopened.GetResource(new GetResourceRequest { ResourceId = MakeResource("user", "bob").Id, SyncId = partial }).Id.Resource);
        Assert.Equal([1, 2, 3], SyncAssetTests.Read(reopened, "icon-alice").Data);
        Assert.True(reopened.Sessions.TryGet(new SessionScope(partial, "p/"), "cursor", out byte[] cursor));
        Assert.Equal([4, 2], cursor);
        Assert.Equal(partial, reopened.ResumeSync(SyncType.Partial));
        Assert.Equal(ArtifactPath, reopened.OutputPath);
        Assert.False(reopened.IsDirty);
    }

    [Fact]
    public void ReadManifest_ListsTheEngineSyncsAndFiles_WithoutUnpacking()
    {
        string full;
        string partial;
        using (SyncStore store = _harness.Open())
        {
            full = AddFullSync(store, "alice");
            partial = store.StartNewSync(SyncType.Partial, full);
            store.Pack(ArtifactPath);
        }

        ArtifactManifest manifest = ArtifactReader.ReadManifest(_harness.Fs, ArtifactPath).Manifest;

        Assert.Equal(("lsm-cs1", "lsm1", "zstd_files"), (manifest.Engine, manifest.Format, manifest.PayloadEncoding));
        Assert.Equal([full, partial], manifest.Syncs.Select(s => s.SyncId));
        Assert.Equal(["full", "partial"], manifest.Syncs.Select(s => s.SyncType));
        Assert.NotNull(manifest.Syncs[0].EndedAtUnixNanos);
        Assert.Null(manifest.Syncs[1].EndedAtUnixNanos);
        Assert.Equal(full, manifest.Syncs[1].ParentSyncId);
        Assert.Contains("CURRENT", manifest.Files.Select(f => f.Name));
        Assert.DoesNotContain("LOCK", manifest.Files.Select(f => f.Name));
        Assert.Equal(manifest.Files.Select(f => f.Name).Order(StringComparer.Ordinal), manifest.Files.Select(f => f.Name));
    }

    [Fact]
    public void Pack_OfAClosedDirectoryStore_PacksItsDirectory()
    {
        SyncStore store = _harness.Open();
        string full = AddFullSync(store, "alice");
        store.Close();

        store.Pack(ArtifactPath);

        using SyncStore reopened = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions);
        Assert.Equal("alice", reopened.GetResource(new GetResourceRequest { ResourceId = s_alice.Id, SyncId = full }).Id.Resource);
    }

    [Fact]
    public void Close_OfAModifiedArtifactStore_RepacksIt_AndTheNextOpenSeesTheChanges()
    {
        string first;
        using (SyncStore store = _harness.Open())
        {
            first = AddFullSync(store, "alice");
            store.Pack(ArtifactPath);
        }

        SyncStore opened = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions);
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        string second = AddFullSync(opened, "carol");
        Assert.True(opened.IsDirty);
        opened.Close();

        using SyncStore reopened = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions);
        Assert.Equal([first, second], ArtifactReader.ReadManifest(_harness.Fs, ArtifactPath).Manifest.Syncs.Select(s => s.SyncId));
        Assert.Equal("carol", reopened.GetResource(new GetResourceRequest { ResourceId = MakeResource("user", "carol").Id, SyncId = second }).Id.Resource);
        Assert.False(_harness.Fs.Exists(ArtifactPath + ".tmp"));
    }

    [Fact]
    public void MissingOrEmptyArtifacts_OpenAsNewEmptyStores_WrittenOnlyOnceModified()
    {
        using (SyncStore untouched = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions))
        {
            SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => untouched.ResumeSync(SyncType.Any));
            untouched.Close();
        }

        Assert.False(_harness.Fs.Exists(ArtifactPath));
        _harness.Fs.WriteAllBytes(ArtifactPath, [], sync: true);
        SyncStore empty = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions);
        string sync = AddFullSync(empty, "alice");
        empty.Close();

        using SyncStore reopened = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions);
        Assert.Equal("alice", reopened.GetResource(new GetResourceRequest { ResourceId = s_alice.Id, SyncId = sync }).Id.Resource);
    }

    [Fact]
    public void Item40_CloseOfAnUnmodifiedStore_DoesNotRewriteTheArtifact()
    {
        byte[] packed = PackOneSync();

        // Any write to the artifact's name, or its temp file, fails: a Close that rewrote it would throw.
        FaultInjectingFileSystem guarded = new(_harness.Fs);
        SyncStore opened = SyncStore.OpenArtifact(guarded, ArtifactPath, ArtifactOptions);
        guarded.SetPolicy(new FaultPolicy { Kinds = FileOperationKind.Create | FileOperationKind.Write | FileOperationKind.Rename, FailAt = 1, Sticky = true, PathContains = "store.c1zl" });
        Assert.Equal("alice", opened.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }).Id.Resource);
        opened.Close();

        Assert.Equal(0, guarded.FaultsInjected);
        Assert.Equal(packed, _harness.Fs.ReadAllBytes(ArtifactPath));
    }

    [Fact]
    public void Item40_AReadOnlyStoreModifiedThroughASideChannel_FailsWithReadOnly_AndSavesNothing()
    {
        byte[] packed = PackOneSync();
        SyncStore artifact = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions with { ReadOnly = true });
        artifact.Db.Put("side"u8, "channel"u8);

        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, artifact.Close);
        artifact.Close();
        Assert.Equal(packed, _harness.Fs.ReadAllBytes(ArtifactPath));

        SyncStore directory = _harness.Open(new SyncStoreOptions { ReadOnly = true });
        directory.Db.Put("side"u8, "channel"u8);
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, directory.Close);
    }

    [Fact]
    public void Item40_CloseIsIdempotent_AndAnUnmodifiedReadOnlyStoreClosesQuietly()
    {
        using (SyncStore store = _harness.Open())
        {
            AddFullSync(store, "alice");
        }

        SyncStore readOnly = _harness.Open(new SyncStoreOptions { ReadOnly = true });
        Assert.Equal("alice", readOnly.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }).Id.Resource);
        readOnly.Close();
        readOnly.Close();
        readOnly.Dispose();

        Assert.Throws<ObjectDisposedException>(() => readOnly.GetResource(new GetResourceRequest { ResourceId = s_alice.Id }));
    }

    [Fact]
    public void Item41_OurMagicIsDetected_AndEverythingElseIsInvalidArgument()
    {
        _harness.Fs.CreateDirectory("/in");
        Assert.Contains("v1", OpenFails(StorageErrorCode.InvalidArgument, "C1ZF\0\x28\xB5\x2F\xFD"u8), StringComparison.Ordinal);
        Assert.Contains("v3", OpenFails(StorageErrorCode.InvalidArgument, "C1Z3\0\0\0\0\x10"u8), StringComparison.Ordinal);
        Assert.Contains("not a sync-store artifact", OpenFails(StorageErrorCode.InvalidArgument, "SQLite format 3\0"u8), StringComparison.Ordinal);
        Assert.Contains("not a sync-store artifact", OpenFails(StorageErrorCode.InvalidArgument, "C1Z"u8), StringComparison.Ordinal);
        Assert.Contains("version 2", OpenFails(StorageErrorCode.InvalidArgument, "C1ZL\0\x02\0\0\0\0\0\0\0\0\0\0\0\0"u8), StringComparison.Ordinal);
        Assert.IsType<CorruptionException>(Assert.ThrowsAny<StorageException>(() => Open("C1ZL\0\x01\0"u8)));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => SyncStore.OpenArtifact(_harness.Fs, "/in", ArtifactOptions));
    }

    [Fact]
    public void Item42_Metadata_NamesTheEngineFormatAndPayloadEncoding()
    {
        using (SyncStore directory = _harness.Open())
        {
            Assert.Equal(new StoreMetadata("lsm-cs1", "lsm1", ""), directory.Metadata);
            Assert.Equal(SyncStoreHarness.StorePath, directory.OutputPath);
            directory.Pack(ArtifactPath);
        }

        using SyncStore artifact = SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions);
        Assert.Equal(new StoreMetadata("lsm-cs1", "lsm1", "zstd_files"), artifact.Metadata);
    }

    [Fact]
    public void ACorruptedPayloadByte_IsCorruptionNamingTheStoreFile()
    {
        PackOneSync();
        ArtifactContents contents = ArtifactReader.ReadManifest(_harness.Fs, ArtifactPath);
        ArtifactFileEntry largest = contents.Manifest.Files.MaxBy(f => f.CompressedLength)!;
        long middle = contents.PayloadStart + largest.Offset + (largest.CompressedLength / 2);
        _harness.Fs.FlipBit(ArtifactPath, (middle * 8) + 3);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions));

        Assert.Contains($"'{largest.Name}'", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(ArtifactPath, ex.FilePath);
    }

    [Fact]
    public void ACorruptedManifestByte_IsCorruption()
    {
        PackOneSync();
        _harness.Fs.FlipBit(ArtifactPath, (ArtifactFormat.HeaderLength + 5) * 8);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions));

        Assert.Contains("XXH64", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(-1)]
    public void ATruncatedOrExtendedArtifact_IsCorruption(int change)
    {
        byte[] packed = PackOneSync();
        byte[] changed = change > 0 ? packed[..^change] : [.. packed, 0];
        _harness.Fs.WriteAllBytes(ArtifactPath, changed, sync: true);

        Assert.Throws<CorruptionException>(() => SyncStore.OpenArtifact(_harness.Fs, ArtifactPath, ArtifactOptions));
    }

    [Fact]
    public void Pack_FailingPartWay_LeavesThePreviousArtifactIntact()
    {
        MemFileSystem mem = _harness.Fs;
        FaultInjectingFileSystem faulty = new(mem);
        string first;
        using SyncStore store = OpenOn(faulty);
        first = AddFullSync(store, "alice");
        store.Pack(ArtifactPath);
        byte[] packed = mem.ReadAllBytes(ArtifactPath);
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        AddFullSync(store, "carol");

        foreach (FileOperationKind kind in new[] { FileOperationKind.Write, FileOperationKind.Sync, FileOperationKind.Rename })
        {
            faulty.SetPolicy(new FaultPolicy { Kinds = kind, FailAt = 1, PathContains = "store.c1zl", TornWrites = true });
            Assert.ThrowsAny<StorageException>(() => store.Pack(ArtifactPath));
            faulty.SetPolicy(null);

            Assert.Equal(packed, mem.ReadAllBytes(ArtifactPath));
            Assert.False(mem.Exists(ArtifactPath + ".tmp"));
        }

        Assert.Equal([first], ArtifactReader.ReadManifest(mem, ArtifactPath).Manifest.Syncs.Select(s => s.SyncId));
    }

    [Fact]
    public void Pack_FailingToReadAStoreFile_ThrowsTheStorageError_AndLeavesThePreviousArtifactIntact()
    {
        // Files are compressed on parallel tasks: a failure on one surfaces as itself, not wrapped.
        MemFileSystem mem = _harness.Fs;
        FaultInjectingFileSystem faulty = new(mem);
        using SyncStore store = OpenOn(faulty);
        AddFullSync(store, "alice");
        store.Pack(ArtifactPath);
        byte[] packed = mem.ReadAllBytes(ArtifactPath);
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        AddFullSync(store, "carol");

        faulty.SetPolicy(new FaultPolicy { Kinds = FileOperationKind.Read, FailAt = 1, PathContains = "checkpoint" });
        Assert.Throws<StorageException>(() => store.Pack(ArtifactPath));
        faulty.SetPolicy(null);

        Assert.Equal(packed, mem.ReadAllBytes(ArtifactPath));
        Assert.False(mem.Exists(ArtifactPath + ".tmp"));
        store.Pack(ArtifactPath);
        Assert.Equal(2, ArtifactReader.ReadManifest(mem, ArtifactPath).Manifest.Syncs.Count);
    }

    [Fact]
    public void Pack_CrashingAtAnyOperation_LeavesTheOldArtifactOrTheNewOne()
    {
        MemFileSystem mem = _harness.Fs;
        FaultInjectingFileSystem observed = new(mem);
        using SyncStore store = OpenOn(observed);
        string first = AddFullSync(store, "alice");
        store.Pack(ArtifactPath);
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        string second = AddFullSync(store, "carol");

        List<MemFileSystem> crashes = [];
        observed.BeforeOperation = (_, _) => crashes.Add(mem.CrashClone(CrashOptions.Random(crashes.Count)));
        store.Pack(ArtifactPath);
        observed.BeforeOperation = null;
        crashes.Add(mem.CrashClone());

        int sawNew = 0;
        foreach (MemFileSystem crashed in crashes)
        {
            List<string> syncs = [.. ArtifactReader.ReadManifest(crashed, ArtifactPath).Manifest.Syncs.Select(s => s.SyncId)];
            Assert.True(syncs.SequenceEqual([first]) || syncs.SequenceEqual([first, second]), string.Join(",", syncs));
            using SyncStore reopened = SyncStore.OpenArtifact(crashed, ArtifactPath, ArtifactOptions);
            Assert.Equal("alice", reopened.GetResource(new GetResourceRequest { ResourceId = s_alice.Id, SyncId = first }).Id.Resource);
            sawNew += syncs.Count - 1;
        }

        Assert.True(crashes.Count > 10);
        Assert.InRange(sawNew, 1, crashes.Count - 1);
    }

    [Fact]
    public void Close_FailingToRepack_KeepsTheStoreOpenAndTheOldArtifact_ThenARetrySaves()
    {
        byte[] packed = PackOneSync();
        FaultInjectingFileSystem faulty = new(_harness.Fs);
        SyncStore opened = SyncStore.OpenArtifact(faulty, ArtifactPath, ArtifactOptions);
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        string second = AddFullSync(opened, "carol");
        faulty.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Rename, 1) with { PathContains = "store.c1zl" });

        Assert.ThrowsAny<StorageException>(opened.Close);

        Assert.Equal(packed, _harness.Fs.ReadAllBytes(ArtifactPath));
        Assert.True(opened.IsDirty);
        Assert.Equal("carol", opened.GetResource(new GetResourceRequest { ResourceId = MakeResource("user", "carol").Id, SyncId = second }).Id.Resource);
        opened.Close();
        Assert.Contains(second, ArtifactReader.ReadManifest(_harness.Fs, ArtifactPath).Manifest.Syncs.Select(s => s.SyncId));
    }

    [Fact]
    public void CurrentSizeBytes_IsTheBytesOfTheStoresFiles()
    {
        using SyncStore store = _harness.Open();
        long empty = store.CurrentSizeBytes();
        store.StartNewSync(SyncType.Full);
        store.PutAsset(SyncAssetTests.Ref("blob"), "text/plain", new byte[300_000]);
        store.Db.Flush();

        long written = store.CurrentSizeBytes();

        Assert.True(written > empty + 300_000, $"{empty} -> {written}");
    }

    [Fact]
    public void OnTheLocalFileSystem_AnArtifactRoundTrips_AndItsScratchDirectoriesAreRemoved()
    {
        string root = Path.Combine(Path.GetTempPath(), "sync-artifact-test-" + Guid.NewGuid().ToString("N"));
        string scratch = Path.Combine(root, "scratch");
        string artifact = Path.Combine(root, "store.c1zl");
        Directory.CreateDirectory(scratch);
        try
        {
            SyncStoreOptions options = new() { TimeProvider = _harness.Clock, TempDirectory = scratch };
            SyncStore created = SyncStore.OpenArtifact(artifact, options);
            string sync = AddFullSync(created, "alice");
            Assert.True(created.CurrentSizeBytes() > 0);
            created.Close();

            SyncStore reopened = SyncStore.OpenArtifact(artifact, options with { ReadOnly = true });
            Assert.Equal("alice", reopened.GetResource(new GetResourceRequest { ResourceId = s_alice.Id, SyncId = sync }).Id.Resource);
            reopened.Close();

            Assert.True(new FileInfo(artifact).Length > ArtifactFormat.HeaderLength);
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
            Assert.False(File.Exists(artifact + ".tmp"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A full sync with a resource, an entitlement, a grant and an asset, ended; returns its id.</summary>
    private static string AddFullSync(SyncStore store, string user)
    {
        string sync = store.StartNewSync(SyncType.Full);
        Resource principal = MakeResource("user", user);
        store.PutResourceTypes(MakeResourceType("user"), MakeResourceType("group"));
        store.PutResources(s_group, principal);
        store.PutEntitlements(s_member);
        store.PutGrants(MakeGrant(s_member, principal));
        store.PutAsset(SyncAssetTests.Ref("icon-" + user), "image/png", [1, 2, 3]);
        store.EndSync();
        return sync;
    }

    /// <summary>Packs a store holding one full sync (alice's) into the artifact; returns the artifact's bytes.</summary>
    private byte[] PackOneSync()
    {
        using (SyncStore store = _harness.Open())
        {
            AddFullSync(store, "alice");
            store.Pack(ArtifactPath);
        }

        return _harness.Fs.ReadAllBytes(ArtifactPath);
    }

    private SyncStore OpenOn(IFileSystem fs)
    {
        SyncStoreOptions options = ArtifactOptions;
        return SyncStore.Open(LsmDatabase.Open(fs, SyncStoreHarness.StorePath, options.Database.ToLsmOptions()), SyncStoreHarness.StorePath, options);
    }

    private void Open(ReadOnlySpan<byte> content)
    {
        _harness.Fs.WriteAllBytes("/in/file", content, sync: true);
        SyncStore.OpenArtifact(_harness.Fs, "/in/file", ArtifactOptions).Dispose();
    }

    private string OpenFails(StorageErrorCode code, ReadOnlySpan<byte> content)
    {
        byte[] bytes = content.ToArray();
        return SyncStoreHarness.Fails(code, () => Open(bytes)).Message;
    }
}
