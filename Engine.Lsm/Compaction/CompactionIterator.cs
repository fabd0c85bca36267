using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Compaction;

/// <summary>
/// The entries a compaction writes: the merge of its inputs with every entry no reader can see dropped, and the range
/// tombstones it must keep.
/// </summary>
/// <remarks>
/// <para>
/// The snapshot boundaries (every live snapshot's sequence number and the store's visible sequence number when the
/// compaction starts) cut sequence numbers into stripes: stripe <c>i</c> is <c>(b[i-1], b[i]]</c>, and the
/// stripe above the last boundary holds entries no reader sees yet. Every reader sees the whole of a stripe or none
/// of it, so within a stripe only the newest version of a key can be read. The rules, per entry <c>k#s</c>:
/// </para>
/// <list type="number">
/// <item>A newer version of <c>k</c> in the same stripe shadows it: dropped.</item>
/// <item>A range tombstone of the inputs covering <c>k</c>, newer than <c>s</c> and in the same stripe, deletes it
/// for every reader: dropped.</item>
/// <item>A point tombstone in the oldest stripe (every reader sees it) with no level below the output that may hold
/// <c>k</c> hides nothing: dropped.</item>
/// <item>Entries above the last boundary are always kept: a reader may still start below them.</item>
/// </list>
/// <para>
/// A range tombstone is kept unless it lies in the oldest stripe and no level below the output may hold a key it
/// covers. The engine does not zero sequence numbers at the bottom level: a kept entry is written unchanged.
/// </para>
/// <para>
/// With a <see cref="Filter"/>, a kept value that is the first (newest) entry of its key in the inputs, with a sequence
/// number above <see cref="FilterFloor"/> (the newest snapshot's) and at or below the last boundary, is offered to
/// the filter. A removed value is written as a point tombstone with the same sequence number, so no older version
/// shows through; when it lies in the oldest stripe (no snapshot at all) and no deeper level may hold the key, rule 3
/// applies at once and it is dropped.
/// </para>
/// <para>One thread; owns and disposes its input.</para>
/// </remarks>
internal sealed class CompactionIterator : IDisposable
{
    /// <summary>How many input entries pass between checks for cancellation.</summary>
    private const int CancellationCheckInterval = 1024;

    private readonly IInternalIterator _input;
    private readonly ulong[] _boundaries;
    private readonly RangeTombstoneSet[] _covering;
    private readonly DeeperLevels _deeper;
    private readonly CancellationToken _cancel;
    private byte[] _currentKey = new byte[64];
    private int _currentLength = -1;
    private int _previousStripe = -1;
    private int _sinceCheck;
    private byte[] _tombstoneKey = new byte[64];
    private int _tombstoneLength = -1;

    /// <param name="input">The merged inputs, in internal-key order; disposed with this iterator.</param>
    /// <param name="tombstones">Every range tombstone of the inputs.</param>
    /// <param name="boundaries">The snapshot boundaries, ascending, at least one (the visible sequence number).</param>
    /// <param name="deeper">The levels below the output level.</param>
    /// <param name="cancel">Checked every <see cref="CancellationCheckInterval"/> input entries.</param>
    public CompactionIterator(IInternalIterator input, IReadOnlyList<RangeTombstone> tombstones, ulong[] boundaries, DeeperLevels deeper, CancellationToken cancel = default)
    {
        if (boundaries.Length == 0)
        {
            throw new ArgumentException("At least one snapshot boundary is needed.", nameof(boundaries));
        }

        _input = input;
        _boundaries = boundaries;
        _deeper = deeper;
        _cancel = cancel;
        RangeTombstoneSet.Builder builder = new();
        List<RangeTombstone> kept = [];
        foreach (RangeTombstone tombstone in tombstones)
        {
            builder.Add(tombstone.Start, tombstone.End, tombstone.Sequence);
            if (tombstone.Sequence > boundaries[0] || deeper.MayOverlap(tombstone.Start, tombstone.End))
            {
                kept.Add(tombstone);
            }
        }

        KeptTombstones = kept;

        // One fragmented set per stripe: a tombstone covers an entry of stripe i only from within the stripe, and the
        // set built at b[i] holds the newest tombstone at or below b[i].
        _covering = new RangeTombstoneSet[boundaries.Length];
        for (int i = 0; i < boundaries.Length; i++)
        {
            _covering[i] = builder.Build(boundaries[i]);
        }
    }

    /// <summary>The range tombstones the outputs must hold.</summary>
    public List<RangeTombstone> KeptTombstones { get; }

