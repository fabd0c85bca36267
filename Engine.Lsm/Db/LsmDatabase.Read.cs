using System;
using System.Buffers;
using System.Threading;
using Engine.Lsm.Cache;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtables;
using Engine.Lsm.Sst;


namespace Engine.Lsm.Db;

/// <summary>Point reads, iterators and snapshots. None of them takes the store's mutex.</summary>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Copies the value of <paramref name="key"/> into <paramref name="value"/>; false when the key has no value.
    /// Allocates nothing in steady state.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, IBufferWriter<byte> value, Snapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriterSink sink = new(value);
        return TryRead(key, snapshot, ref sink);
    }

    /// <summary>
    /// Copies the value of <paramref name="key"/> into <paramref name="destination"/> when it fits; false when the key
    /// has no value. <paramref name="valueLength"/> is the value's full length either way (0 when absent): when it
    /// exceeds the destination's length nothing is copied. Allocates nothing in steady state.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, Span<byte> destination, out int valueLength, Snapshot? snapshot = null)
    {
        SpanSink sink = new(destination);
        bool found = TryRead(key, snapshot, ref sink);
        valueLength = sink.Length;
        return found;
    }

    /// <summary>The value of <paramref name="key"/>, or null. Allocates the returned array.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key, Snapshot? snapshot = null)
    {
        ArraySink sink = default;
        return TryRead(key, snapshot, ref sink) ? sink.Value : null;
    }

    /// <summary>Pins the current sequence number; reads through the snapshot see the store as it is now.</summary>
    public Snapshot GetSnapshot()
    {
        EnsureOpen();
        return _snapshots.Add(() => Volatile.Read(ref _visibleSequence));
    }

    /// <summary>A cursor over the live keys, in order, as of one consistent point.</summary>
    public DbIterator NewIterator(IteratorOptions? options = null)
    {
        EnsureOpen();
        options ??= IteratorOptions.Default;
        (byte[]? lower, byte[]? upper) = Bounds(options);
        ReadState state = AcquireReadState(options.Snapshot, out ulong sequence);
        IInternalIterator[] children = new IInternalIterator[ChildCount(state)];
        int count = 0;
        try
        {
            RangeTombstoneSet.Builder tombstones = new();
            children[count++] = MemtableIterator(state.Memtable, tombstones);
            foreach (Memtable immutable in state.Immutables)
            {
                children[count++] = MemtableIterator(immutable, tombstones);
            }

            TreeVersion version = state.Version;
            foreach (FileMetadata file in version.Files(0))
            {
                // The iterator owns the lease; the copy here only reads the reader it pins.
                TableLease table = _tables.Acquire(file);
                children[count++] = new SstIterator(table);
                AddTableTombstones(table.Reader, tombstones);
            }

            for (int level = 1; level < TreeVersion.LevelCount; level++)
            {
                FileMetadata[] files = version.LevelFiles(level);
                if (files.Length == 0)
                {
                    continue;
                }

                children[count++] = new LevelIterator(files, _tables);
                foreach (FileMetadata file in files)
                {
                    foreach (RangeTombstone tombstone in RangeTombstonesOf(file))
                    {
                        tombstones.Add(tombstone.Start, tombstone.End, tombstone.Sequence);
                    }
                }
            }

            return new DbIterator(new MergingIterator(children), sequence, tombstones.Build(sequence), lower, upper, new IteratorPin(state, _liveIterators));
        }
        catch
        {
            foreach (IInternalIterator child in children.AsSpan(0, count))
            {
                child.Dispose();
            }

            state.Dispose();
            throw;
        }
    }

    /// <summary>The children of an iterator over <paramref name="state"/>: memtables, L0 tables, non-empty levels.</summary>
    private static int ChildCount(ReadState state)
    {
        int count = 1 + state.Immutables.Length + state.Version.Files(0).Length;
        for (int level = 1; level < TreeVersion.LevelCount; level++)
        {
            count += state.Version.Files(level).Length > 0 ? 1 : 0;
        }

        return count;
    }

    private static (byte[]? Lower, byte[]? Upper) Bounds(IteratorOptions options)
    {
        byte[]? lower = options.LowerBound;
        byte[]? upper = options.UpperBound;
        if (options.Prefix is { } prefix)
        {
            if (lower is null || lower.AsSpan().SequenceCompareTo(prefix) < 0)
            {
                lower = prefix;
            }

            byte[]? prefixEnd = PrefixSuccessor(prefix);
            if (prefixEnd is not null && (upper is null || upper.AsSpan().SequenceCompareTo(prefixEnd) > 0))
            {
                upper = prefixEnd;
            }
        }

        return (lower, upper);
    }

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/>, or null if none exists.</summary>
    private static byte[]? PrefixSuccessor(byte[] prefix)
    {
        for (int i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] != 0xFF)
            {
                byte[] successor = prefix.AsSpan(0, i + 1).ToArray();
                successor[i]++;
                return successor;
            }
        }

        return null;
    }

    /// <summary>A point iterator over <paramref name="memtable"/>; its range tombstones go to <paramref name="tombstones"/>.</summary>
    private static SkipListIterator MemtableIterator(Memtable memtable, RangeTombstoneSet.Builder tombstones)
    {
        if (memtable.RangeTombstoneCount > 0)
        {
            using SkipListIterator ranges = memtable.NewRangeTombstoneIterator();
            for (ranges.First(); ranges.Valid; ranges.Next())
            {
                tombstones.Add(ranges.UserKey, ranges.Value, SequenceNumber.SequenceOf(ranges.Trailer));
            }
        }

        return memtable.NewPointIterator();
    }

    /// <summary>The range tombstones of <paramref name="file"/>, read from the table once and then remembered.</summary>
    private RangeTombstone[] RangeTombstonesOf(FileMetadata file)
    {
        if (file.KnownRangeTombstones is RangeTombstone[] known)
        {
            return known;
        }

        using TableLease table = _tables.Acquire(file);
        RangeTombstone[] read = [.. table.Reader.RangeTombstones];
        file.RememberRangeTombstones(read);
        return read;
    }

    private static void AddTableTombstones(SstReader table, RangeTombstoneSet.Builder tombstones)
    {
        foreach (RangeTombstone tombstone in table.RangeTombstones)
        {
            tombstones.Add(tombstone.Start, tombstone.End, tombstone.Sequence);
        }
    }

    /// <summary>
    /// Looks <paramref name="key"/> up and hands its value to <paramref name="sink"/> while the memtable, table and
    /// block it points into are still pinned; false when the key has no value.
    /// </summary>
    private bool TryRead<TSink>(ReadOnlySpan<byte> key, Snapshot? snapshot, ref TSink sink)
        where TSink : IValueSink, allows ref struct
    {
        EnsureOpen();
        using ReadState state = AcquireReadState(snapshot, out ulong sequence);
        TableLease table = default;
        BlockLease block = default;
        try
        {
            if (!TryGetCore(state, key, sequence, ref table, ref block, out ReadOnlySpan<byte> found))
            {
                return false;
            }

            sink.Accept(found);
            return true;
        }
        finally
        {
            block.Dispose();
            table.Dispose();
        }
    }

    /// <summary>
    /// Finds the value of <paramref name="key"/> at <paramref name="sequence"/>. When it comes from a table,
    /// <paramref name="table"/> (and <paramref name="block"/>, for a cached block) pin what <paramref name="value"/>
    /// points into; the caller disposes both after copying it.
    /// </summary>
    private bool TryGetCore(ReadState state, ReadOnlySpan<byte> key, ulong sequence, ref TableLease table, ref BlockLease block, out ReadOnlySpan<byte> value)
    {
        // The first entry of the key at or below the sequence number decides. A range tombstone can only cover it
        // if it sits in the same source or a newer one, so tombstones are gathered on the way down.
        ulong covering = 0;
        ulong trailer;
        if (TryGetFromMemtable(state.Memtable, key, sequence, ref covering, out trailer, out value))
        {
            return IsLive(trailer, covering);
        }

        foreach (Memtable immutable in state.Immutables)
        {
            if (TryGetFromMemtable(immutable, key, sequence, ref covering, out trailer, out value))
            {
                return IsLive(trailer, covering);
            }
        }

        TreeVersion version = state.Version;
        foreach (FileMetadata file in version.Files(0))
        {
            if (key.SequenceCompareTo(file.SmallestUserKey) >= 0 && key.SequenceCompareTo(file.LargestUserKey) <= 0
                && TryGetFromTable(file, key, sequence, ref covering, out trailer, out value, ref table, ref block))
            {
                return IsLive(trailer, covering);
            }
        }

        ulong searchTrailer = SequenceNumber.MakeTrailer(sequence, KeyKind.Max);
        for (int level = 1; level < TreeVersion.LevelCount; level++)
        {
            int index = version.FindFile(level, key, searchTrailer);
            if (index >= 0 && TryGetFromTable(version.Files(level)[index], key, sequence, ref covering, out trailer, out value, ref table, ref block))
            {
                return IsLive(trailer, covering);
            }
        }

        value = default;
        return false;
    }

    private static bool TryGetFromMemtable(Memtable memtable, ReadOnlySpan<byte> key, ulong sequence, scoped ref ulong covering, out ulong trailer, out ReadOnlySpan<byte> value)
    {
        if (memtable.RangeTombstoneCount > 0)
        {
            covering = Math.Max(covering, memtable.MaxCoveringRangeTombstoneSequence(key, sequence));
        }

        return memtable.TryGetLatest(key, sequence, out trailer, out value);
    }

    /// <summary>
    /// Looks <paramref name="key"/> up in one table. When found, the table's lease moves to <paramref name="table"/> and
    /// the block's (if cached) to <paramref name="block"/>, since <paramref name="value"/> points into them; otherwise
    /// both are released here.
    /// </summary>
    private bool TryGetFromTable(FileMetadata file, ReadOnlySpan<byte> key, ulong sequence, scoped ref ulong covering, out ulong trailer, out ReadOnlySpan<byte> value, ref TableLease table, ref BlockLease block)
    {
        TableLease lease = _tables.Acquire(file);
        bool found = false;
        try
        {
            SstReader reader = lease.Reader;
            if (reader.RangeTombstones.Count > 0)
            {
                foreach (RangeTombstone tombstone in reader.RangeTombstones)
                {
                    if (tombstone.Sequence <= sequence && tombstone.Sequence > covering
                        && key.SequenceCompareTo(tombstone.Start) >= 0 && key.SequenceCompareTo(tombstone.End) < 0)
                    {
                        covering = tombstone.Sequence;
                    }
                }
            }

            found = reader.TryGet(key, sequence, out trailer, out value, out block);
            return found;
        }
        finally
        {
            if (found)
            {
                table = lease;
            }
            else
            {
                lease.Dispose();
            }
        }
    }

    private static bool IsLive(ulong trailer, ulong covering) =>
        SequenceNumber.KindOf(trailer) == KeyKind.Set && SequenceNumber.SequenceOf(trailer) > covering;

    /// <summary>
    /// Pins the read state and picks the sequence number to read at, as a consistent pair: every entry at or below
    /// the sequence number is in the pinned memtables or tables.
    /// </summary>
    /// <remarks>
    /// Without a snapshot the visible sequence number is read after pinning, and the pin is retried if a new state
    /// was published meanwhile: writes reach a new memtable only after its state is published, so an unchanged
    /// state holds every write up to the number read. A snapshot's number is fixed, and compaction keeps what it sees.
    /// </remarks>
    private ReadState AcquireReadState(Snapshot? snapshot, out ulong sequence)
    {
        if (snapshot is not null)
        {
            // A foreign snapshot's sequence number means nothing here, and it pins nothing in this store.
            if (!snapshot.BelongsTo(_snapshots))
            {
                throw new ArgumentException("The snapshot belongs to another store.", nameof(snapshot));
            }

            snapshot.EnsureLive();
        }

        while (true)
        {
            ReadState state = AcquireReadState();
            if (snapshot is not null)
            {
                sequence = snapshot.Sequence;
                return state;
            }

            sequence = Volatile.Read(ref _visibleSequence);
            if (ReferenceEquals(Volatile.Read(ref _readState), state))
            {
                return state;
            }

            state.Dispose();
        }
    }

    private ReadState AcquireReadState()
    {
        while (true)
        {
            ReadState state = Volatile.Read(ref _readState);
            if (state.TryAcquire())
            {
                return state;
            }

            // Only closing releases the published state for good.
            EnsureOpen();
        }
    }

    /// <summary>Where a point read copies the value it found; a struct, so the generic read is specialised per sink.</summary>
    private interface IValueSink
    {
        void Accept(scoped ReadOnlySpan<byte> value);
    }

    /// <summary>Copies the value into a new array.</summary>
    private struct ArraySink : IValueSink
    {
        public byte[]? Value { get; private set; }

        public void Accept(scoped ReadOnlySpan<byte> value) => Value = value.ToArray();
    }

    /// <summary>Appends the value to a buffer writer.</summary>
    private readonly struct WriterSink(IBufferWriter<byte> writer) : IValueSink
    {
        public void Accept(scoped ReadOnlySpan<byte> value)
        {
            value.CopyTo(writer.GetSpan(value.Length));
            writer.Advance(value.Length);
        }
    }

    /// <summary>Copies the value into a caller's span when it fits, and remembers its length either way.</summary>
    private ref struct SpanSink(Span<byte> destination) : IValueSink
    {
        private readonly Span<byte> _destination = destination;

        public int Length { get; private set; }

        public void Accept(scoped ReadOnlySpan<byte> value)
        {
            Length = value.Length;
            if (value.Length <= _destination.Length)
            {
                value.CopyTo(_destination);
            }
        }
    }
}
