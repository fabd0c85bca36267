using System;
using System.Collections.Generic;
using System.Linq;
using C1.Reader.V2;
using Engine.Api.Sync.Results;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// The row equalities a tee needs beyond protobuf and record equality: byte arrays by content, session values, and sync
/// runs whose "now" stamps may differ by the tolerance.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class TeeEquality
{
    /// <summary>Byte arrays by content.</summary>
    public static IEqualityComparer<byte[]> Bytes { get; } = new BytesComparer();

    /// <summary>Session values: the key and the bytes.</summary>
    public static IEqualityComparer<KeyValuePair<string, byte[]>> SessionValue { get; } = new SessionValueComparer();

    /// <summary>Two maps with the same keys and equal values.</summary>
    public static string? MapDifference<TValue>(IReadOnlyDictionary<string, TValue> primary, IReadOnlyDictionary<string, TValue> secondary, IEqualityComparer<TValue> values)
    {
        foreach ((string key, TValue value) in primary)
        {
            if (!secondary.TryGetValue(key, out TValue? other))
            {
                return $"key '{key}' only in the primary";
            }

            if (!values.Equals(value, other))
            {
                return $"key '{key}': primary {TeeText.Of(value)}, secondary {TeeText.Of(other)}";
            }
        }

        foreach (string key in secondary.Keys)
        {
            if (!primary.ContainsKey(key))
            {
                return $"key '{key}' only in the secondary";
            }
        }

        return null;
    }

    /// <summary>Instants equal within <paramref name="tolerance"/>; both absent is equal.</summary>
    public static bool Near(DateTimeOffset? primary, DateTimeOffset? secondary, TimeSpan tolerance) =>
        primary is null || secondary is null ? primary == secondary : (primary.Value - secondary.Value).Duration() <= tolerance;

    /// <summary>Protobuf timestamps equal within <paramref name="tolerance"/>; both absent is equal.</summary>
    public static bool Near(Timestamp? primary, Timestamp? secondary, TimeSpan tolerance) =>
        Near(primary?.ToDateTimeOffset(), secondary?.ToDateTimeOffset(), tolerance);

    /// <summary>Sync runs as <c>GetSync</c> returns them, their stamps compared within <paramref name="tolerance"/>.</summary>
    public static IEqualityComparer<SyncRun> SyncRun(TimeSpan tolerance) => new SyncRunComparer(tolerance);

    /// <summary>Sync runs as <c>ListSyncRuns</c> returns them, their stamps compared within <paramref name="tolerance"/>.</summary>
    public static IEqualityComparer<SyncRunInfo> SyncRunInfo(TimeSpan tolerance) => new SyncRunInfoComparer(tolerance);

    private static bool SameVerification(IngestInvariantVerification? primary, IngestInvariantVerification? secondary) =>
        primary is null || secondary is null
            ? primary is null && secondary is null
            : primary.Generation == secondary.Generation && primary.Mode == secondary.Mode && primary.Coverage.SequenceEqual(secondary.Coverage);

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x is null || y is null ? x == y : x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            HashCode hash = default;
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }

    private sealed class SessionValueComparer : IEqualityComparer<KeyValuePair<string, byte[]>>
    {
        public bool Equals(KeyValuePair<string, byte[]> x, KeyValuePair<string, byte[]> y) =>
            string.Equals(x.Key, y.Key, StringComparison.Ordinal) && Bytes.Equals(x.Value, y.Value);

        public int GetHashCode(KeyValuePair<string, byte[]> obj) => HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.Key), Bytes.GetHashCode(obj.Value));
    }

    // The hash leaves the stamps out, so runs equal within the tolerance hash alike.
    private sealed class SyncRunComparer(TimeSpan tolerance) : IEqualityComparer<SyncRun>
    {
        public bool Equals(SyncRun? x, SyncRun? y) => x is null || y is null
            ? x == y
            : x.Id == y.Id && x.SyncToken == y.SyncToken && x.SyncType == y.SyncType && x.ParentSyncId == y.ParentSyncId
                && Equals(x.Stats, y.Stats) && Near(x.StartedAt, y.StartedAt, tolerance) && Near(x.EndedAt, y.EndedAt, tolerance);

        public int GetHashCode(SyncRun obj) => HashCode.Combine(obj.Id, obj.SyncType);
    }

    private sealed class SyncRunInfoComparer(TimeSpan tolerance) : IEqualityComparer<SyncRunInfo>
    {
        public bool Equals(SyncRunInfo? x, SyncRunInfo? y) => x is null || y is null
            ? x == y
            : x.Id == y.Id && x.SyncToken == y.SyncToken && x.Type == y.Type && x.ParentSyncId == y.ParentSyncId
                && x.LinkedSyncId == y.LinkedSyncId && x.SupportsDiff == y.SupportsDiff && Equals(x.Stats, y.Stats)
                && SameVerification(x.IngestInvariantVerification, y.IngestInvariantVerification)
                && Near(x.StartedAt, y.StartedAt, tolerance) && Near(x.EndedAt, y.EndedAt, tolerance);

        public int GetHashCode(SyncRunInfo obj) => HashCode.Combine(obj.Id, obj.Type);
    }
}
