using Engine.Api;
using Engine.Api.Encryption;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.KeyValue;

namespace Engine.Bench.Local;

/// <summary>
/// Our <see cref="LocalStore"/> under the local verb, with its default options: writes are <see cref="Durability.Flushed"/>
/// (handed to the operating system, survive a process crash: SQLite's WAL with <c>synchronous = NORMAL</c>), 32 MiB
/// block cache. Encrypted with a random raw key (<see cref="InMemoryKeyProvider"/>) when asked.
/// </summary>
/// <remarks>Not thread-safe: one run at a time.</remarks>
internal sealed partial class EngineTarget : ILocalTarget
{
    private readonly LocalStore _store;
    private readonly KeyValueStore _kv;

    private EngineTarget(string name, LocalStore store)
    {
        Name = name;
        _store = store;
        _kv = store.KeyValue("bench");
        _people = store.Collection("people");
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Opens a new store in <paramref name="directory"/>, encrypted when <paramref name="encrypted"/>.</summary>
    public static EngineTarget Open(string name, string directory, bool encrypted)
    {
        LocalStoreOptions options = encrypted
            ? new LocalStoreOptions { Encryption = new EncryptionOptions(InMemoryKeyProvider.CreateRandom()) }
            : LocalStoreOptions.Default;
        return new EngineTarget(name, LocalStore.Open(directory, options));
    }

    /// <inheritdoc/>
    public void Settle() => _store.Database.Flush();

    /// <inheritdoc/>
    public ValueTask<bool> GetAsync(byte[] key) => GetFoundAsync(_kv.GetAsync(key));

    /// <inheritdoc/>
    public ValueTask PutAsync(byte[] key, byte[] value) => _kv.PutAsync(key, value);

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(byte[] key) => _kv.DeleteAsync(key);

    /// <inheritdoc/>
    public ValueTask PutBatchAsync(byte[][] keys, byte[][] values)
    {
        KeyValueBatch batch = new();
        for (int i = 0; i < keys.Length; i++)
        {
            batch.Put(keys[i], values[i]);
        }

        return _kv.WriteAsync(batch);
    }

    /// <inheritdoc/>
    public void Dispose() => _store.Dispose();

    private static async ValueTask<bool> GetFoundAsync(ValueTask<byte[]?> get) => await get.ConfigureAwait(false) is not null;
}
