using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Api;
using Engine.Api.Events;
using Engine.Lsm.Compaction;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtables;

namespace Engine.Lsm.Db;

/// <summary>
/// The background threads: one that flushes frozen memtables, and up to
/// <see cref="Options.LsmOptions.MaxBackgroundCompactions"/> that compact. Each is a dedicated thread of its own, so
/// a long compaction never delays a flush, and seconds of synchronous I/O never occupy the thread pool of a host
/// (an ASP.NET Core server, say) that needs it for requests.
/// </summary>
/// <remarks>
/// <para>
/// The threads start lazily, on the first signal that there may be work, so opening a store creates none. Each kind
/// sleeps on its own semaphore, released only when there may be work (a memtable frozen; a flush or compaction
/// finished; a writer stalled; a manual compaction done; the store closing), so ordinary commits never wake them. A
/// spurious wake-up only costs one look at the picker.
/// </para>
/// <para>
/// A failure in either kind is recorded as the store's failure: writers stop being acknowledged, waiting writers
/// wake and fail, and the error is reported through metrics and the event listener. The exception is a table write
/// that found no space (<see cref="StorageFullException"/>) while the manifest is intact: nothing was installed and
/// the partial table is deleted, so the flush or compaction is reported and retried after
/// <see cref="s_noSpaceRetryDelay"/> (or at the next signal), and the store goes on. Closing cancels running
/// compactions (their outputs are deleted), wakes every thread and joins it.
/// </para>
/// </remarks>
internal sealed partial class LsmDatabase
{
    /// <summary>The flush thread's name; the compaction threads are named <c>engine-compaction-N</c>.</summary>
    internal const string FlushThreadName = "engine-flush";

    private readonly SemaphoreSlim _flushSignal = new(0);
    private readonly SemaphoreSlim _compactionSignal = new(0);
    private readonly CancellationTokenSource _closeCancellation = new();

    // _threadsLock: the background threads started so far, and whether closing has stopped new ones.
    private readonly Lock _threadsLock = new();
    private readonly List<Thread> _backgroundThreads = [];
    private bool _threadsStopped;

    // Atomic (Volatile): set once the thread of each kind has started, so signals skip _threadsLock after.
    private bool _flushThreadStarted;
    private bool _compactionThreadsStarted;

    // mutex: the compactions running now, automatic and manual.
    private readonly List<CompactionJob> _running = [];

    // mutex: manual compactions waiting or running; automatic picking pauses while there are any.
    private int _manualCompactions;

    // mutex: compaction threads picking outside the mutex on a pinned version; a manual compaction waits for them, so
    // that no picker's pin keeps the tables it replaces on disk after it returns.
    private int _picking;

    /// <summary>How long a flush or compaction that found no space waits before it tries again, unless signalled sooner.</summary>
    private static readonly TimeSpan s_noSpaceRetryDelay = TimeSpan.FromMilliseconds(200);

    // mutex: the last flush failure for lack of space since the last successful flush; null when flushes succeed.
    private Exception? _flushSpaceFailure;

    // mutex: how many flushes failed for lack of space; waiters for a flush watch it to give up with the error.
    private long _flushSpaceFailures;

    // Held by the one CompactRange that runs; others wait for it, since two would pick the same tables.
    private readonly Lock _manualCompactionLock = new();

    /// <summary>The background threads started so far (none until there is work); for tests.</summary>
    internal Thread[] BackgroundThreads
    {
        get
        {
            lock (_threadsLock)
            {
                return [.. _backgroundThreads];
            }
        }
    }

    /// <summary>Wakes a compaction thread, unless enough wake-ups are already owed for every thread to look.</summary>
    private void SignalCompaction()
    {
        if (!Volatile.Read(ref _compactionThreadsStarted))
        {
            StartCompactionThreads();
        }

        if (_compactionSignal.CurrentCount < _options.MaxBackgroundCompactions)
        {
            _compactionSignal.Release();
        }
    }

    private void SignalFlush()
    {
        if (!Volatile.Read(ref _flushThreadStarted))
        {
            StartFlushThread();
        }

        if (_flushSignal.CurrentCount == 0)
        {
            _flushSignal.Release();
        }
    }

    private void StartFlushThread()
    {
        lock (_threadsLock)
        {
            if (!_flushThreadStarted && !_threadsStopped)
            {
                StartThreadLocked(FlushLoop, FlushThreadName);
                Volatile.Write(ref _flushThreadStarted, true);
            }
        }
    }

