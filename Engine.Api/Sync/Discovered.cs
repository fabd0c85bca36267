using System;

namespace Engine.Api.Sync;

/// <summary>A record with the time it was discovered, for the "put if newer" writes.</summary>
/// <typeparam name="T">The record's message type.</typeparam>
/// <param name="Record">The record.</param>
/// <param name="DiscoveredAt">When it was discovered; null never writes.</param>
public readonly record struct Discovered<T>(T Record, DateTimeOffset? DiscoveredAt);
