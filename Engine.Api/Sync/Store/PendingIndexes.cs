using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The index entries of a fresh sync's new records, held back from its puts: appended as they come, each put's sorted
/// as one run when it commits, and the runs merged into one stream in key order when drained
/// (SyncStore.PendingIndexes.cs). Index entries are keys with empty values, so only keys are kept.
/// </summary>
/// <remarks>
/// Keys are packed into 1 MiB chunks. A run is sorted while its keys are still in the processor's cache, by eight
/// bytes of each key at a time read as an integer (the digit at the sort's current depth), so the sort compares
/// integers rather than keys that share long prefixes (the keyspace byte, the sync id, often whole columns).
/// The merge reads each run in order through a binary heap of the runs' heads. One thread at a time (the caller
/// serialises).
/// </remarks>
internal sealed class PendingIndexes : ISortedEntrySource
{
    private const int ChunkBytes = 1 << 20;
    private const int InsertionSortMax = 12;

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _runEnds = [];
    private int _chunk;
    private int _chunkUsed;
    private Entry[] _entries = [];
    private ulong[] _digits = [];
    private int _count;
    private long _keyBytes;

    // The merge: per run its next entry and its end; a min-heap of the runs not yet exhausted; the entry last returned.
    private int[] _next = [];
    private int[] _end = [];
    private int[] _heap = [];
    private int _heapSize;
    private int _current = -1;

    // The entry after the current one (-1 past the last), and the keyspace MoveNext stops before any other of (-1: none).
    private int _peeked = -1;
    private int _keyspace = -1;

    /// <summary>Starts an empty buffer for the index entries of sync <paramref name="sync"/>.</summary>
    public PendingIndexes(Ksuid sync)
    {
        Sync = sync;
    }

    /// <summary>The sync every key belongs to.</summary>
    public Ksuid Sync { get; }

    /// <summary>The number of keys held, duplicates included.</summary>
    public int Count => _count;

    /// <summary>The memory the keys and their entries take, about.</summary>
    public long Bytes => _keyBytes + ((long)_count * 20);

    /// <summary>Where the buffer stands, for <see cref="Truncate"/>.</summary>
    public (int Count, int Chunk, int ChunkUsed, long KeyBytes) Mark => (_count, _chunk, _chunkUsed, _keyBytes);

    /// <summary>The key the merge stands on; valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<byte> Key => KeyOf(_entries[_current]);

    /// <summary>Index entries have empty values.</summary>
    public ReadOnlySpan<byte> Value => [];

    /// <summary>Every held-back entry is a put.</summary>
    public bool IsDelete => false;

