using System;

namespace Engine.Api.Sync.Telemetry;

/// <summary>
/// Times one sync store operation, from <see cref="SyncTelemetry.Begin"/> at the top of the method to
/// <see cref="Dispose"/> in the method's <c>using</c>: <c>using OperationScope op = _telemetry.Begin(SyncOperation.ListGrants, request);</c>.
/// Allocates nothing; the default value (a call nested in another operation of the same store) does nothing.
/// </summary>
/// <remarks>
/// Belongs to the thread that began it, and must end on it: the store has no asynchronous methods, and iterator
/// bodies never hold one open across a <c>yield</c>.
/// </remarks>
internal readonly struct OperationScope : IDisposable
{
    private readonly SyncTelemetry? _telemetry;

    internal OperationScope(SyncTelemetry telemetry, SyncOperation operation, object? subject, long started, nint exceptionAtStart, SyncTelemetry? outer, int outerRows)
    {
        _telemetry = telemetry;
        Operation = operation;
        Subject = subject;
        Started = started;
        ExceptionAtStart = exceptionAtStart;
        Outer = outer;
        OuterRows = outerRows;
    }

    internal SyncOperation Operation { get; }

    /// <summary>What the call names (a request, a sync id), described only for a slow-operation report.</summary>
    internal object? Subject { get; }

    /// <summary>The store clock's timestamp at the start.</summary>
    internal long Started { get; }

    /// <summary>
    /// The exception in flight on this thread when the operation began (non-zero inside a caller's catch block), so that
    /// the end tells an exception of its own from the one it was called under.
    /// </summary>
    internal nint ExceptionAtStart { get; }

    /// <summary>The operation of another store this one runs inside, restored at the end.</summary>
    internal SyncTelemetry? Outer { get; }

    internal int OuterRows { get; }

    /// <summary>Records the operation: count, outcome, latency, and a slow-operation report when due.</summary>
    public void Dispose() => _telemetry?.End(in this);
}
