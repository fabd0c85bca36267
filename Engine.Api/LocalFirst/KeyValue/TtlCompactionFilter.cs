using System;
using Engine.Lsm.Compaction;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>
/// Removes key-value entries whose time to live ran out by the store's clock, so that compaction reclaims them
/// physically; readers already treat them as absent from the moment they expire (<see cref="KeyValueEntry"/>).
/// </summary>
/// <remarks>
/// Keeps every value it cannot read, so that damage is reported by readers rather than erased. Reads the clock once
/// per value; stateless otherwise and thread-safe.
/// </remarks>
internal sealed class TtlCompactionFilter(TimeProvider clock) : CompactionFilter
{
    /// <inheritdoc/>
    public override CompactionDecision Decide(ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value)
    {
        if (!KeyValueEntry.TryRead(value, out long expiresAt, out _) || expiresAt == KeyValueEntry.Never)
        {
            return CompactionDecision.Keep;
        }

        return KeyValueEntry.IsExpired(expiresAt, clock.GetUtcNow().ToUnixTimeMilliseconds())
            ? CompactionDecision.Remove
            : CompactionDecision.Keep;
    }
}