    /// <summary>Appends <paramref name="key"/>, a sync-scoped index key of <see cref="Sync"/>, to the open run.</summary>
    public void Add(ReadOnlySpan<byte> key)
    {
        if (_chunks.Count == 0 || _chunkUsed + key.Length > _chunks[_chunk].Length)
        {
            NextChunk(key.Length);
        }

        key.CopyTo(_chunks[_chunk].AsSpan(_chunkUsed));
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(1024, _entries.Length * 2));
        }

        _entries[_count++] = new Entry { Chunk = _chunk, Offset = _chunkUsed, Length = key.Length };
        _chunkUsed += key.Length;
        _keyBytes += key.Length;
    }

    /// <summary>Drops what the open run gained after <paramref name="mark"/> (a put whose batch failed).</summary>
    public void Truncate((int Count, int Chunk, int ChunkUsed, long KeyBytes) mark) =>
        (_count, _chunk, _chunkUsed, _keyBytes) = mark;

    /// <summary>Sorts the open run (the keys added since the last seal) and closes it.</summary>
    public void SealRun()
    {
        int start = _runEnds.Count == 0 ? 0 : _runEnds[^1];
        if (_count > start)
        {
            if (_digits.Length < _count - start)
            {
                _digits = new ulong[Math.Max(_count - start, _digits.Length * 2)];
            }

            SortFrom(_entries.AsSpan(start, _count - start), _digits.AsSpan(0, _count - start), 0);
            _runEnds.Add(_count);
        }
    }

    /// <summary>Seals the open run and starts the merge: then <see cref="MoveNext"/> walks every distinct key in order.</summary>
    public void StartMerge()
    {
        SealRun();
        int runs = _runEnds.Count;
        if (_next.Length < runs)
        {
            _next = new int[runs * 2];
            _end = new int[runs * 2];
            _heap = new int[runs * 2];
        }

        _heapSize = 0;
        for (int run = 0; run < runs; run++)
        {
            _next[run] = run == 0 ? 0 : _runEnds[run - 1];
            _end[run] = _runEnds[run];
            _heap[_heapSize++] = run;
        }

        for (int i = (_heapSize / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }

        _current = -1;
        _keyspace = -1;
        _peeked = -1;
        _peeked = Pop();
    }

    /// <summary>
    /// Moves to the next distinct key in order; false past the last, or at the first key of another keyspace than the
    /// one <see cref="LimitToKeyspace"/> set (that key stays next).
    /// </summary>
    public bool MoveNext()
    {
        if (_peeked < 0 || (_keyspace >= 0 && KeyOf(_entries[_peeked])[0] != _keyspace))
        {
            return false;
        }

        _current = _peeked;
        _peeked = Pop();
        return true;
    }

    /// <summary>The keyspace byte of the key <see cref="MoveNext"/> moves to next; -1 past the last.</summary>
    public int NextKeyspace => _peeked < 0 ? -1 : KeyOf(_entries[_peeked])[0];

    /// <summary>Makes <see cref="MoveNext"/> stop before the first key of another keyspace; -1 lifts the limit.</summary>
    public void LimitToKeyspace(int keyspace) => _keyspace = keyspace;

    // The next distinct key of the merge (its entry), or -1 past the last.
    private int Pop()
    {
        while (_heapSize > 0)
        {
            int run = _heap[0];
            int entry = _next[run]++;
            if (_next[run] == _end[run])
            {
                _heap[0] = _heap[--_heapSize];
            }

            if (_heapSize > 0)
            {
                SiftDown(0);
            }

            if (_peeked < 0 || !KeyOf(_entries[_peeked]).SequenceEqual(KeyOf(_entries[entry])))
            {
                return entry;
            }
        }

        return -1;
    }

    /// <summary>Empties the buffer, keeping its chunks for the keys to come.</summary>
    public void Clear()
    {
        _count = 0;
        _chunk = 0;
        _chunkUsed = 0;
        _keyBytes = 0;
        _runEnds.Clear();
        _heapSize = 0;
        _current = -1;
        _peeked = -1;
        _keyspace = -1;
    }

    private void SiftDown(int at)
    {
        int moving = _heap[at];
        while (true)
        {
            int child = (2 * at) + 1;
            if (child >= _heapSize)
            {
                break;
            }

            if (child + 1 < _heapSize && HeadCompare(_heap[child + 1], _heap[child]) < 0)
            {
                child++;
            }

            if (HeadCompare(_heap[child], moving) >= 0)
            {
                break;
            }

            _heap[at] = _heap[child];
            at = child;
        }

        _heap[at] = moving;
    }

    private int HeadCompare(int runA, int runB) =>
        KeyOf(_entries[_next[runA]]).SequenceCompareTo(KeyOf(_entries[_next[runB]]));

    private ReadOnlySpan<byte> KeyOf(in Entry entry) => _chunks[entry.Chunk].AsSpan(entry.Offset, entry.Length);

    private void NextChunk(int needed)
    {
        if (_chunks.Count > 0)
        {
            _chunk++;
        }

        if (_chunk == _chunks.Count || _chunks[_chunk].Length < needed)
        {
            _chunks.Insert(_chunk, new byte[Math.Max(ChunkBytes, needed)]);
        }

        _chunkUsed = 0;
    }

    /// <summary>
    /// Sorts <paramref name="entries"/>, all equal before <paramref name="depth"/> (short keys zero-padded): past the
    /// bytes they all share, by their next eight bytes as one integer, then each run of equal integers eight bytes
    /// deeper (a most-significant-digit radix sort whose digits are compared, not counted). Keys that end within the
    /// eight bytes sort first in their run, shortest first: each is a prefix of the longer keys of the run.
    /// </summary>
    private void SortFrom(Span<Entry> entries, Span<ulong> digits, int depth)
    {
        if (entries.Length <= InsertionSortMax)
        {
            InsertionSort(entries);
            return;
        }

        // Skip the bytes every key shares past the depth (the sync id, often whole columns) in one pass.
        ReadOnlySpan<byte> first = KeyOf(entries[0]);
        int common = int.MaxValue;
        for (int i = 1; i < entries.Length && common > 0; i++)
        {
            ReadOnlySpan<byte> key = KeyOf(entries[i]);
            common = Math.Min(common, depth < key.Length && depth < first.Length ? key[depth..].CommonPrefixLength(first[depth..]) : 0);
        }

        depth += common;
        ulong min = ulong.MaxValue;
        ulong max = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            ulong digit = ReadDigit(KeyOf(entries[i]), depth);
            digits[i] = digit;
            min = Math.Min(min, digit);
            max = Math.Max(max, digit);
        }

        if (min == max)
        {
            SortRun(entries, digits, depth);
            return;
        }

        // Integer keys with the entries alongside: the runtime's sort for primitive keys, no comparer calls.
        digits.Sort(entries);
        int start = 0;
        for (int i = 1; i <= entries.Length; i++)
        {
            if (i == entries.Length || digits[i] != digits[start])
            {
                if (i - start > 1)
                {
                    SortRun(entries[start..i], digits[start..i], depth);
                }

                start = i;
            }
        }
    }

    /// <summary>Sorts a run of keys equal in their first <paramref name="depth"/> + 8 bytes (short keys zero-padded).</summary>
    private void SortRun(Span<Entry> run, Span<ulong> digits, int depth)
    {
        int ended = 0;
        for (int i = 0; i < run.Length; i++)
        {
            if (run[i].Length <= depth + 8)
            {
                (run[ended], run[i]) = (run[i], run[ended]);
                ended++;
            }
        }

        InsertionSort(run[..ended]);
        SortFrom(run[ended..], digits[ended..], depth + 8);
    }

    private void InsertionSort(Span<Entry> entries)
    {
        for (int i = 1; i < entries.Length; i++)
        {
            Entry moving = entries[i];
            ReadOnlySpan<byte> key = KeyOf(moving);
            int j = i - 1;
            while (j >= 0 && KeyOf(entries[j]).SequenceCompareTo(key) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
            }

            entries[j + 1] = moving;
        }
    }

    /// <summary>The eight bytes of <paramref name="key"/> from <paramref name="depth"/> as a big-endian integer, zero-padded.</summary>
    private static ulong ReadDigit(ReadOnlySpan<byte> key, int depth)
    {
        if (key.Length >= depth + 8)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(key[depth..]);
        }

        ulong digit = 0;
        for (int i = 0; i < 8; i++)
        {
            digit = (digit << 8) | (depth + i < key.Length ? key[depth + i] : 0UL);
        }

        return digit;
    }

    private struct Entry
    {
        public int Chunk;
        public int Offset;
        public int Length;
    }
}
