using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The connector's session data (shared/spec/baton-storage.md, section 1.16) in <c>v1_connector_sessions</c>: one row
/// per (sync, prefix + key); a scope's keys found with <c>LIKE</c> (escaped) and checked as an exact prefix, since LIKE
/// folds ASCII case. Limits and errors as our LSM store's.
/// </summary>
public sealed partial class SqliteSyncStore
{
    private const string PrefixFilter = "key LIKE $1 ESCAPE '\\' AND substr(key, 1, length($2)) = $2";

    private SqliteSessionStore? _sessions;

    /// <summary>The connector's per-sync session data.</summary>
    public ISessionStore Sessions => _sessions ??= new SqliteSessionStore(this);

    internal bool SessionTryGet(SessionScope scope, string key, out byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        (string sync, string prefix) = ParseScope(scope);
        lock (_lock)
        {
            ThrowIfClosedLocked();
            byte[]? stored = _sql.Scalar("SELECT value FROM v1_connector_sessions WHERE sync_id = $0 AND key = $1", sync, prefix + key) as byte[];
            value = stored ?? [];
            return stored is not null;
        }
    }

    internal IReadOnlyDictionary<string, byte[]> SessionGetMany(SessionScope scope, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        (string sync, string prefix) = ParseScope(scope);
        CheckKeyCount(keys.Count);
        lock (_lock)
        {
            ThrowIfClosedLocked();
            Dictionary<string, byte[]> found = new(StringComparer.Ordinal);
            long bytes = 0;
            for (int i = 0; i < keys.Count; i++)
            {
                string key = keys[i] ?? throw new ArgumentException($"Key {i} is null.", nameof(keys));
                if (found.ContainsKey(key) || _sql.Scalar("SELECT value FROM v1_connector_sessions WHERE sync_id = $0 AND key = $1", sync, prefix + key) is not byte[] value)
                {
                    continue;
                }

                bytes += Encoding.UTF8.GetByteCount(key) + value.Length;
                if (bytes > ISessionStore.MaxResponseBytes)
                {
                    SyncErrors.ResourceExhausted($"the session values of {keys.Count} keys exceed {ISessionStore.MaxResponseBytes} bytes");
                }

                found.Add(key, value);
            }

            return found;
        }
    }

    internal Page<KeyValuePair<string, byte[]>> SessionGetAll(SessionScope scope, string? pageToken)
    {
        (string sync, string prefix) = ParseScope(scope);
        string after = "";
        if (!string.IsNullOrEmpty(pageToken))
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
            }
            catch (FormatException)
            {
                SyncErrors.InvalidArgument("malformed page token");
            }

            if (!after.StartsWith(prefix, StringComparison.Ordinal))
            {
                SyncErrors.InvalidArgument("the page token belongs to another listing");
            }
        }

        lock (_lock)
        {
            ThrowIfClosedLocked();
            List<KeyValuePair<string, byte[]>> items = [];
            long bytes = 0;
            string? lastKey = null;
            bool more = false;
            using (SqliteDataReader reader = _sql.Query(
                $"SELECT key, value FROM v1_connector_sessions WHERE sync_id = $0 AND {PrefixFilter} AND key > $3 ORDER BY key LIMIT $4",
                sync, EscapeLike(prefix) + "%", prefix, after, ISessionStore.MaxKeysPerRequest + 1))
            {
                while (reader.Read())
                {
                    string stored = reader.GetString(0);
                    string key = stored[prefix.Length..];
                    byte[] value = (byte[])reader.GetValue(1);
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
                    lastKey = stored;
                }
            }

            return new Page<KeyValuePair<string, byte[]>>(items, more ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey!)) : "");
        }
    }

    internal void SessionPut(SessionScope scope, string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        (string sync, string prefix) = ParseScope(scope);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            CheckPutBytes(Encoding.UTF8.GetByteCount(key) + (long)value.Length);
            PutSessionLocked(sync, prefix + key, value);
            _dirty = true;
        }
    }

    internal void SessionPutMany(SessionScope scope, IReadOnlyDictionary<string, byte[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        (string sync, string prefix) = ParseScope(scope);
        CheckKeyCount(values.Count);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            if (values.Count == 0)
            {
                return;
            }

            long bytes = 0;
            foreach (KeyValuePair<string, byte[]> entry in values)
            {
                byte[] value = entry.Value ?? throw new ArgumentException($"The value of '{entry.Key}' is null.", nameof(values));
                bytes += Encoding.UTF8.GetByteCount(entry.Key) + (long)value.Length;
            }

            CheckPutBytes(bytes);
            _sql.InTransaction(() =>
            {
                foreach (KeyValuePair<string, byte[]> entry in values)
                {
                    PutSessionLocked(sync, prefix + entry.Key, entry.Value);
                }
            });
            _dirty = true;
        }
    }

    internal void SessionDelete(SessionScope scope, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        (string sync, string prefix) = ParseScope(scope);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            _sql.Execute("DELETE FROM v1_connector_sessions WHERE sync_id = $0 AND key = $1", sync, prefix + key);
            _dirty = true;
        }
    }

    internal void SessionClear(SessionScope scope)
    {
        (string sync, string prefix) = ParseScope(scope);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            _sql.Execute($"DELETE FROM v1_connector_sessions WHERE sync_id = $0 AND {PrefixFilter}", sync, EscapeLike(prefix) + "%", prefix);
            _dirty = true;
        }
    }

    private void PutSessionLocked(string sync, string key, byte[] value) =>
        _sql.Execute(
            "INSERT INTO v1_connector_sessions (sync_id, key, value) VALUES ($0, $1, $2) ON CONFLICT (sync_id, key) DO UPDATE SET value = excluded.value",
            sync, key, value);

    /// <summary>The scope's sync and prefix; InvalidArgument for a missing or malformed sync id (as our LSM store).</summary>
    private static (string Sync, string Prefix) ParseScope(SessionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(scope.SyncId, nameof(scope));
        ArgumentNullException.ThrowIfNull(scope.Prefix, nameof(scope));
        if (scope.SyncId.Length == 0)
        {
            SyncErrors.InvalidArgument("sync id is required");
        }

        return (CheckSyncId(scope.SyncId), scope.Prefix);
    }

    /// <summary>The reference's LIKE escaping: backslash, percent and underscore preceded by a backslash.</summary>
    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);

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
