using System;
using System.Threading;

namespace Engine.Api.Gateway;

/// <summary>
/// The state of a gateway's GC runs as the admin surface reports it: idle, running while any run is under way, then
/// idle (with the run's end time and the backlog left) or failed (with the error) by the outcome of the last run to end.
/// </summary>
/// <remarks>
/// In memory only, as the reference keeps it: the state is advisory and resets with the process. Thread-safe: every
/// field is guarded by <see cref="_gate"/>.
/// </remarks>
internal sealed class MaintenanceTracker
{
    private readonly Lock _gate = new();
    private readonly bool _enabled;
    private int _running;
    private bool _failed;
    private DateTimeOffset? _lastRun;
    private long? _backlog;
    private string? _lastError;

    public MaintenanceTracker(bool enabled)
    {
        _enabled = enabled;
    }

    /// <summary>Marks a run as started.</summary>
    public void Begin()
    {
        lock (_gate)
        {
            _running++;
        }
    }

    /// <summary>Marks a run as ended well: idle, with its end time and the backlog it left; clears the last error.</summary>
    public void Complete(DateTimeOffset lastRun, long backlog)
    {
        lock (_gate)
        {
            _running--;
            _failed = false;
            _lastRun = lastRun;
            _backlog = backlog;
            _lastError = null;
        }
    }

    /// <summary>Marks a run as failed with <paramref name="error"/>.</summary>
    public void Fail(string error)
    {
        lock (_gate)
        {
            _running--;
            _failed = true;
            _lastError = error;
        }
    }

    /// <summary>A consistent copy of the state.</summary>
    public MaintenanceState Snapshot()
    {
        lock (_gate)
        {
            string state = _running > 0 ? "running" : _failed ? "failed" : "idle";
            return new MaintenanceState(_enabled, state, _lastRun, _backlog, _lastError);
        }
    }
}
