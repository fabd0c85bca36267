using System.Collections.Generic;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;

namespace Engine.Sqlite;

/// <summary>The <see cref="ISessionStore"/> of a <see cref="SqliteSyncStore"/>: each call goes to the store's session methods.</summary>
/// <remarks>As thread-safe as the store.</remarks>
internal sealed class SqliteSessionStore(SqliteSyncStore store) : ISessionStore
{
    public bool TryGet(SessionScope scope, string key, out byte[] value) => store.SessionTryGet(scope, key, out value);

    public IReadOnlyDictionary<string, byte[]> GetMany(SessionScope scope, IReadOnlyList<string> keys) => store.SessionGetMany(scope, keys);

    public Page<KeyValuePair<string, byte[]>> GetAll(SessionScope scope, string? pageToken) => store.SessionGetAll(scope, pageToken);

    public void Put(SessionScope scope, string key, byte[] value) => store.SessionPut(scope, key, value);

    public void PutMany(SessionScope scope, IReadOnlyDictionary<string, byte[]> values) => store.SessionPutMany(scope, values);

    public void Delete(SessionScope scope, string key) => store.SessionDelete(scope, key);

    public void Clear(SessionScope scope) => store.SessionClear(scope);
}
