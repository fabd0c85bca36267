namespace Engine.Api.LocalFirst.Feed;

/// <summary>Every key in <c>[Key, EndKey)</c> was deleted by one range deletion, clipped to the watched prefix.</summary>
/// <param name="Sequence">The change's sequence number.</param>
/// <param name="Key">The first key of the range (inclusive).</param>
/// <param name="EndKey">The end of the range (exclusive), or null when it runs to the end of the watched prefix.</param>
public sealed record RangeDeleteEvent(ulong Sequence, byte[] Key, byte[]? EndKey) : ChangeEvent(Sequence, Key);
