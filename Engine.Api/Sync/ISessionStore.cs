using System.Collections.Generic;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync;

/// <summary>
/// The connector's scratch key-value data, scoped by sync (shared/spec/baton-storage.md, section 1.16): at most
/// <see cref="MaxKeysPerRequest"/> keys per call and <see cref="MaxResponseBytes"/> per response.
/// </summary>
public interface ISessionStore
{
    /// <summary>Keys one call may name.</summary>
    const int MaxKeysPerRequest = 100;

    /// <summary>Bytes of keys and values one response may carry.</summary>
    const int MaxResponseBytes = 4_132_864;

    /// <summary>The value of <paramref name="key"/> in the scope; false when absent.</summary>
    bool TryGet(SessionScope scope, string key, out byte[] value);

    /// <summary>The values of the keys that exist.</summary>
    IReadOnlyDictionary<string, byte[]> GetMany(SessionScope scope, IReadOnlyList<string> keys);

    /// <summary>One page of the scope's keys and values in key order.</summary>
    Page<KeyValuePair<string, byte[]>> GetAll(SessionScope scope, string? pageToken);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> in the scope.</summary>
    void Put(SessionScope scope, string key, byte[] value);

    /// <summary>Sets every key of <paramref name="values"/> in the scope, atomically.</summary>
    void PutMany(SessionScope scope, IReadOnlyDictionary<string, byte[]> values);

    /// <summary>Deletes <paramref name="key"/> from the scope; a missing key is not an error.</summary>
    void Delete(SessionScope scope, string key);

    /// <summary>Deletes every key of the scope (under its prefix).</summary>
    void Clear(SessionScope scope);
}
