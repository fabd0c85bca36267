using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// A snapshot capture and the engine <see cref="Snapshot"/> that pins its state. Readers lease it; dropping it disposes
/// the engine snapshot once the last reader has let go, so a page being read is never cut off.
/// </summary>
/// <remarks>Thread-safe: every member takes the instance's lock.</remarks>
internal sealed class RetainedSnapshot(SnapshotCapture capture, Snapshot snapshot, long sequence)
{
    private readonly object _gate = new();

    // Guarded by _gate: pages being read now, and whether the registry has let go of the capture.
    private int _readers;
    private bool _dropped;

    public SnapshotCapture Capture { get; } = capture;

    /// <summary>Capture order, for evicting the oldest beyond the cap.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The engine snapshot for one reader, or null once dropped; pair with <see cref="Release"/>.</summary>
    public Snapshot? TryAcquire()
    {
        lock (_gate)
        {
            if (_dropped)
            {
                return null;
            }

            _readers++;
            return snapshot;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _readers--;
            DisposeIfUnusedLocked();
        }
    }

    /// <summary>Lets go of the capture: the engine snapshot is released now, or when its last reader finishes.</summary>
    public void Drop()
    {
        lock (_gate)
        {
            _dropped = true;
            DisposeIfUnusedLocked();
        }
    }

    private void DisposeIfUnusedLocked()
    {
        if (_dropped && _readers == 0)
        {
            snapshot.Dispose();
        }
    }
}
