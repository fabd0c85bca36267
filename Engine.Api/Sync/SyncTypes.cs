using System;

namespace Engine.Api.Sync;

/// <summary>Converts <see cref="SyncType"/> to and from the reference's stored strings.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
public static class SyncTypes
{
    /// <summary>The stored string of <paramref name="type"/>: <c>""</c>, <c>"full"</c>, <c>"partial"</c>, ...</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static string ToName(SyncType type) => type switch
    {
        SyncType.Any => "",
        SyncType.Full => "full",
        SyncType.Partial => "partial",
        SyncType.ResourcesOnly => "resources_only",
        SyncType.PartialUpserts => "partial_upserts",
        SyncType.PartialDeletions => "partial_deletions",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a sync type."),
    };

    /// <summary>The type a stored string names; false for any other string (stored runs may carry unknown types).</summary>
    public static bool TryParse(string? name, out SyncType type)
    {
        switch (name)
        {
            case "":
                type = SyncType.Any;
                return true;
            case "full":
                type = SyncType.Full;
                return true;
            case "partial":
                type = SyncType.Partial;
                return true;
            case "resources_only":
                type = SyncType.ResourcesOnly;
                return true;
            case "partial_upserts":
                type = SyncType.PartialUpserts;
                return true;
            case "partial_deletions":
                type = SyncType.PartialDeletions;
                return true;
            default:
                type = SyncType.Any;
                return false;
        }
    }
}
