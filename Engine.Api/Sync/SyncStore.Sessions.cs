using System;
using System.Collections.Generic;
using System.Text;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Core.Encoding;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The connector's session data (shared/spec/baton-storage.md, section 1.16) under the Session keyspace: one key per
/// (sync, prefix + key), the value a versioned <see cref="SessionValue"/>. Reached through <see cref="Sessions"/>.
/// </summary>
/// <remarks>
/// The sync need not be current, nor exist: session data is scoped by the id alone, as the reference's column. Every
/// stored entry fits in one response: a put whose keys and values exceed <see cref="ISessionStore.MaxResponseBytes"/>
/// is refused.
/// </remarks>
public sealed partial class SyncStore
{
    private SyncStoreSessions? _sessions;

    /// <summary>The connector's per-sync session data.</summary>
    public ISessionStore Sessions => _sessions ??= new SyncStoreSessions(this);

    internal bool SessionTryGet(SessionScope scope, string key, out byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        (Ksuid sync, string prefix) = ParseScope(scope);
        ThrowIfClosed();
        using KeyBuilder keys = new();
        ReadOnlySpan<byte> stored = SessionKey(keys, sync, prefix, key);
        byte[]? raw = Db.Get(stored);
        value = raw is null ? [] : ParseSessionValue(stored, raw);
        return raw is not null;
    }

    internal IReadOnlyDictionary<string, byte[]> SessionGetMany(SessionScope scope, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        (Ksuid sync, string prefix) = ParseScope(scope);
        CheckKeyCount(keys.Count);
        ThrowIfClosed();
        byte[][] storedKeys = new byte[keys.Count][];
        using (KeyBuilder builder = new())
        {
            for (int i = 0; i < keys.Count; i++)
            {
                storedKeys[i] = SessionKey(builder, sync, prefix, keys[i] ?? throw new ArgumentException($"Key {i} is null.", nameof(keys))).ToArray();
            }
        }

        byte[]?[] values = Db.MultiGet(storedKeys);
        Dictionary<string, byte[]> found = new(StringComparer.Ordinal);
        long bytes = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            if (values[i] is { } raw && !found.ContainsKey(keys[i]))
            {
                byte[] value = ParseSessionValue(storedKeys[i], raw);
                bytes += Encoding.UTF8.GetByteCount(keys[i]) + value.Length;
                if (bytes > ISessionStore.MaxResponseBytes)
                {
                    SyncErrors.ResourceExhausted($"the session values of {keys.Count} keys exceed {ISessionStore.MaxResponseBytes} bytes");
                }

                found.Add(keys[i], value);
            }
        }

