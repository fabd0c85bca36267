using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Engine.Api.Gateway;

/// <summary>How a gateway validates and bounds requests; immutable, checked by <see cref="Validate"/>.</summary>
/// <remarks>The defaults are the reference's (spec sync-gateway.md 1.2 to 1.7 and 4).</remarks>
public sealed record SyncGatewayOptions
{
    /// <summary>The reference's tables: threads, messages, projects, posts, kv, file_meta, notifications.</summary>
    public static readonly IReadOnlySet<string> ReferenceTables = new[]
    {
        "threads", "messages", "projects", "posts", "kv", "file_meta", "notifications",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The options with the reference's defaults.</summary>
    public static readonly SyncGatewayOptions Default = new();

    /// <summary>Tables a push may write; any other table is a validation error.</summary>
    public IReadOnlySet<string> AllowedTables { get; init; } = ReferenceTables;

    /// <summary>Per table, the payload field that must equal the op's pk when present (default <c>id</c>; <c>hash</c> for <c>file_meta</c>).</summary>
    public IReadOnlyDictionary<string, string> LogicalKeyFields { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["file_meta"] = "hash" }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Per table, fields the server owns: a client's value is replaced by 0 on every put (<c>file_meta.ref_count</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> ServerDerivedFields { get; init; } =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
        {
            ["file_meta"] = FrozenSet.Create(StringComparer.Ordinal, "ref_count"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The largest payload, in UTF-8 bytes (256 KiB).</summary>
    public int MaxPayloadBytes { get; init; } = 256 * 1024;

    /// <summary>The pull limit when the request has none.</summary>
    public int DefaultPullLimit { get; init; } = 100;

    /// <summary>The largest pull limit; larger requests are clamped.</summary>
    public int MaxPullLimit { get; init; } = 1000;

    /// <summary>The largest snapshot page.</summary>
    public int MaxSnapshotPageSize { get; init; } = 1000;

    /// <summary>How long a snapshot chain stays readable after its first page.</summary>
    public TimeSpan SnapshotTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The most snapshots open at once; the oldest is forgotten beyond it.</summary>
    public int MaxOpenSnapshots { get; init; } = 64;

    /// <summary>The shortest GC retention a caller may ask for.</summary>
    public TimeSpan MinRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The longest GC retention a caller may ask for (365 days).</summary>
    public TimeSpan MaxRetention { get; init; } = TimeSpan.FromDays(365);

    /// <summary>What the gateway offers; GC runs only when both <c>snapshot-v1</c> capabilities are set.</summary>
    public SyncCapabilities Capabilities { get; init; } = SyncCapabilities.SnapshotV1 | SyncCapabilities.HistoryRetentionV1;

    /// <summary>The payload field that must equal the pk for <paramref name="table"/>.</summary>
    public string LogicalKeyField(string table) => LogicalKeyFields.TryGetValue(table, out string? field) ? field : "id";

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(AllowedTables);
        ArgumentNullException.ThrowIfNull(LogicalKeyFields);
        ArgumentNullException.ThrowIfNull(ServerDerivedFields);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPayloadBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPullLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultPullLimit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DefaultPullLimit, MaxPullLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSnapshotPageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SnapshotTtl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOpenSnapshots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MinRetention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetention, MinRetention);
    }
}
