using System;
using Engine.Lsm.Keys;

namespace Engine.Api.LocalFirst.Feed;

/// <summary>
/// Turns one committed change under a watched prefix into the event a typed store delivers (the user key without the
/// keyspace, the value without a store's header), or null to leave it out.
/// </summary>
/// <param name="sequence">The change's sequence number.</param>
/// <param name="kind">A set, a delete, or a range delete.</param>
/// <param name="key">The engine key (for a range delete, the range's start, clipped to the prefix).</param>
/// <param name="value">The value; for a range delete, the range's exclusive end clipped to the prefix, or empty when the range runs past the prefix's end.</param>
internal delegate ChangeEvent? ChangeMapper(ulong sequence, KeyKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
