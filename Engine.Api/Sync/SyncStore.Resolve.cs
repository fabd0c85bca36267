using System.Collections.Generic;
using C1.C1Z.V1;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Store;
using Engine.Core.Identifiers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Api.Sync;

/// <summary>
/// The read-resolution cascade (shared/spec/baton-storage.md, section 1.2): which sync a read without an explicit
/// sync reads, and the latest-finished lookups it rests on.
/// </summary>
public sealed partial class SyncStore
{
    // Guarded by _stateLock: the cached defaults of step 4, recomputed after a sync starts, ends or is deleted.
    private (bool Known, Ksuid? Id) _defaultFull;
    private (bool Known, Ksuid? Id) _defaultAny;

    /// <summary>
    /// The sync a read uses: the request's own (its <see cref="SyncReadRequest.SyncId"/>, else a SyncDetails
    /// annotation), then the current sync, then the view sync, then <paramref name="fallback"/>; null when nothing
    /// resolves and the read runs without a sync filter.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed SyncDetails annotation or sync id.</exception>
    internal Ksuid? ResolveReadSync(SyncReadRequest? request, ReadDefault fallback)
    {
        ThrowIfClosed();
        if (ExplicitSync(request) is Ksuid requested)
        {
            return requested;
        }

        lock (_stateLock)
        {
            if (_current is Ksuid current)
            {
                return current;
            }

            if (_view is Ksuid view)
            {
                return view;
            }

            ref (bool Known, Ksuid? Id) cached = ref fallback == ReadDefault.LatestFull ? ref _defaultFull : ref _defaultAny;
            if (!cached.Known)
            {
                Ksuid? latest = LatestFinished(fallback == ReadDefault.LatestFull ? SyncType.Full : SyncType.Any, 0)?.Id;
                cached = (true, latest ?? LatestUnfinished(SyncType.Any)?.Id);
            }

            return cached.Id;
        }
    }

    /// <summary>The request's own sync: its SyncId, else the id of a SyncDetails among its annotations; null when neither.</summary>
    internal static Ksuid? ExplicitSync(SyncReadRequest? request)
    {
        if (request is null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(request.SyncId))
        {
            return ParseSyncId(request.SyncId);
        }

        if (request.Annotations is { } annotations)
        {
            foreach (Any annotation in annotations)
            {
                if (annotation is null || !annotation.Is(SyncDetails.Descriptor))
                {
                    continue;
                }

                SyncDetails details;
                try
                {
                    details = annotation.Unpack<SyncDetails>();
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new StorageException(StorageErrorCode.InvalidArgument, "malformed SyncDetails annotation: " + ex.Message, ex);
                }

                if (details.Id.Length != 0)
                {
                    return ParseSyncId(details.Id);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The finished sync of <paramref name="type"/> (any when Any) at <paramref name="offset"/> in the order ended_at
    /// descending, then sync id descending; null when there are not that many.
    /// </summary>
    internal (Ksuid Id, SyncRunRecord Run)? LatestFinished(SyncType type, int offset)
    {
        List<(Ksuid Id, SyncRunRecord Run)> finished = [];
        string name = NameOf(type);
        foreach ((Ksuid id, SyncRunRecord run) in RunsInCreationOrder())
        {
            if (run.EndedAtUnixNanos is not null && (type == SyncType.Any || run.SyncType == name))
            {
                finished.Add((id, run));
            }
        }

        finished.Sort(static (a, b) =>
        {
            int byEnd = b.Run.EndedAtUnixNanos!.Value.CompareTo(a.Run.EndedAtUnixNanos!.Value);
            return byEnd != 0 ? byEnd : b.Id.CompareTo(a.Id);
        });
        return offset < finished.Count ? finished[offset] : null;
    }

    /// <summary>Forgets the cached default syncs; the caller holds <see cref="_stateLock"/>.</summary>
    private void InvalidateDefaultSyncsLocked()
    {
        _defaultFull = default;
        _defaultAny = default;
    }
}