        return found;
    }

    internal Page<KeyValuePair<string, byte[]>> SessionGetAll(SessionScope scope, string? pageToken)
    {
        (Ksuid sync, string prefix) = ParseScope(scope);
        ThrowIfClosed();
        byte[] scanPrefix = SessionScanPrefix(sync, prefix);
        byte[] start = string.IsNullOrEmpty(pageToken) ? scanPrefix : PageTokens.ResumeKey(pageToken, (byte)Keyspace.Session, scanPrefix, 0);
        List<KeyValuePair<string, byte[]>> items = [];
        long bytes = 0;
        byte[]? lastKey = null;
        bool more = false;
        using DatabaseIterator it = Db.NewIterator(new ReadOptions { Range = KeyRange.Between(start, KeyRange.Prefix(scanPrefix).UpperBound.ToArray()) });
        for (it.First(); it.Valid; it.Next())
        {
            string key = SessionKeyName(it.Key, prefix);
            byte[] value = ParseSessionValue(it.Key, it.Value.ToArray());
            long entryBytes = Encoding.UTF8.GetByteCount(key) + value.Length;
            if (items.Count == ISessionStore.MaxKeysPerRequest || (items.Count > 0 && bytes + entryBytes > ISessionStore.MaxResponseBytes))
            {
                more = true;
                break;
            }

            if (entryBytes > ISessionStore.MaxResponseBytes)
            {
                SyncErrors.ResourceExhausted($"the session value of '{key}' alone exceeds {ISessionStore.MaxResponseBytes} bytes");
            }

            items.Add(new KeyValuePair<string, byte[]>(key, value));
            bytes += entryBytes;
            lastKey = it.Key.ToArray();
        }

        return new Page<KeyValuePair<string, byte[]>>(items, more ? PageTokens.After(lastKey) : "");
    }

    internal void SessionPut(SessionScope scope, string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        (Ksuid sync, string prefix) = ParseScope(scope);
        ThrowIfNotWritable();
        CheckPutBytes(Encoding.UTF8.GetByteCount(key) + (long)value.Length);
        using KeyBuilder keys = new();
        using WriteBatch batch = new();
        batch.Put(SessionKey(keys, sync, prefix, key), RecordSerializer.Serialize(new SessionValue { Value = value }));
        Db.Write(batch);
        MarkDirty();
    }

    internal void SessionPutMany(SessionScope scope, IReadOnlyDictionary<string, byte[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        (Ksuid sync, string prefix) = ParseScope(scope);
        CheckKeyCount(values.Count);
        ThrowIfNotWritable();
        if (values.Count == 0)
        {
            return;
        }

        long bytes = 0;
        using KeyBuilder keys = new();
        using WriteBatch batch = new();
        foreach (KeyValuePair<string, byte[]> entry in values)
        {
            byte[] value = entry.Value ?? throw new ArgumentException($"The value of '{entry.Key}' is null.", nameof(values));
            bytes += Encoding.UTF8.GetByteCount(entry.Key) + (long)value.Length;
            batch.Put(SessionKey(keys, sync, prefix, entry.Key), RecordSerializer.Serialize(new SessionValue { Value = value }));
        }

        CheckPutBytes(bytes);
        Db.Write(batch);
        MarkDirty();
    }

    internal void SessionDelete(SessionScope scope, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        (Ksuid sync, string prefix) = ParseScope(scope);
        ThrowIfNotWritable();
        using KeyBuilder keys = new();
        using WriteBatch batch = new();
        batch.Delete(SessionKey(keys, sync, prefix, key));
        Db.Write(batch);
        MarkDirty();
    }

    internal void SessionClear(SessionScope scope)
    {
        (Ksuid sync, string prefix) = ParseScope(scope);
        ThrowIfNotWritable();
        byte[] scanPrefix = SessionScanPrefix(sync, prefix);
        using WriteBatch batch = new();
        batch.DeleteRange(scanPrefix, KeyRange.Prefix(scanPrefix).UpperBound);
        Db.Write(batch);
        MarkDirty();
    }

    /// <summary>The scope's sync and prefix; InvalidArgument for a missing or malformed sync id.</summary>
    private static (Ksuid Sync, string Prefix) ParseScope(SessionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(scope.SyncId, nameof(scope));
        ArgumentNullException.ThrowIfNull(scope.Prefix, nameof(scope));
        if (scope.SyncId.Length == 0)
        {
            SyncErrors.InvalidArgument("sync id is required");
        }

        return (ParseSyncId(scope.SyncId), scope.Prefix);
    }

    /// <summary>The stored key of <paramref name="key"/>: tuple(prefix + key) in the sync's Session range; valid until the builder's next use.</summary>
    private static ReadOnlySpan<byte> SessionKey(KeyBuilder keys, Ksuid sync, string prefix, string key)
    {
        ReadOnlySpan<byte> stored = keys.Begin(Keyspace.Session, sync).Append(prefix.Length == 0 ? key : string.Concat(prefix, key)).Key;
        if (stored.Length > Database.MaxKeySizeBytes)
        {
            SyncErrors.InvalidArgument($"the session key '{key[..Math.Min(key.Length, 64)]}...' takes more than {Database.MaxKeySizeBytes} bytes");
        }

        return stored;
    }

    /// <summary>
    /// The bytes every stored key of the scope starts with: the sync's Session prefix and the prefix's string element
    /// without its terminator. Escaping works byte by byte, so the encoding of prefix + key starts with it.
    /// </summary>
    private static byte[] SessionScanPrefix(Ksuid sync, string prefix)
    {
        using KeyBuilder keys = new();
        ReadOnlySpan<byte> element = keys.Begin(Keyspace.Session, sync).Append(prefix).Key;
        return element[..^1].ToArray();
    }

    /// <summary>The caller's key of a stored key: its string element with the scope's prefix stripped.</summary>
    private string SessionKeyName(ReadOnlySpan<byte> stored, string prefix)
    {
        TupleReader reader = new(stored[SyncKeys.SyncPrefixLength..]);
        if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.String)
        {
            SyncErrors.CorruptValue(_path, stored, "a session key is not one string element");
        }

        string full = reader.GetString();
        return prefix.Length == 0 ? full : full[prefix.Length..];
    }

    private byte[] ParseSessionValue(ReadOnlySpan<byte> key, ReadOnlyMemory<byte> raw)
    {
        if (!RecordSerializer.TryDeserialize(raw, out SessionValue? value) || value!.FormatVersion != SessionValue.CurrentVersion || value.Value is null)
        {
            SyncErrors.CorruptValue(_path, key, "the session value does not parse as version " + SessionValue.CurrentVersion);
        }

        return value.Value;
    }

    private static void CheckKeyCount(int count)
    {
        if (count > ISessionStore.MaxKeysPerRequest)
        {
            SyncErrors.InvalidArgument($"{count} keys in one session call; at most {ISessionStore.MaxKeysPerRequest}");
        }
    }

    private static void CheckPutBytes(long bytes)
    {
        if (bytes > ISessionStore.MaxResponseBytes)
        {
            SyncErrors.ResourceExhausted($"{bytes} bytes of session keys and values in one call; at most {ISessionStore.MaxResponseBytes}");
        }
    }
}
