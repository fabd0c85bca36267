using System;
using Engine.Core.Errors;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Iterators;

/// <summary>
/// The user-facing cursor: over the merged internal entries, it shows for each user key the newest entry at or
/// below the read's sequence number, hides deleted keys (point and range tombstones), and honours bounds.
/// </summary>
/// <remarks>
/// <para>
/// Going forward the iterator sits on the entry it shows, so keys and values are read in place. Going backward it
/// meets a key's versions oldest first and must read past them to know which is newest, so it copies the shown key
/// and value into its own buffers (as LevelDB's DBIter does). A change of direction re-seeks the merged iterator.
/// </para>
/// <para>Owns the merged iterator and the read-state pin passed in, and releases them on dispose. One thread.</para>
/// </remarks>
internal sealed class DbIterator : IDisposable
{
    // The smallest key/value buffer made; buffers are made on first use, since many iterators make one seek.
    private const int MinBufferBytes = 64;

    private readonly IInternalIterator _inner;
    private readonly ulong _sequence;
    private readonly RangeTombstoneSet _tombstones;
    private readonly byte[]? _lower;
    private readonly byte[]? _upper;
    private readonly IDisposable? _pin;

    private byte[] _savedKey = [];
    private int _savedKeyLength;
    private byte[] _savedValue = [];
    private int _savedValueLength;
    private byte[] _seekKey = [];

    private bool _valid;
    private bool _forward = true;
    private bool _disposed;

    /// <param name="inner">The merged internal entries; owned.</param>
    /// <param name="sequence">The read's sequence number: newer entries are invisible.</param>
    /// <param name="tombstones">The range tombstones of every source, at or below <paramref name="sequence"/>.</param>
    /// <param name="lower">Inclusive lower bound on user keys, or null.</param>
    /// <param name="upper">Exclusive upper bound on user keys, or null.</param>
    /// <param name="pin">Released on dispose: keeps the memtables and tables under <paramref name="inner"/> alive.</param>
    public DbIterator(IInternalIterator inner, ulong sequence, RangeTombstoneSet tombstones, byte[]? lower, byte[]? upper, IDisposable? pin)
    {
        _inner = inner;
        _sequence = sequence;
        _tombstones = tombstones;
        _lower = lower;
        _upper = upper;
        _pin = pin;
    }

    /// <summary>True when positioned on a key.</summary>
    public bool Valid => _valid;

    /// <summary>The current user key; valid until the next positioning call.</summary>
    public ReadOnlySpan<byte> Key
    {
        get
        {
            EnsureValid();
            return _forward ? InternalKey.UserKey(_inner.Key) : _savedKey.AsSpan(0, _savedKeyLength);
        }
    }

