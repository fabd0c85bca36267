using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Feed;
using Engine.Api.LocalFirst.KeyValue;
using Engine.Core.Storage;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>The key-value store's change feed: user keys and values of one namespace, in commit order.</summary>
public sealed class KeyValueWatchTests
{
    [Fact]
    public async Task WatchDeliversTheNamespacesPutsAndDeletesAsUserKeysAndValues()
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s");
        KeyValueStore users = store.KeyValue("users");
        KeyValueStore other = store.KeyValue("other");
        ulong from = users.NextChangeSequence;
        await users.PutAsync("a/1"u8.ToArray(), "one"u8.ToArray(), ttl: TimeSpan.FromHours(1));
        await other.PutAsync("a/2"u8.ToArray(), "elsewhere"u8.ToArray());
        await users.PutAsync("b/1"u8.ToArray(), "outside the prefix"u8.ToArray());
        Assert.True(await users.DeleteAsync("a/1"u8.ToArray()));

        List<ChangeEvent> events = [];
        await foreach (ChangeEvent change in users.WatchAsync("a/"u8.ToArray(), from))
        {
            events.Add(change);
            if (events.Count == 2)
            {
                break;
            }
        }

        PutEvent put = Assert.IsType<PutEvent>(events[0]);
        Assert.Equal("a/1"u8.ToArray(), put.Key);
        Assert.Equal("one"u8.ToArray(), put.Value);
        DeleteEvent deleted = Assert.IsType<DeleteEvent>(events[1]);
        Assert.Equal("a/1"u8.ToArray(), deleted.Key);
        Assert.True(deleted.Sequence > put.Sequence);
    }

    [Fact]
    public async Task ARolledBackTransactionEmitsNothing()
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s");
        KeyValueStore kv = store.KeyValue();
        ulong from = kv.NextChangeSequence;
        using (KeyValueTransaction transaction = kv.BeginTransaction())
        {
            transaction.Put("rolled back"u8.ToArray(), "x"u8.ToArray());
        }

        await kv.PutAsync("committed"u8.ToArray(), "y"u8.ToArray());
        await foreach (ChangeEvent change in kv.WatchAsync(fromSequence: from))
        {
            Assert.Equal("committed"u8.ToArray(), change.Key);
            Assert.Equal(from, change.Sequence);
            break;
        }
    }
}
