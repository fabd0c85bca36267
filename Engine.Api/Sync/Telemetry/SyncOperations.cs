using System;
using Engine.Api.Sync.Keys;

namespace Engine.Api.Sync.Telemetry;

/// <summary>The names of <see cref="SyncOperation"/> and <see cref="RecordKind"/>, computed once so tags never allocate.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal static class SyncOperations
{
    private static readonly string[] s_operationNames = Enum.GetNames<SyncOperation>();

    // Snake case, as the reference names its tables; index = (int)RecordKind.
    private static readonly string[] s_kindNames = ["resource_type", "resource", "entitlement", "grant", "asset", "session", "sync_run"];

    /// <summary>How many operations there are.</summary>
    public static int Count => s_operationNames.Length;

    /// <summary>How many record kinds there are.</summary>
    public static int KindCount => s_kindNames.Length;

    /// <summary>The operation's method name, the <c>operation</c> tag.</summary>
    public static string Name(SyncOperation operation) => s_operationNames[(int)operation];

    /// <summary>The kind's snake-case name, the <c>kind</c> tag.</summary>
    public static string Name(RecordKind kind) => s_kindNames[(int)kind];

    /// <summary>The kind of the records of primary keyspace <paramref name="keyspace"/>.</summary>
    public static RecordKind KindOf(Keyspace keyspace) => keyspace switch
    {
        Keyspace.ResourceType => RecordKind.ResourceType,
        Keyspace.Resource => RecordKind.Resource,
        Keyspace.Entitlement => RecordKind.Entitlement,
        Keyspace.Asset or Keyspace.AssetChunk => RecordKind.Asset,
        Keyspace.Session => RecordKind.Session,
        Keyspace.SyncRun => RecordKind.SyncRun,
        _ => RecordKind.Grant,
    };
}