    /// <summary>Decides whether the newest value of a key no snapshot sees stays; null keeps every value.</summary>
    public CompactionFilter? Filter { get; init; }

    /// <summary>The newest live snapshot's sequence number (0 for none): values at or below it are never filtered.</summary>
    public ulong FilterFloor { get; init; }

    /// <summary>True while positioned on an entry to write.</summary>
    public bool Valid => _input.Valid;

    /// <summary>The current entry's internal key; valid until the next move.</summary>
    public ReadOnlySpan<byte> Key => _tombstoneLength >= 0 ? _tombstoneKey.AsSpan(0, _tombstoneLength) : _input.Key;

    /// <summary>The current entry's value; valid until the next move.</summary>
    public ReadOnlySpan<byte> Value => _tombstoneLength >= 0 ? default : _input.Value;

    /// <summary>Input entries dropped so far.</summary>
    public long DroppedEntries { get; private set; }

    /// <summary>Values the <see cref="Filter"/> removed so far (written as tombstones or dropped).</summary>
    public long FilteredEntries { get; private set; }

    /// <summary>Positions on the first entry to write.</summary>
    public void First()
    {
        _cancel.ThrowIfCancellationRequested();
        _currentLength = -1;
        _input.First();
        SkipDropped();
    }

    /// <summary>Moves to the next entry to write.</summary>
    public void Next()
    {
        _input.Next();
        SkipDropped();
    }

    public void Dispose() => _input.Dispose();

    /// <summary>Advances the input past every entry the rules drop.</summary>
    private void SkipDropped()
    {
        _tombstoneLength = -1;
        for (; _input.Valid; _input.Next())
        {
            if (++_sinceCheck == CancellationCheckInterval)
            {
                _sinceCheck = 0;
                _cancel.ThrowIfCancellationRequested();
            }

            if (!Drop(_input.Key))
            {
                return;
            }

            DroppedEntries++;
        }
    }

    private bool Drop(ReadOnlySpan<byte> key)
    {
        ReadOnlySpan<byte> userKey = InternalKey.UserKey(key);
        ulong trailer = InternalKey.Trailer(key);
        ulong sequence = SequenceNumber.SequenceOf(trailer);
        int stripe = StripeOf(sequence);
        bool sameKey = _currentLength >= 0 && userKey.SequenceEqual(_currentKey.AsSpan(0, _currentLength));
        if (!sameKey)
        {
            RememberKey(userKey);
        }

        bool shadowed = sameKey && stripe == _previousStripe;
        _previousStripe = stripe;
        if (stripe == _boundaries.Length)
        {
            return false;
        }

        RangeTombstoneSet covering = _covering[stripe];
        KeyKind kind = SequenceNumber.KindOf(trailer);
        if (shadowed
            || (!covering.IsEmpty && covering.MaxCoveringSequence(userKey) > sequence)
            || (stripe == 0 && kind == KeyKind.Delete && !_deeper.MayContain(userKey)))
        {
            return true;
        }

        return !sameKey && kind == KeyKind.Set && sequence > FilterFloor && Filter is not null && Filtered(key, userKey, sequence, stripe);
    }

    /// <summary>
    /// Offers the current value to the filter; when it is removed, either drops it (true) or turns the current entry
    /// into a tombstone with its sequence number (false).
    /// </summary>
    private bool Filtered(ReadOnlySpan<byte> key, ReadOnlySpan<byte> userKey, ulong sequence, int stripe)
    {
        if (Filter!.Decide(userKey, _input.Value) == CompactionDecision.Keep)
        {
            return false;
        }

        FilteredEntries++;
        if (stripe == 0 && !_deeper.MayContain(userKey))
        {
            return true;
        }

        if (key.Length > _tombstoneKey.Length)
        {
            _tombstoneKey = new byte[Math.Max(key.Length, _tombstoneKey.Length * 2)];
        }

        _tombstoneLength = InternalKey.Write(_tombstoneKey, userKey, sequence, KeyKind.Delete);
        return false;
    }

    /// <summary>The index of the first boundary at or above <paramref name="sequence"/>; the count when none is.</summary>
    private int StripeOf(ulong sequence)
    {
        int lo = 0;
        int hi = _boundaries.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_boundaries[mid] < sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void RememberKey(ReadOnlySpan<byte> userKey)
    {
        if (userKey.Length > _currentKey.Length)
        {
            _currentKey = new byte[Math.Max(userKey.Length, _currentKey.Length * 2)];
        }

        userKey.CopyTo(_currentKey);
        _currentLength = userKey.Length;
    }
}
