using System.Collections.Generic;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Telemetry;

namespace Engine.Api.Sync;

/// <summary>The <see cref="ISessionStore"/> of a <see cref="SyncStore"/>: each call goes to the store's session methods.</summary>
/// <remarks>Stateless beyond its store; as thread-safe as the store.</remarks>
internal sealed class SyncStoreSessions(SyncStore store) : ISessionStore
{
    public bool TryGet(SessionScope scope, string key, out byte[] value)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.SessionTryGet);
        return store.SessionTryGet(scope, key, out value);
    }

    public IReadOnlyDictionary<string, byte[]> GetMany(SessionScope scope, IReadOnlyList<string> keys)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.SessionGetMany);
        return store.SessionGetMany(scope, keys);
    }

    public Page<KeyValuePair<string, byte[]>> GetAll(SessionScope scope, string? pageToken)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.SessionGetAll);
        return store.SessionGetAll(scope, pageToken);
    }

    public void Put(SessionScope scope, string key, byte[] value)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.SessionPut);
        store.SessionPut(scope, key, value);
    }

    public void PutMany(SessionScope scope, IReadOnlyDictionary<string, byte[]> values)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.SessionPutMany);
        store.SessionPutMany(scope, values);
    }

    public void Delete(SessionScope scope, string key)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.SessionDelete);
        store.SessionDelete(scope, key);
    }

    public void Clear(SessionScope scope)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.SessionClear);
        store.SessionClear(scope);
    }
}