    /// <summary>The current value; valid until the next positioning call.</summary>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            EnsureValid();
            return _forward ? _inner.Value : _savedValue.AsSpan(0, _savedValueLength);
        }
    }

    /// <summary>Positions on the first key at or after <paramref name="userKey"/> (and the lower bound).</summary>
    public void SeekGE(ReadOnlySpan<byte> userKey)
    {
        EnsureOpen();
        if (_lower is not null && userKey.SequenceCompareTo(_lower) < 0)
        {
            userKey = _lower;
        }

        _forward = true;
        _inner.SeekGE(SeekKey(userKey, SequenceNumber.MakeTrailer(_sequence, KeyKind.Max)));
        FindNextUserEntry(skipping: false);
    }

    /// <summary>Positions on the last key before <paramref name="userKey"/> (and the upper bound).</summary>
    public void SeekLT(ReadOnlySpan<byte> userKey)
    {
        EnsureOpen();
        if (_upper is not null && userKey.SequenceCompareTo(_upper) > 0)
        {
            userKey = _upper;
        }

        _forward = false;
        _inner.SeekLT(SeekKey(userKey, SequenceNumber.MakeTrailer(SequenceNumber.Max, KeyKind.Max)));
        FindPrevUserEntry();
    }

    /// <summary>Positions on the first key (at or after the lower bound).</summary>
    public void First()
    {
        EnsureOpen();
        if (_lower is not null)
        {
            SeekGE(_lower);
            return;
        }

        _forward = true;
        _inner.First();
        FindNextUserEntry(skipping: false);
    }

    /// <summary>Positions on the last key (before the upper bound).</summary>
    public void Last()
    {
        EnsureOpen();
        if (_upper is not null)
        {
            SeekLT(_upper);
            return;
        }

        _forward = false;
        _inner.Last();
        FindPrevUserEntry();
    }

    /// <summary>Moves to the next key.</summary>
    public void Next()
    {
        EnsureValid();
        if (_forward)
        {
            SaveKey(InternalKey.UserKey(_inner.Key));
            _inner.Next();
        }
        else
        {
            // The saved key is the current one; the merged iterator sits before its versions.
            _forward = true;
            _inner.SeekGE(SeekKey(_savedKey.AsSpan(0, _savedKeyLength), SequenceNumber.MakeTrailer(SequenceNumber.Max, KeyKind.Max)));
        }

        FindNextUserEntry(skipping: true);
    }

    /// <summary>Moves to the previous key.</summary>
    public void Prev()
    {
        EnsureValid();
        if (_forward)
        {
            _forward = false;
            _inner.SeekLT(SeekKey(InternalKey.UserKey(_inner.Key), SequenceNumber.MakeTrailer(SequenceNumber.Max, KeyKind.Max)));
        }

        FindPrevUserEntry();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _valid = false;
        _inner.Dispose();
        _pin?.Dispose();
    }

    /// <summary>
    /// Moves forward to the first visible, live entry. With <paramref name="skipping"/>, entries whose user key is
    /// at or below the saved key are hidden (older versions of a key already shown or deleted).
    /// </summary>
    private void FindNextUserEntry(bool skipping)
    {
        while (_inner.Valid)
        {
            ReadOnlySpan<byte> key = _inner.Key;
            ReadOnlySpan<byte> userKey = InternalKey.UserKey(key);
            if (_upper is not null && userKey.SequenceCompareTo(_upper) >= 0)
            {
                break;
            }

            ulong trailer = InternalKey.Trailer(key);
            ulong sequence = SequenceNumber.SequenceOf(trailer);
            if (sequence <= _sequence && !(skipping && userKey.SequenceCompareTo(_savedKey.AsSpan(0, _savedKeyLength)) <= 0))
            {
                if (SequenceNumber.KindOf(trailer) == KeyKind.Set && !IsCovered(userKey, sequence))
                {
                    _valid = true;
                    return;
                }

                // The newest visible entry deletes the key: hide all of its versions.
                SaveKey(userKey);
                skipping = true;
            }

            _inner.Next();
        }

        _valid = false;
    }

    /// <summary>
    /// Moves backward past every version of the previous live key, remembering the newest visible one.
    /// </summary>
    private void FindPrevUserEntry()
    {
        bool haveLive = false;
        while (_inner.Valid)
        {
            ReadOnlySpan<byte> key = _inner.Key;
            ReadOnlySpan<byte> userKey = InternalKey.UserKey(key);
            if (_lower is not null && userKey.SequenceCompareTo(_lower) < 0)
            {
                break;
            }

            ulong trailer = InternalKey.Trailer(key);
            ulong sequence = SequenceNumber.SequenceOf(trailer);
            if (sequence <= _sequence)
            {
                if (haveLive && userKey.SequenceCompareTo(_savedKey.AsSpan(0, _savedKeyLength)) < 0)
                {
                    break;
                }

                // Versions of a key arrive oldest first: each visible one replaces the last.
                if (SequenceNumber.KindOf(trailer) == KeyKind.Set && !IsCovered(userKey, sequence))
                {
                    SaveKey(userKey);
                    SaveValue(_inner.Value);
                    haveLive = true;
                }
                else
                {
                    haveLive = false;
                }
            }

            _inner.Prev();
        }

        _valid = haveLive;
    }

    private bool IsCovered(ReadOnlySpan<byte> userKey, ulong sequence) =>
        !_tombstones.IsEmpty && _tombstones.MaxCoveringSequence(userKey) > sequence;

    private ReadOnlySpan<byte> SeekKey(ReadOnlySpan<byte> userKey, ulong trailer)
    {
        int length = userKey.Length + InternalKey.TrailerSize;
        if (_seekKey.Length < length)
        {
            _seekKey = new byte[Math.Max(Math.Max(length, MinBufferBytes), _seekKey.Length * 2)];
        }

        InternalKey.Write(_seekKey, userKey, SequenceNumber.SequenceOf(trailer), SequenceNumber.KindOf(trailer));
        return _seekKey.AsSpan(0, length);
    }

    private void SaveKey(ReadOnlySpan<byte> userKey)
    {
        if (_savedKey.Length < userKey.Length)
        {
            _savedKey = new byte[Math.Max(Math.Max(userKey.Length, MinBufferBytes), _savedKey.Length * 2)];
        }

        userKey.CopyTo(_savedKey);
        _savedKeyLength = userKey.Length;
    }

    private void SaveValue(ReadOnlySpan<byte> value)
    {
        if (_savedValue.Length < value.Length)
        {
            _savedValue = new byte[Math.Max(Math.Max(value.Length, MinBufferBytes), _savedValue.Length * 2)];
        }

        value.CopyTo(_savedValue);
        _savedValueLength = value.Length;
    }

    private void EnsureOpen()
    {
        // After dispose the pinned tables may be unmapped and the arenas freed: nothing may be read.
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    private void EnsureValid()
    {
        EnsureOpen();
        if (!_valid)
        {
            ThrowHelper.ThrowFailedPrecondition("The iterator is not positioned on a key.");
        }
    }
}
