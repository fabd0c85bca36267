using System;
using Engine.Core.Identifiers;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>
/// Blob, upload and body ids: KSUIDs in base62 (27 characters, time-ordered, safe as file names on every platform).
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class BlobIds
{
    /// <summary>A new id stamped with <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now) => Ksuid.NewKsuid(now < Ksuid.MinTimestamp ? Ksuid.MinTimestamp : now).ToString();

    /// <summary>Whether <paramref name="id"/> has the form of an id this store hands out.</summary>
    public static bool IsValid(string? id) => id is { Length: Ksuid.StringLength } && Ksuid.TryParse(id, out _);
}
