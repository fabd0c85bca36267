using System.Collections.Generic;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// Session data through a tee: the scope's sync is translated; <see cref="GetAll"/> compares as a sequence (both
/// engines order by key), <see cref="GetMany"/> key by key.
/// </summary>
/// <remarks>As thread-safe as the tee.</remarks>
internal sealed class TeeSessionStore(TeeSyncStore tee) : ISessionStore
{
    private static readonly CustomComparison<IReadOnlyDictionary<string, byte[]>> s_values =
        new(static (p, s) => TeeEquality.MapDifference(p, s, TeeEquality.Bytes));

    private static readonly CustomComparison<(bool Found, byte[] Value)> s_value = new(static (p, s) =>
        p.Found != s.Found ? $"found: {p.Found} against {s.Found}" : TeeEquality.Bytes.Equals(p.Value, s.Value) ? null : "the values differ");

    private static readonly ListComparison<KeyValuePair<string, byte[]>> s_pages = new(ListOrder.Sequence, TeeEquality.SessionValue);

    public bool TryGet(SessionScope scope, string key, out byte[] value)
    {
        SessionScope other = tee.SessionToSecondary(scope);
        (bool found, value) = tee.Read(
            "ISessionStore.TryGet",
            () => $"{scope}, {TeeText.Of(key)}",
            s => (s.Sessions.TryGet(scope, key, out byte[] v), v),
            s => (s.Sessions.TryGet(other, key, out byte[] v), v),
            s_value);
        return found;
    }

    public IReadOnlyDictionary<string, byte[]> GetMany(SessionScope scope, IReadOnlyList<string> keys)
    {
        SessionScope other = tee.SessionToSecondary(scope);
        return tee.Read("ISessionStore.GetMany", () => $"{scope}, {TeeText.Of(keys)}", s => s.Sessions.GetMany(scope, keys), s => s.Sessions.GetMany(other, keys), s_values);
    }

    public Page<KeyValuePair<string, byte[]>> GetAll(SessionScope scope, string? pageToken)
    {
        SessionScope other = tee.SessionToSecondary(scope);
        return tee.ReadPage(
            "ISessionStore.GetAll",
            ("GetAll", scope),
            pageToken,
            () => $"{scope}, {TeeText.Of(pageToken)}",
            (s, token) => s.Sessions.GetAll(scope, token),
            (s, token) => s.Sessions.GetAll(other, token),
            s_pages);
    }

    public void Put(SessionScope scope, string key, byte[] value)
    {
        SessionScope other = tee.SessionToSecondary(scope);
        tee.Write("ISessionStore.Put", () => $"{scope}, {TeeText.Of(key)}, {TeeText.Of(value)}", s => s.Sessions.Put(scope, key, value), s => s.Sessions.Put(other, key, value));
    }

    public void PutMany(SessionScope scope, IReadOnlyDictionary<string, byte[]> values)
    {
        SessionScope other = tee.SessionToSecondary(scope);
        tee.Write("ISessionStore.PutMany", () => $"{scope}, {TeeText.Of(values)}", s => s.Sessions.PutMany(scope, values), s => s.Sessions.PutMany(other, values));
    }

    public void Delete(SessionScope scope, string key)
    {
        SessionScope other = tee.SessionToSecondary(scope);
        tee.Write("ISessionStore.Delete", () => $"{scope}, {TeeText.Of(key)}", s => s.Sessions.Delete(scope, key), s => s.Sessions.Delete(other, key));
    }

    public void Clear(SessionScope scope)
    {
        SessionScope other = tee.SessionToSecondary(scope);
        tee.Write("ISessionStore.Clear", () => scope.ToString(), s => s.Sessions.Clear(scope), s => s.Sessions.Clear(other));
    }
}
