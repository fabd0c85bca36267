namespace Engine.Api.LocalFirst.Feed;

/// <summary>
/// One committed change seen by a watcher, in commit order. <see cref="Sequence"/> is the engine's sequence number of
/// the change: it increases with every change, and a watcher resumes after a change by asking for
/// <c>Sequence + 1</c>.
/// </summary>
/// <param name="Sequence">The change's sequence number.</param>
/// <param name="Key">The key, relative to the store that delivers it (for a key-value namespace: the user key).</param>
public abstract record ChangeEvent(ulong Sequence, byte[] Key);
