using System;
using System.Threading;
using Engine.Lsm.Compaction;

namespace Engine.Api.LocalFirst;

/// <summary>
/// The one compaction filter a <see cref="LocalStore"/> installs in its engine: it hands each value to the filter
/// registered for the value's keyspace (the key's first byte, <see cref="Keyspaces"/>) and keeps the values of every
/// keyspace without one.
/// </summary>
/// <remarks>
/// The engine takes its filter when it opens, before the typed stores exist, so the stores register theirs here
/// afterwards (<see cref="Register"/>): the key-value store its TTL filter at open, the time-series store its
/// retention filter. A lookup is one array read per value, no allocation. Thread-safe: registration publishes with a
/// volatile write; compactions read without a lock.
/// </remarks>
internal sealed class KeyspaceCompactionFilter : CompactionFilter
{
    private readonly CompactionFilter?[] _byKeyspace = new CompactionFilter?[256];

    /// <summary>Routes the values of <paramref name="keyspace"/> to <paramref name="filter"/>, replacing any earlier one.</summary>
    public void Register(byte keyspace, CompactionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Volatile.Write(ref _byKeyspace[keyspace], filter);
    }

    /// <inheritdoc/>
    public override CompactionDecision Decide(ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value)
    {
        if (userKey.IsEmpty)
        {
            return CompactionDecision.Keep;
        }

        CompactionFilter? filter = Volatile.Read(ref _byKeyspace[userKey[0]]);
        return filter is null ? CompactionDecision.Keep : filter.Decide(userKey, value);
    }
}
