namespace Engine.Api.LocalFirst.Feed;

/// <summary>A key was deleted (whether or not it existed).</summary>
/// <param name="Sequence">The change's sequence number.</param>
/// <param name="Key">The key.</param>
public sealed record DeleteEvent(ulong Sequence, byte[] Key) : ChangeEvent(Sequence, Key);
