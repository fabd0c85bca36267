using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Events;
using Engine.Lsm.Compaction;

using Version = Engine.Lsm.Manifest.Version;

namespace Engine.Lsm.Db;

/// <summary>
/// The background tasks: one that flushes frozen memtables, and <see cref="Options.LsmOptions.MaxBackgroundCompactions"/>
/// that compact. Each is a long-running task of its own, so a long compaction never delays a flush.
/// </summary>
/// <remarks>
/// <para>
/// Each kind sleeps on its own semaphore, released only when there may be work (a memtable frozen; a flush or
/// compaction finished; a writer stalled; a manual compaction done; the store closing), so ordinary commits never
/// wake them. A spurious wake-up only costs one look at the picker.
/// </para>
/// <para>
/// A failure in either kind is recorded as the store's failure: writers stop being acknowledged, waiting writers
/// wake and fail, and the error is reported through metrics and the event listener. Closing cancels running
/// compactions (their outputs are deleted) and waits for every task.
/// </para>
/// </remarks>
internal sealed partial class LsmDatabase
{
    private readonly SemaphoreSlim _flushSignal = new(0);
    private readonly SemaphoreSlim _compactionSignal = new(0);
    private readonly CancellationTokenSource _closeCancellation = new();
    private readonly List<Task> _backgroundTasks = [];

    // mutex: the compactions running now, automatic and manual.
    private readonly List<CompactionJob> _running = [];

    // mutex: manual compactions waiting or running; automatic picking pauses while there are any.
    private int _manualCompactions;

    // Held by the one CompactRange that runs; others wait for it, since two would pick the same tables.
    private readonly Lock _manualCompactionLock = new();

    /// <summary>
    /// Starts the flush loop and the compaction loops on the thread pool. An idle loop awaits its signal and holds no
    /// thread, so an open store costs no threads until there is work, and opening one creates none.
    /// </summary>
    private void StartBackgroundTasks()
    {
        _backgroundTasks.Add(Task.Run(FlushLoopAsync));
        for (int i = 0; i < _options.MaxBackgroundCompactions; i++)
        {
            _backgroundTasks.Add(Task.Run(CompactionLoopAsync));
        }
    }

    /// <summary>Wakes a compaction task, unless enough wake-ups are already owed for every task to look.</summary>
    private void SignalCompaction()
    {
        if (_compactionSignal.CurrentCount < _options.MaxBackgroundCompactions)
        {
            _compactionSignal.Release();
        }
    }

    private void SignalFlush()
    {
        if (_flushSignal.CurrentCount == 0)
        {
            _flushSignal.Release();
        }
    }

    /// <summary>Flushes frozen memtables, oldest first, until the store closes.</summary>
    private async Task FlushLoopAsync()
    {
        while (true)
        {
            Memtable.Memtable? memtable = null;
            lock (_mutex)
            {
                if (_closing || _failure is not null)
                {
                    return;
                }

                if (_immutables.Count > 0)
                {
                    memtable = _immutables[0].Memtable;
                }
            }

            if (memtable is null)
            {
                await _flushSignal.WaitAsync().ConfigureAwait(false);
                continue;
            }

            try
            {
                FlushOldestImmutable(memtable);
            }
            catch (Exception ex)
            {
                RecordBackgroundFailure(ex, "flush");
                return;
            }

            SignalCompaction();
        }
    }

    /// <summary>Picks and runs compactions until the store closes.</summary>
    private async Task CompactionLoopAsync()
    {
        CancellationToken cancel = _closeCancellation.Token;
        while (true)
        {
            CompactionJob? job = null;
            Version? version = null;
            lock (_mutex)
            {
                if (_closing || _failure is not null)
                {
                    return;
                }

                if (_manualCompactions == 0)
                {
                    version = AcquireCurrentVersion();
                    job = CompactionPicker.PickAutomatic(version, _options, _running);
                    if (job is not null)
                    {
                        _running.Add(job);
                    }
                    else
                    {
                        version.Release();
                    }
                }
            }

            if (job is null)
            {
                await _compactionSignal.WaitAsync().ConfigureAwait(false);
                continue;
            }

            try
            {
                RunCompaction(job!, version!, cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Closing: the compaction's outputs are gone, its inputs untouched.
            }
            catch (Exception ex)
            {
                RecordBackgroundFailure(ex, "compaction");
            }
            finally
            {
                version!.Release();
                lock (_mutex)
                {
                    _running.Remove(job!);
                    Monitor.PulseAll(_mutex);
                }

                // A finished job may unblock another, or leave a level over its target.
                SignalCompaction();
            }
        }
    }

    /// <summary>
    /// Waits until no memtable awaits flush and no compaction runs or is due: the tree has settled. For tests and
    /// benchmarks; returns early when the store fails or closes.
    /// </summary>
    public void WaitForBackgroundIdle()
    {
        lock (_mutex)
        {
            while (!_closing && _failure is null)
            {
                if (_immutables.Count == 0 && _running.Count == 0)
                {
                    Version version = AcquireCurrentVersion();
                    bool due = CompactionPicker.PickAutomatic(version, _options, _running) is not null;
                    version.Release();
                    if (!due)
                    {
                        return;
                    }

                    SignalCompaction();
                }

                Monitor.Wait(_mutex, 50);
            }
        }
    }

    /// <summary>The current version with a reference taken; the caller releases it.</summary>
    private Version AcquireCurrentVersion()
    {
        Version version;
        do
        {
            version = _versions.Current;
        }
        while (!version.TryAcquire());
        return version;
    }

    /// <summary>Reports the failure (counter, then listener), then fails the store, so a writer that sees it is told after.</summary>
    private void RecordBackgroundFailure(Exception ex, string activity)
    {
        _stats.RecordBackgroundError();
        _events.BackgroundError(new BackgroundErrorInfo { Activity = activity, Error = ex });
        lock (_mutex)
        {
            _failure ??= ex;
            Monitor.PulseAll(_mutex);
        }

        SignalFlush();
        SignalCompaction();
    }

    /// <summary>Wakes the background tasks to stop, and waits for running compactions (cancelled already) to end.</summary>
    private void StopBackgroundTasksLocked()
    {
        _flushSignal.Release();
        _compactionSignal.Release(_options.MaxBackgroundCompactions);
        while (_running.Count > 0)
        {
            Monitor.Wait(_mutex);
        }
    }
}
