namespace Engine.Api.LocalFirst.Feed;

/// <summary>A key was set to <see cref="Value"/>.</summary>
/// <param name="Sequence">The change's sequence number.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The value written.</param>
public sealed record PutEvent(ulong Sequence, byte[] Key, byte[] Value) : ChangeEvent(Sequence, Key);
