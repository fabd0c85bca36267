using System.Text;
using CsCheck;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// The session store (shared/spec/baton-storage.md, section 1.16): per-sync keys with an optional prefix, the request
/// and response limits, GetAll paging in key order, atomic PutMany and Clear by prefix.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncSessionTests(ITestOutputHelper output)
{
    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void PutThenGet_RoundTrips_AndAMissingKeyIsAbsent()
    {
        using SyncStore store = _harness.Open();
        SessionScope scope = new(store.StartNewSync(SyncType.Full));

        store.Sessions.Put(scope, "token", [1, 2, 3]);

        Assert.True(store.Sessions.TryGet(scope, "token", out byte[] value));
        Assert.Equal([1, 2, 3], value);
        Assert.False(store.Sessions.TryGet(scope, "other", out _));
    }

    [Fact]
    public void TheSyncIdIsRequired_AndMustBeAKsuid()
    {
        using SyncStore store = _harness.Open();

        StorageException ex = SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.Sessions.Put(new SessionScope(""), "k", [1]));
        Assert.Contains("sync id is required", ex.Message, StringComparison.Ordinal);
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.Sessions.TryGet(new SessionScope("not-a-ksuid"), "k", out _));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.Sessions.GetAll(new SessionScope(""), null));
    }

    [Fact]
    public void Values_AreScopedBySync_WhichNeedNotBeCurrent()
    {
        using SyncStore store = _harness.Open();
        string first = store.StartNewSync(SyncType.Full);
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        string second = store.StartNewSync(SyncType.Full);

        store.Sessions.Put(new SessionScope(first), "k", [1]);
        store.Sessions.Put(new SessionScope(second), "k", [2]);

        Assert.True(store.Sessions.TryGet(new SessionScope(first), "k", out byte[] a));
        Assert.True(store.Sessions.TryGet(new SessionScope(second), "k", out byte[] b));
        Assert.Equal([1], a);
        Assert.Equal([2], b);
    }

    [Fact]
    public void ThePrefix_IsPrependedOnWrite_AndStrippedOnRead()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        SessionScope plain = new(sync);
        SessionScope users = new(sync, "users/");

        store.Sessions.Put(users, "alice", [1]);
        store.Sessions.Put(plain, "users-not", [2]);

        Assert.True(store.Sessions.TryGet(plain, "users/alice", out _));
        Page<KeyValuePair<string, byte[]>> page = store.Sessions.GetAll(users, null);
        Assert.Equal(["alice"], page.Items.Select(i => i.Key));
        Assert.Equal(["users-not", "users/alice"], store.Sessions.GetAll(plain, null).Items.Select(i => i.Key));
        Assert.Equal(["alice"], store.Sessions.GetMany(users, ["alice", "bob"]).Keys);
    }

    [Fact]
    public void GetMany_ReturnsTheKeysThatExist_AndRefusesMoreThanTheKeyLimit()
    {
        using SyncStore store = _harness.Open();
        SessionScope scope = new(store.StartNewSync(SyncType.Full));
        store.Sessions.PutMany(scope, new Dictionary<string, byte[]> { ["a"] = [1], ["b"] = [2] });

        IReadOnlyDictionary<string, byte[]> found = store.Sessions.GetMany(scope, ["a", "missing", "b", "a"]);

        Assert.Equal(2, found.Count);
        Assert.Equal([2], found["b"]);
        string[] tooMany = [.. Enumerable.Range(0, ISessionStore.MaxKeysPerRequest + 1).Select(i => $"k{i}")];
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.Sessions.GetMany(scope, tooMany));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.Sessions.PutMany(scope, tooMany.ToDictionary(k => k, _ => new byte[] { 1 })));
    }

    [Fact]
    public void GetMany_OverTheResponseLimit_IsResourceExhausted()
    {
        using SyncStore store = _harness.Open();
        SessionScope scope = new(store.StartNewSync(SyncType.Full));
        byte[] half = new byte[(ISessionStore.MaxResponseBytes / 2) + 1];
        store.Sessions.Put(scope, "a", half);
        store.Sessions.Put(scope, "b", half);

        SyncStoreHarness.Fails(StorageErrorCode.ResourceExhausted, () => store.Sessions.GetMany(scope, ["a", "b"]));
        Assert.Single(store.Sessions.GetMany(scope, ["a"]));
    }

    [Fact]
    public void Puts_OverTheResponseLimit_AreResourceExhausted_AndWriteNothing()
    {
        using SyncStore store = _harness.Open();
        SessionScope scope = new(store.StartNewSync(SyncType.Full));
        byte[] half = new byte[(ISessionStore.MaxResponseBytes / 2) + 1];

        SyncStoreHarness.Fails(StorageErrorCode.ResourceExhausted, () => store.Sessions.Put(scope, "k", new byte[ISessionStore.MaxResponseBytes]));
        SyncStoreHarness.Fails(StorageErrorCode.ResourceExhausted, () => store.Sessions.PutMany(scope, new Dictionary<string, byte[]> { ["a"] = half, ["b"] = half }));

        Assert.Empty(store.Sessions.GetAll(scope, null).Items);
    }

    [Fact]
    public void GetAll_StopsAPageEarly_AtTheResponseLimit_AndTheNextPageGoesOn()
    {
        using SyncStore store = _harness.Open();
        SessionScope scope = new(store.StartNewSync(SyncType.Full));
        byte[] third = new byte[ISessionStore.MaxResponseBytes / 3];
        foreach (string key in new[] { "a", "b", "c", "d" })
        {
            store.Sessions.Put(scope, key, third);
        }

        Page<KeyValuePair<string, byte[]>> first = store.Sessions.GetAll(scope, null);
        Page<KeyValuePair<string, byte[]>> second = store.Sessions.GetAll(scope, first.NextPageToken);

        Assert.Equal(["a", "b"], first.Items.Select(i => i.Key));
        Assert.NotEmpty(first.NextPageToken);
        Assert.Equal(["c", "d"], second.Items.Select(i => i.Key));
        Assert.Empty(second.NextPageToken);
    }

    [Fact]
    public void GetAll_RejectsMalformedTokens_AndTokensOfAnotherScope()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        for (int i = 0; i < ISessionStore.MaxKeysPerRequest + 1; i++)
        {
            store.Sessions.Put(new SessionScope(sync, "p/"), $"k{i:D3}", [1]);
        }

        string token = store.Sessions.GetAll(new SessionScope(sync, "p/"), null).NextPageToken;

        Assert.NotEmpty(token);
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.Sessions.GetAll(new SessionScope(sync, "q/"), token));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.Sessions.GetAll(new SessionScope(sync), "!!not base64!!"));
    }

    [Fact]
    public void GetAll_PagesVisitEveryKeyOnceInKeyOrder_ForAnyKeysAndPrefix()
    {
        Gen<(string[] Keys, bool Prefixed)> gen = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 6].HashSet[0, 260], Gen.Bool, (keys, prefixed) => (keys.ToArray(), prefixed));
        gen.Sample(output, sample =>
        {
            SyncStoreHarness harness = new();
            using SyncStore store = harness.Open();
            string sync = store.StartNewSync(SyncType.Full);
            SessionScope scope = new(sync, sample.Prefixed ? "x\0/" : "");
            foreach (string[] batch in sample.Keys.Chunk(ISessionStore.MaxKeysPerRequest))
            {
                store.Sessions.PutMany(scope, batch.ToDictionary(k => k, k => Encoding.UTF8.GetBytes(k)));
            }

            store.Sessions.Put(new SessionScope(sync, "w"), "outside", Encoding.UTF8.GetBytes("woutside"));
            List<string> seen = [];
            string? token = null;
            do
            {
                Page<KeyValuePair<string, byte[]>> page = store.Sessions.GetAll(scope, token);
                Assert.True(page.Items.Count <= ISessionStore.MaxKeysPerRequest);
                foreach (KeyValuePair<string, byte[]> item in page.Items)
                {
                    Assert.Equal(Encoding.UTF8.GetBytes(item.Key), item.Value);
                    seen.Add(item.Key);
                }

                token = page.NextPageToken;
            }
            while (token.Length != 0);

            string[] expected = [.. sample.Keys.OrderBy(k => k, StringComparer.Ordinal)];
            if (!sample.Prefixed)
            {
                expected = [.. expected.Append("woutside").OrderBy(k => k, StringComparer.Ordinal)];
            }

            Assert.Equal(expected, seen);
        }, iter: 40);
    }

    [Fact]
    public void Delete_RemovesOneKey_AndClear_RemovesOnlyTheScopesPrefix()
    {
        using SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        string other = store.StartNewSync(SyncType.Full);
        SessionScope users = new(sync, "users/");
        store.Sessions.PutMany(users, new Dictionary<string, byte[]> { ["a"] = [1], ["b"] = [2] });
        store.Sessions.Put(new SessionScope(sync), "usersX", [3]);
        store.Sessions.Put(new SessionScope(other, "users/"), "a", [4]);

        store.Sessions.Delete(users, "a");
        store.Sessions.Delete(users, "never-there");
        Assert.Equal(["b"], store.Sessions.GetAll(users, null).Items.Select(i => i.Key));

        store.Sessions.Clear(users);

        Assert.Empty(store.Sessions.GetAll(users, null).Items);
        Assert.True(store.Sessions.TryGet(new SessionScope(sync), "usersX", out _));
        Assert.True(store.Sessions.TryGet(new SessionScope(other, "users/"), "a", out _));
    }

    [Fact]
    public void Writes_NeedAWritableStore_AndMarkItDirty()
    {
        string sync;
        using (SyncStore store = _harness.Open())
        {
            sync = store.StartNewSync(SyncType.Full);
        }

        using (SyncStore reopened = _harness.Open())
        {
            Assert.False(reopened.IsDirty);
            reopened.Sessions.Put(new SessionScope(sync), "k", [1]);
            Assert.True(reopened.IsDirty);
        }

        using SyncStore readOnly = _harness.Open(new SyncStoreOptions { ReadOnly = true });
        SessionScope scope = new(sync);
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.Sessions.Put(scope, "k", [2]));
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.Sessions.PutMany(scope, new Dictionary<string, byte[]> { ["k"] = [2] }));
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.Sessions.Delete(scope, "k"));
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.Sessions.Clear(scope));
        Assert.True(readOnly.Sessions.TryGet(scope, "k", out byte[] value));
        Assert.Equal([1], value);
        Assert.False(readOnly.IsDirty);
    }
}
