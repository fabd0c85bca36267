using System.IO.Hashing;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// PutAsset and GetAsset with the reference's quirks (shared/spec/baton-storage.md, sections 1.4 and 1.7) and our
/// chunked layout: headers under Asset keys, bytes in chunks of at most 1 MiB, reads streaming from a snapshot.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncAssetTests
{
    private const int Chunk = SyncKeys.AssetChunkBytes;

    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void PutAsset_ThenGetAsset_ReturnsTheBytesAndContentType()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);

        store.PutAsset(Ref("icon"), "image/png", [1, 2, 3]);

        (string type, byte[] data) = Read(store, "icon");
        Assert.Equal("image/png", type);
        Assert.Equal([1, 2, 3], data);
    }

    [Fact]
    public void PutAsset_EmptyData_IsSkipped()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);

        store.PutAsset(Ref("icon"), "image/png", ReadOnlySpan<byte>.Empty);
        store.PutAsset(Ref("logo"), "image/png", new MemoryStream());

        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetAsset(Request("icon")));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetAsset(Request("logo")));
        Assert.Empty(Keys(store, Keyspace.Asset));
    }

    [Fact]
    public void PutAsset_EmptyContentType_IsStoredAsUnknown()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);

        store.PutAsset(Ref("icon"), "", [7]);

        Assert.Equal("unknown", Read(store, "icon").ContentType);
    }

    [Fact]
    public void PutAsset_Again_ReplacesTheBytes_AndKeepsTheFirstContentType()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutAsset(Ref("icon"), "image/png", [1, 2, 3]);

        store.PutAsset(Ref("icon"), "image/jpeg", [9, 9]);

        (string type, byte[] data) = Read(store, "icon");
        Assert.Equal("image/png", type);
        Assert.Equal([9, 9], data);
    }

    [Fact]
    public void PutAsset_StoresChunksOfAtMostOneMebibyte_AndASmallerRePutDropsTheSurplus()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        byte[] large = Bytes((2 * Chunk) + 12345, seed: 1);

        store.PutAsset(Ref("blob"), "application/octet-stream", large);

        List<KeyValuePair<byte[], byte[]>> chunks = Chunks(store);
        Assert.Equal([Chunk, Chunk, 12345], chunks.Select(c => c.Value.Length));
        Assert.Equal(large, Read(store, "blob").Data);

        byte[] small = Bytes(Chunk / 2, seed: 2);
        store.PutAsset(Ref("blob"), "application/octet-stream", small);

        Assert.Equal([Chunk / 2], Chunks(store).Select(c => c.Value.Length));
        Assert.Equal(small, Read(store, "blob").Data);
    }

    [Fact]
    public void PutAsset_FromAStreamOfShortReads_StoresFullChunks_AndRoundTrips()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        byte[] data = Bytes(Chunk + 4321, seed: 3);

        store.PutAsset(Ref("blob"), "text/plain", new TrickleStream(data, 1000));

        Assert.Equal([Chunk, 4321], Chunks(store).Select(c => c.Value.Length));
        Assert.Equal(data, Read(store, "blob").Data);
    }

    [Fact]
    public void PutAsset_OverTheLimit_IsResourceExhausted_AndWritesNothing()
    {
        using SyncStore store = _harness.Open(new SyncStoreOptions { MaxAssetBytes = (2 * Chunk) + 10 });
        store.StartNewSync(SyncType.Full);
        byte[] first = Bytes(100, seed: 4);
        store.PutAsset(Ref("blob"), "text/plain", first);

        SyncStoreHarness.Fails(StorageErrorCode.ResourceExhausted, () => store.PutAsset(Ref("blob"), "text/plain", Bytes((2 * Chunk) + 11, seed: 5)));
        SyncStoreHarness.Fails(StorageErrorCode.ResourceExhausted, () => store.PutAsset(Ref("blob"), "text/plain", new TrickleStream(Bytes(3 * Chunk, seed: 6), 50_000)));
        SyncStoreHarness.Fails(StorageErrorCode.ResourceExhausted, () => store.PutAsset(Ref("other"), "text/plain", new TrickleStream(Bytes(3 * Chunk, seed: 7), Chunk)));

        Assert.Equal(first, Read(store, "blob").Data);
        Assert.Single(Chunks(store));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetAsset(Request("other")));
    }

    [Fact]
    public void PutAsset_OfExactlyTheDefaultLimit_Succeeds_InSixtyFourChunks()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        ulong expected = XxHash64.HashToUInt64(Bytes((int)SyncStoreOptions.DefaultMaxAssetBytes, seed: 8));

        store.PutAsset(Ref("big"), "application/octet-stream", new TrickleStream(Bytes((int)SyncStoreOptions.DefaultMaxAssetBytes, seed: 8), 3 * Chunk / 2));
        SyncStoreHarness.Fails(StorageErrorCode.ResourceExhausted, () => store.PutAsset(Ref("bigger"), "application/octet-stream", new TrickleStream(Bytes((int)SyncStoreOptions.DefaultMaxAssetBytes + 1, seed: 9), Chunk)));

        Assert.Equal(64, Chunks(store).Count);
        using AssetContent content = store.GetAsset(Request("big"));
        XxHash64 hash = new();
        byte[] buffer = new byte[100_000];
        int read;
        while ((read = content.Data.Read(buffer)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
        }

        Assert.Equal(expected, hash.GetCurrentHashAsUInt64());
    }

    [Fact]
    public void GetAsset_WithoutAnAssetOrId_IsInvalidArgument()
    {
        using SyncStore store = _harness.Open();

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.GetAsset(new GetAssetRequest { Asset = null! }));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.GetAsset(Request("")));
    }

    [Fact]
    public void GetAsset_ReadsTheCurrentSyncWhenBound_ElseTheFirstSyncThatHasIt()
    {
        using SyncStore store = _harness.Open();
        string first = store.StartNewSync(SyncType.Full);
        store.PutAsset(Ref("icon"), "image/png", [1]);
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        store.StartNewSync(SyncType.Full);
        store.PutAsset(Ref("icon"), "image/png", [2]);
        store.PutAsset(Ref("logo"), "image/png", [3]);
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([1], Read(store, "icon").Data);
        Assert.Equal([3], Read(store, "logo").Data);

        store.SetCurrentSync(first);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetAsset(Request("logo")));
        Assert.Equal([1], Read(store, "icon").Data);
    }

    [Fact]
    public void GetAsset_StreamsFromASnapshot_SoALaterPutDoesNotChangeWhatIsRead()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        byte[] before = Bytes(Chunk + 10, seed: 10);
        store.PutAsset(Ref("blob"), "text/plain", before);

        using AssetContent content = store.GetAsset(Request("blob"));
        byte[] head = new byte[10];
        content.Data.ReadExactly(head);
        store.PutAsset(Ref("blob"), "text/plain", Bytes(Chunk + 10, seed: 11));
        using MemoryStream rest = new();
        content.Data.CopyTo(rest);

        Assert.Equal(before, head.Concat(rest.ToArray()).ToArray());
        Assert.Equal(before.Length, content.Data.Length);
    }

    [Fact]
    public void Item1_PutAssetWithoutACurrentSync_Fails_AndOnAReadOnlyStoreIsReadOnly()
    {
        using (SyncStore store = _harness.Open())
        {
            SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.PutAsset(Ref("icon"), "image/png", [1]));
            store.StartNewSync(SyncType.Full);
        }

        using SyncStore readOnly = _harness.Open(new SyncStoreOptions { ReadOnly = true });
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.PutAsset(Ref("icon"), "image/png", [1]));
    }

    [Fact]
    public void PutAsset_MarksTheStoreDirty()
    {
        string sync;
        using (SyncStore store = _harness.Open())
        {
            sync = store.StartNewSync(SyncType.Full);
        }

        using SyncStore reopened = _harness.Open();
        reopened.SetCurrentSync(sync);
        Assert.False(reopened.IsDirty);

        reopened.PutAsset(Ref("icon"), "image/png", [1]);

        Assert.True(reopened.IsDirty);
    }

    internal static AssetRef Ref(string id) => new() { Id = id };

    private static GetAssetRequest Request(string id) => new() { Asset = Ref(id) };

    internal static (string ContentType, byte[] Data) Read(SyncStore store, string id)
    {
        using AssetContent content = store.GetAsset(Request(id));
        using MemoryStream data = new();
        content.Data.CopyTo(data);
        return (content.ContentType, data.ToArray());
    }

    private static byte[] Bytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static List<KeyValuePair<byte[], byte[]>> Keys(SyncStore store, Keyspace keyspace) =>
        [.. store.Db.Scan(SyncKeys.KeyspaceRange(keyspace))];

    private static List<KeyValuePair<byte[], byte[]>> Chunks(SyncStore store) => Keys(store, Keyspace.AssetChunk);

    /// <summary>A non-seekable stream that returns at most <c>step</c> bytes per read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int step) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, step), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