    private void StartCompactionThreads()
    {
        lock (_threadsLock)
        {
            if (!_compactionThreadsStarted && !_threadsStopped)
            {
                for (int i = 0; i < _options.MaxBackgroundCompactions; i++)
                {
                    StartThreadLocked(CompactionLoop, "engine-compaction-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                Volatile.Write(ref _compactionThreadsStarted, true);
            }
        }
    }

    private void StartThreadLocked(ThreadStart loop, string name)
    {
        // Background: a store the application forgot to close never keeps the process alive.
        Thread thread = new(loop) { IsBackground = true, Name = name };
        thread.Start();
        _backgroundThreads.Add(thread);
    }

    /// <summary>
    /// Starts the threads a recovered store needs at once: the flush thread when a memtable awaits flush, the
    /// compaction threads when a compaction is due. A store with nothing to do starts none.
    /// </summary>
    private void SignalWorkDueAtOpen()
    {
        bool flush;
        bool compact;
        lock (_mutex)
        {
            flush = _immutables.Count > 0;
            TreeVersion version = AcquireCurrentVersion();
            compact = CompactionPicker.PickAutomatic(version, _options, _running) is not null;
            version.Release();
        }

        if (flush)
        {
            SignalFlush();
        }

        if (compact)
        {
            SignalCompaction();
        }
    }

    /// <summary>Flushes frozen memtables, oldest first, until the store closes.</summary>
    private void FlushLoop()
    {
        while (true)
        {
            Memtable? memtable = null;
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
                _flushSignal.Wait();
                continue;
            }

            try
            {
                FlushOldestImmutable(memtable);
            }
            catch (StorageFullException ex) when (!_versions.IsFailed)
            {
                RecordFlushOutOfSpace(ex);
                _flushSignal.Wait(s_noSpaceRetryDelay);
                continue;
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
    private void CompactionLoop()
    {
        CancellationToken cancel = _closeCancellation.Token;
        while (true)
        {
            if (!TryPickCompaction(out CompactionJob? job, out TreeVersion? version, out bool retry))
            {
                return;
            }

            if (job is null)
            {
                if (!retry)
                {
                    _compactionSignal.Wait();
                }

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
            catch (StorageFullException ex) when (!_versions.IsFailed)
            {
                // The outputs are deleted and the inputs untouched: the compaction is picked again after a pause.
                _stats.RecordBackgroundError();
                _events.BackgroundError(new BackgroundErrorInfo { Activity = "compaction", Error = ex });
                _compactionSignal.Wait(s_noSpaceRetryDelay);
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
    /// Picks the next automatic compaction: takes a consistent version and the running jobs under the mutex, picks
    /// outside it, and registers the job under it again only if that version is still current and no job started
    /// meanwhile collides with it; otherwise <paramref name="retry"/> asks the caller to pick again at once. False
    /// when the store is closing or failed. On success the caller owns the reference on <paramref name="version"/>.
    /// </summary>
    private bool TryPickCompaction(out CompactionJob? job, out TreeVersion? version, out bool retry)
    {
        job = null;
        version = null;
        retry = false;
        TreeVersion pinned;
        CompactionJob[] running;
        lock (_mutex)
        {
            if (_closing || _failure is not null)
            {
                return false;
            }

            if (_manualCompactions > 0)
            {
                return true;
            }

            pinned = AcquireCurrentVersion();
            running = [.. _running];
            _picking++;
        }

        CompactionJob? picked = CompactionPicker.PickAutomatic(pinned, _options, running);
        if (picked is not null)
        {
            lock (_mutex)
            {
                bool valid = !_closing && _failure is null && _manualCompactions == 0
                    && ReferenceEquals(_versions.Current, pinned) && !CompactionPicker.Collides(picked, _running);
                if (valid)
                {
                    _running.Add(picked);
                    _picking--;
                    job = picked;
                    version = pinned;
                    return true;
                }
            }

            // The tree moved on while picking: the choice may be stale, so pick again against what is current now.
            retry = true;
        }

        pinned.Release();
        lock (_mutex)
        {
            _picking--;
            Monitor.PulseAll(_mutex);
        }

        return true;
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
                if (_immutables.Count == 0 && _running.Count == 0 && _picking == 0)
                {
                    TreeVersion version = AcquireCurrentVersion();
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
    private TreeVersion AcquireCurrentVersion()
    {
        TreeVersion version;
        do
        {
            version = _versions.Current;
        }
        while (!version.TryAcquire());
        return version;
    }

    /// <summary>
    /// Reports a flush that found no space (counter, then listener) and wakes whoever waits for the flush, so that they
    /// fail with the full disk instead of waiting for space; the store is not failed.
    /// </summary>
    private void RecordFlushOutOfSpace(StorageFullException ex)
    {
        _stats.RecordBackgroundError();
        _events.BackgroundError(new BackgroundErrorInfo { Activity = "flush", Error = ex });
        lock (_mutex)
        {
            _flushSpaceFailure = ex;
            _flushSpaceFailures++;
            Monitor.PulseAll(_mutex);
        }
    }

    /// <summary>
    /// Throws <see cref="StorageFullException"/> when a flush failed for lack of space since <paramref name="failuresBefore"/>
    /// was read from <see cref="_flushSpaceFailures"/>; called holding the mutex by those who wait for a flush.
    /// </summary>
    private void ThrowIfFlushOutOfSpaceLocked(long failuresBefore)
    {
        if (_flushSpaceFailures != failuresBefore && _flushSpaceFailure is { } failure)
        {
            throw new StorageFullException("A flush found no space; the writes stay in memory and in the WAL: " + failure.Message, failure);
        }
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

    /// <summary>
    /// Stops new background threads, wakes the running ones to stop, and waits for running compactions (cancelled
    /// already) to end. The caller joins the threads (<see cref="JoinBackgroundThreads"/>) once it has released the
    /// mutex they need to finish.
    /// </summary>
    private void StopBackgroundThreadsLocked()
    {
        lock (_threadsLock)
        {
            _threadsStopped = true;
        }

        _flushSignal.Release();
        _compactionSignal.Release(_options.MaxBackgroundCompactions);
        while (_running.Count > 0)
        {
            Monitor.Wait(_mutex);
        }
    }

    /// <summary>Waits for every background thread to end; no new one starts once closing has begun.</summary>
    private void JoinBackgroundThreads()
    {
        foreach (Thread thread in BackgroundThreads)
        {
            if (thread != Thread.CurrentThread)
            {
                thread.Join();
            }
        }
    }
}
