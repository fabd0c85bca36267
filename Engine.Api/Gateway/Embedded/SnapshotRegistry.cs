using System;
using System.Collections.Generic;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// The open snapshot captures of one store, by id (spec sync-gateway.md 5.3): in memory only, so a restart forgets
/// them; expired ones are dropped when met; beyond the cap the oldest is dropped.
/// </summary>
/// <remarks>Thread-safe: every member takes the registry's lock, which is never held while reading the database.</remarks>
internal sealed class SnapshotRegistry(int capacity)
{
    private readonly object _gate = new();

    // Guarded by _gate.
    private readonly Dictionary<string, RetainedSnapshot> _byId = new(StringComparer.Ordinal);
    private long _nextSequence;

    /// <summary>Registers a capture pinned by <paramref name="snapshot"/>, dropping expired ones and, beyond the cap, the oldest.</summary>
    public void Add(Storage.SnapshotCapture capture, Snapshot snapshot, DateTimeOffset now)
    {
        List<RetainedSnapshot> dropped = [];
        lock (_gate)
        {
            foreach (RetainedSnapshot entry in _byId.Values)
            {
                if (entry.Capture.ExpiresAt <= now)
                {
                    dropped.Add(entry);
                }
            }

            foreach (RetainedSnapshot entry in dropped)
            {
                _byId.Remove(entry.Capture.SnapshotId);
            }

            while (_byId.Count >= capacity)
            {
                RetainedSnapshot oldest = OldestLocked();
                _byId.Remove(oldest.Capture.SnapshotId);
                dropped.Add(oldest);
            }

            _byId.Add(capture.SnapshotId, new RetainedSnapshot(capture, snapshot, _nextSequence++));
        }

        foreach (RetainedSnapshot entry in dropped)
        {
            entry.Drop();
        }
    }

    /// <summary>The capture with <paramref name="snapshotId"/>, or null when unknown; an expired one is dropped and null.</summary>
    public RetainedSnapshot? Find(string snapshotId, DateTimeOffset now)
    {
        RetainedSnapshot? entry;
        lock (_gate)
        {
            if (!_byId.TryGetValue(snapshotId, out entry))
            {
                return null;
            }

            if (entry.Capture.ExpiresAt > now)
            {
                return entry;
            }

            _byId.Remove(snapshotId);
        }

        entry.Drop();
        return null;
    }

    /// <summary>Drops the capture with <paramref name="snapshotId"/>; unknown ids are ignored.</summary>
    public void Remove(string snapshotId)
    {
        RetainedSnapshot? entry;
        lock (_gate)
        {
            if (!_byId.Remove(snapshotId, out entry))
            {
                return;
            }
        }

        entry.Drop();
    }

    /// <summary>The number of captures held (expired ones not yet met included).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Drops every capture.</summary>
    public void Clear()
    {
        List<RetainedSnapshot> all;
        lock (_gate)
        {
            all = [.. _byId.Values];
            _byId.Clear();
        }

        foreach (RetainedSnapshot entry in all)
        {
            entry.Drop();
        }
    }

    private RetainedSnapshot OldestLocked()
    {
        RetainedSnapshot? oldest = null;
        foreach (RetainedSnapshot entry in _byId.Values)
        {
            if (oldest is null || entry.Sequence < oldest.Sequence)
            {
                oldest = entry;
            }
        }

        return oldest!;
    }
}
