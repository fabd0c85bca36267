using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.KeyValue;
using Engine.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>A local store on an in-memory file system with a hand-driven clock, and helpers to read it back.</summary>
internal sealed class KeyValueTestStore : IDisposable
{
    public const string Path = "/store";

    public KeyValueTestStore(MemFileSystem? fs = null, FakeTimeProvider? clock = null, DatabaseOptions? database = null)
    {
        FileSystem = fs ?? new MemFileSystem();
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        Options = new LocalStoreOptions { Clock = Clock, Database = database ?? DatabaseOptions.Default };
        Store = LocalStore.Open(FileSystem, Path, Options);
    }

    public MemFileSystem FileSystem { get; }

    public FakeTimeProvider Clock { get; }

    public LocalStoreOptions Options { get; }

    public LocalStore Store { get; private set; }

    public KeyValueStore Kv(string @namespace = "") => Store.KeyValue(@namespace);

    /// <summary>Closes and opens the store again on the same files.</summary>
    public void Reopen()
    {
        Store.Dispose();
        Store = LocalStore.Open(FileSystem, Path, Options);
    }

    /// <summary>Every key-value entry physically present in the engine (expired or not), as raw engine keys.</summary>
    public List<byte[]> RawEntries()
    {
        List<byte[]> keys = [];
        foreach (KeyValuePair<byte[], byte[]> entry in Store.Database.Scan(KeyRange.Prefix([0x10])))
        {
            keys.Add(entry.Key);
        }

        return keys;
    }

    public void Dispose() => Store.Dispose();

    public static async Task<List<KeyValuePair<byte[], byte[]>>> ToListAsync(IAsyncEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        List<KeyValuePair<byte[], byte[]>> list = [];
        await foreach (KeyValuePair<byte[], byte[]> entry in entries)
        {
            list.Add(entry);
        }

        return list;
    }

    public static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
