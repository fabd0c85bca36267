using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Engine.Lsm.Batch;
using Engine.Lsm.Keys;

namespace Engine.Api.LocalFirst.Feed;

/// <summary>Watching: the buffered batches while the watcher keeps up, the retained WAL when it does not.</summary>
internal sealed partial class ChangeFeed
{
    /// <summary>How many bytes of buffered batches a watcher copies out per turn of the lock.</summary>
    private const int CopyBytesPerTurn = 1 << 20;

    /// <summary>
    /// Every committed change under <paramref name="prefix"/> from <paramref name="fromSequence"/> on (from the next
    /// commit when null), in commit order, as <paramref name="map"/> turns it into events. Ends only by cancellation or
    /// <see cref="ChangeFeedFellBehindException"/>.
    /// </summary>
    public async IAsyncEnumerable<ChangeEvent> WatchAsync(
        byte[] prefix,
        ulong? fromSequence,
        ChangeMapper map,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _watchers);
        try
        {
            await foreach (ChangeEvent change in WatchCoreAsync(prefix, fromSequence, map, cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _watchers);
        }
    }

    private async IAsyncEnumerable<ChangeEvent> WatchCoreAsync(
        byte[] prefix,
        ulong? fromSequence,
        ChangeMapper map,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        KeyRange range = KeyRange.Prefix(prefix);
        byte[]? prefixEnd = range.HasUpperBound ? range.UpperBound.ToArray() : null;

        // Sequence numbers start at 1, so 0 asks for everything retained.
        ulong next = Math.Max(fromSequence ?? NextSequence, 1);
        List<ChangeEvent> events = [];
        List<Entry> copies = [];
        bool flushedLog = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task? commit = CopyBuffered(next, copies, out bool behind);
            if (commit is not null)
            {
                await commit.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!behind)
            {
                foreach (Entry copy in copies)
                {
                    next = Collect(copy.Data.AsSpan(0, copy.Length), prefix, prefixEnd, next, map, events);
                    ArrayPool<byte>.Shared.Return(copy.Data);
                }

                copies.Clear();
                foreach (ChangeEvent change in events)
                {
                    yield return change;
                }

                events.Clear();
                continue;
            }

            // Behind the buffer: replay the retained and live WAL until the buffer holds the next change again.
            bool progressed = false;
            foreach (byte[] batch in History(next))
            {
                next = Collect(batch, prefix, prefixEnd, next, map, events);
                progressed = true;
                foreach (ChangeEvent change in events)
                {
                    yield return change;
                }

                events.Clear();
                if (IsBuffered(next))
                {
                    break;
                }
            }

            if (!progressed && !IsBuffered(next))
            {
                if (flushedLog || _engine is null)
                {
                    throw new ChangeFeedFellBehindException(next, OldestAvailable());
                }

                // The missing changes may still sit in the WAL writer's buffer: write it to the file once, then retry.
                _engine.FlushLog();
                flushedLog = true;
            }
            else
            {
                flushedLog = false;
            }
        }
    }

    /// <summary>
    /// Copies the buffered batches from the one holding <paramref name="next"/> on (about a megabyte); returns a task
    /// that completes at the next commit when there is nothing new, and sets <paramref name="behind"/> when the buffer
    /// no longer holds <paramref name="next"/>.
    /// </summary>
    private Task? CopyBuffered(ulong next, List<Entry> copies, out bool behind)
    {
        behind = false;
        lock (_lock)
        {
            if (next >= _nextSequence)
            {
                _commitSignal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _commitSignal.Task;
            }

            if (_count == 0 || _entries[_head].First > next)
            {
                behind = true;
                return null;
            }

            long copied = 0;
            for (int i = 0; i < _count && copied < CopyBytesPerTurn; i++)
            {
                Entry entry = _entries[(_head + i) % _entries.Length];
                if (entry.End <= next)
                {
                    continue;
                }

                byte[] copy = ArrayPool<byte>.Shared.Rent(entry.Length);
                entry.Data.AsSpan(0, entry.Length).CopyTo(copy);
                copies.Add(entry with { Data = copy });
                copied += entry.Length;
            }

            return null;
        }
    }

    private bool IsBuffered(ulong next)
    {
        lock (_lock)
        {
            return next >= _nextSequence || (_count > 0 && _entries[_head].First <= next);
        }
    }

    private ulong OldestAvailable()
    {
        ulong oldest;
        lock (_lock)
        {
            oldest = _count > 0 ? _entries[_head].First : _nextSequence;
        }

        return _engine?.OldestLoggedSequence() is ulong logged ? Math.Min(logged, oldest) : oldest;
    }

    /// <summary>The retained WAL's batches from <paramref name="next"/> on; a gap before the first one is a fall behind.</summary>
    private IEnumerable<byte[]> History(ulong next)
    {
        if (_engine is null)
        {
            yield break;
        }

        foreach (byte[] batch in _engine.ReadCommittedBatches(next))
        {
            ulong first = new BatchReader(batch, "<log>", 0).Sequence;
            if (first > next)
            {
                throw new ChangeFeedFellBehindException(next, first);
            }

            yield return batch;
            next = first + (ulong)new BatchReader(batch, "<log>", 0).Count;
        }
    }

    /// <summary>Adds the events of one batch's changes at or after <paramref name="next"/>; returns the sequence after the batch.</summary>
    private static ulong Collect(ReadOnlySpan<byte> batch, byte[] prefix, byte[]? prefixEnd, ulong next, ChangeMapper map, List<ChangeEvent> events)
    {
        BatchReader reader = new(batch, "<feed>", 0);
        ulong sequence = reader.Sequence;
        while (reader.TryReadNext(out KeyKind kind, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value))
        {
            if (sequence >= next)
            {
                ChangeEvent? change = kind == KeyKind.RangeDelete
                    ? MapRange(sequence, key, value, prefix, prefixEnd, map)
                    : key.StartsWith(prefix) ? map(sequence, kind, key, value) : null;
                if (change is not null)
                {
                    events.Add(change);
                }
            }

            sequence++;
        }

        return Math.Max(sequence, next);
    }

    /// <summary>Clips a range deletion to the watched prefix's range; null when they do not meet.</summary>
    private static ChangeEvent? MapRange(ulong sequence, ReadOnlySpan<byte> start, ReadOnlySpan<byte> end, byte[] prefix, byte[]? prefixEnd, ChangeMapper map)
    {
        ReadOnlySpan<byte> clippedStart = start.SequenceCompareTo(prefix) < 0 ? prefix : start;
        bool runsPast = prefixEnd is null || end.SequenceCompareTo(prefixEnd) >= 0;
        ReadOnlySpan<byte> clippedEnd = runsPast ? prefixEnd : end;
        if (clippedEnd is { Length: > 0 } && clippedStart.SequenceCompareTo(clippedEnd) >= 0)
        {
            return null;
        }

        return map(sequence, KeyKind.RangeDelete, clippedStart, runsPast ? default : clippedEnd);
    }
}
