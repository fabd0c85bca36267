using System;
using Engine.Api.LocalFirst.Concurrency;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>
/// One namespace of key-value entries in a <see cref="LocalStore"/>: binary keys in unsigned-byte order, binary
/// values, an optional time to live per entry, compare-and-swap, atomic batches, streaming range scans and counts,
/// read snapshots and optimistic transactions.
/// </summary>
/// <remarks>
/// <para>
/// Taken from <see cref="LocalStore.KeyValue(string)"/>; every store of one namespace shares the same entries, and
/// namespaces never see one another's keys. Keys are 0 to <see cref="MaxKeyLength"/> bytes (the empty key is a key
/// like any other); values 0 to about 256 MiB, the empty value distinct from a missing key. A missing key is never an
/// error: <see cref="GetAsync"/> answers null, <see cref="DeleteAsync"/> false.
/// </para>
/// <para>
/// An entry written with a time to live is absent to every read (get, exists, scan, count, compare-and-swap,
/// transactions, snapshots) from the moment it expires by the store's clock (<see cref="LocalStoreOptions.Clock"/>),
/// and compaction removes it physically. Expiry is judged by the clock when a read runs, also through a snapshot:
/// a snapshot pins the data, not the time.
/// </para>
/// <para>
/// Writes use <see cref="LocalStoreOptions.Durability"/>. Each write takes the lock stripe of its key
/// (<see cref="KeyLocks"/>), an uncontended lock costing tens of nanoseconds, so that a compare-and-swap or a
/// transaction's validate-then-write cannot interleave with it. The methods do their work synchronously and return
/// completed tasks. Thread-safe: every member may be called from any thread. Format:
/// <c>docs/format/local-first.md</c>, section "Key-value".
/// </para>
/// </remarks>
public sealed partial class KeyValueStore
{
    private readonly LocalStore _store;
    private readonly KeyValueKeys _keys;

    internal KeyValueStore(LocalStore store, string @namespace)
    {
        _store = store;
        _keys = new KeyValueKeys(@namespace);
        Namespace = @namespace;
    }

    /// <summary>The namespace: its entries are this store's alone.</summary>
    public string Namespace { get; }

    /// <summary>The longest key of this namespace, in bytes: the engine's 64 KiB less the namespace's prefix.</summary>
    public int MaxKeyLength => _keys.MaxUserKeyLength;

    /// <summary>The longest value, in bytes: the engine's limit less the entry header.</summary>
    public static int MaxValueLength => Database.MaxValueSizeBytes - KeyValueEntry.ExpiringHeaderLength;

    internal LocalStore Store => _store;

    internal KeyValueKeys Keys => _keys;

    /// <summary>The store's clock, in Unix milliseconds: what expiry is judged by.</summary>
    internal long NowMs() => _store.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static void CheckValue(ReadOnlySpan<byte> value, string paramName)
    {
        if (value.Length > MaxValueLength)
        {
            throw new ArgumentOutOfRangeException(paramName, value.Length, $"A value is at most {MaxValueLength} bytes.");
        }
    }
}
