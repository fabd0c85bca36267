using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;

namespace Engine.Api.LocalFirst.Feed;

/// <summary>
/// The store's change feed: every committed batch, in commit order, kept in a bounded in-memory buffer for watchers,
/// with older batches read back from the retained WAL. Writers never wait for watchers: a commit copies its batch into
/// the buffer and wakes whoever waits; a watcher too slow for the buffer reads the WAL, and one too slow for that gets
/// <see cref="ChangeFeedFellBehindException"/>.
/// </summary>
/// <remarks>Thread-safe. Lock order: the engine's commit mutex, then <see cref="_lock"/>; nothing under the latter calls out.</remarks>
internal sealed partial class ChangeFeed : CommitObserver
{
    private readonly Lock _lock = new();
    private readonly long _bufferBytes;

    // _lock guards the fields below.
    // The buffered batches, oldest at _head, in a circular array that doubles when full.
    private Entry[] _entries = new Entry[64];
    private int _head;
    private int _count;
    private long _bytes;

    // The sequence number the next committed change will have.
    private ulong _nextSequence = 1;

    // Completed (and cleared) by the next commit; created by a watcher that has read everything.
    private TaskCompletionSource? _commitSignal;

    private LsmDatabase? _engine;

    // Atomic (Interlocked): the watchers running now; while there are none, commits are not copied.
    private int _watchers;

    public ChangeFeed(ChangeFeedOptions options)
    {
        _bufferBytes = options.BufferBytes;
    }

    /// <summary>Connects the feed to the opened engine, whose last committed sequence is <paramref name="lastSequence"/>.</summary>
    public void Start(LsmDatabase engine, ulong lastSequence)
    {
        lock (_lock)
        {
            _engine = engine;
            _nextSequence = lastSequence + 1;
        }
    }

    /// <summary>The sequence number the next committed change will have.</summary>
    public ulong NextSequence
    {
        get
        {
            lock (_lock)
            {
                return _nextSequence;
            }
        }
    }

    /// <summary>The bytes of committed batches held for watchers now.</summary>
    internal long BufferedBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <inheritdoc/>
    public override void OnCommitted(ReadOnlySpan<byte> batch)
    {
        BatchReader reader = new(batch, "<commit>", 0);
        TaskCompletionSource? signal;
        if (Volatile.Read(ref _watchers) == 0)
        {
            // Nobody watches: no copy on the write path. The buffer is emptied so it stays one run of consecutive
            // batches; a watcher that starts later reads what it needs of the past from the retained WAL.
            lock (_lock)
            {
                while (_count > 0)
                {
                    Evict();
                }

                _nextSequence = reader.Sequence + (ulong)reader.Count;
                signal = _commitSignal;
                _commitSignal = null;
            }

            signal?.TrySetResult();
            return;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(batch.Length);
        batch.CopyTo(copy);
        lock (_lock)
        {
            if (_count == _entries.Length)
            {
                Grow();
            }

            _entries[(_head + _count) % _entries.Length] = new Entry(reader.Sequence, reader.Count, copy, batch.Length);
            _count++;
            _bytes += batch.Length;
            while (_bytes > _bufferBytes && _count > 1)
            {
                Evict();
            }

            _nextSequence = reader.Sequence + (ulong)reader.Count;
            signal = _commitSignal;
            _commitSignal = null;
        }

        // Continuations run asynchronously (see WaitForCommit), never on the committing thread under the engine's mutex.
        signal?.TrySetResult();
    }

    private void Grow()
    {
        Entry[] grown = new Entry[_entries.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            grown[i] = _entries[(_head + i) % _entries.Length];
        }

        _entries = grown;
        _head = 0;
    }

    private void Evict()
    {
        ref Entry oldest = ref _entries[_head];
        _bytes -= oldest.Length;
        ArrayPool<byte>.Shared.Return(oldest.Data);
        oldest = default;
        _head = (_head + 1) % _entries.Length;
        _count--;
    }

    /// <summary>A buffered batch: its first sequence, its number of changes and its pooled copy.</summary>
    private readonly record struct Entry(ulong First, int Count, byte[] Data, int Length)
    {
        public ulong End => First + (ulong)Count;
    }
}
