using System.Collections.Generic;
using System.Threading;
using C1.C1Z.V1;
using C1.Reader.V2;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// The tee's translation between the two stores' sync ids: each engine mints its own KSUIDs, so a sync created through
/// the tee has one id per store. Ids are learned from the calls that create syncs; an id never learned maps to itself
/// (two stores imported from one file share their ids).
/// </summary>
/// <remarks>Thread-safe: both directions are guarded by one lock.</remarks>
internal sealed class SyncIdMap
{
    private readonly Lock _lock = new();

    // Primary id to secondary id and back; guarded by _lock.
    private readonly Dictionary<string, string> _toSecondary = [];
    private readonly Dictionary<string, string> _toPrimary = [];

    public SyncIdMap(IReadOnlyDictionary<string, string>? known)
    {
        foreach ((string primary, string secondary) in known ?? new Dictionary<string, string>())
        {
            _ = Learn(primary, secondary);
        }
    }

    /// <summary>A copy of the learned pairs (primary id to secondary id).</summary>
    public IReadOnlyDictionary<string, string> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, string>(_toSecondary);
        }
    }

    /// <summary>
    /// Records that <paramref name="primary"/> and <paramref name="secondary"/> name the same sync; returns what
    /// contradicts an earlier pairing, or null.
    /// </summary>
    public string? Learn(string primary, string secondary)
    {
        lock (_lock)
        {
            string knownSecondary = _toSecondary.GetValueOrDefault(primary, primary);
            string knownPrimary = _toPrimary.GetValueOrDefault(secondary, secondary);
            bool primaryPaired = _toSecondary.ContainsKey(primary);
            bool secondaryPaired = _toPrimary.ContainsKey(secondary);
            if (primaryPaired && knownSecondary != secondary)
            {
                return $"primary sync {primary} is secondary sync {knownSecondary}, and now {secondary}";
            }

            if (secondaryPaired && knownPrimary != primary)
            {
                return $"secondary sync {secondary} is primary sync {knownPrimary}, and now {primary}";
            }

            if (primary != secondary)
            {
                _toSecondary[primary] = secondary;
                _toPrimary[secondary] = primary;
            }

            return null;
        }
    }

    /// <summary>The secondary's id of a primary id (itself when never learned).</summary>
    public string ToSecondary(string id)
    {
        lock (_lock)
        {
            return _toSecondary.GetValueOrDefault(id, id);
        }
    }

    /// <summary>The primary's id of a secondary id (itself when never learned).</summary>
    public string ToPrimary(string id)
    {
        lock (_lock)
        {
            return _toPrimary.GetValueOrDefault(id, id);
        }
    }

    /// <summary>A request whose sync (its id, a SyncDetails annotation, an active sync id) names the secondary's sync.</summary>
    public T ToSecondary<T>(T request)
        where T : SyncReadRequest
    {
        SyncReadRequest translated = request with
        {
            SyncId = request.SyncId is { Length: > 0 } id ? ToSecondary(id) : request.SyncId,
            Annotations = Annotations(request.Annotations),
        };
        if (translated is ListResourceTypesRequest { ActiveSyncId.Length: > 0 } types)
        {
            translated = types with { ActiveSyncId = ToSecondary(types.ActiveSyncId) };
        }

        return (T)translated;
    }

    /// <summary>A session scope naming the secondary's sync.</summary>
    public SessionScope ToSecondary(SessionScope scope) => scope with { SyncId = ToSecondary(scope.SyncId ?? "") };

    /// <summary>The secondary's sync run with the primary's ids.</summary>
    public SyncRun ToPrimary(SyncRun run)
    {
        SyncRun copy = run.Clone();
        copy.Id = ToPrimary(run.Id);
        copy.ParentSyncId = ToPrimary(run.ParentSyncId);
        return copy;
    }

    /// <summary>The secondary's sync run with the primary's ids.</summary>
    public SyncRunInfo ToPrimary(SyncRunInfo run) => run with
    {
        Id = ToPrimary(run.Id),
        ParentSyncId = ToPrimary(run.ParentSyncId),
        LinkedSyncId = ToPrimary(run.LinkedSyncId),
    };

    /// <summary>The annotations with each well-formed SyncDetails renamed; the others (malformed ones too) as they are.</summary>
    private List<Any>? Annotations(IReadOnlyList<Any>? annotations)
    {
        if (annotations is null)
        {
            return null;
        }

        List<Any> translated = new(annotations.Count);
        foreach (Any annotation in annotations)
        {
            if (annotation is not null && annotation.Is(SyncDetails.Descriptor) && TryUnpack(annotation, out SyncDetails? details) && details.Id.Length > 0)
            {
                translated.Add(Any.Pack(new SyncDetails { Id = ToSecondary(details.Id) }));
            }
            else
            {
                translated.Add(annotation!);
            }
        }

        return translated;
    }

    private static bool TryUnpack(Any annotation, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SyncDetails? details)
    {
        try
        {
            details = annotation.Unpack<SyncDetails>();
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            details = null;
            return false;
        }
    }
}
