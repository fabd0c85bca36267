using System;

namespace Engine.Lsm.Sst;

/// <summary>
/// A position inside one block, kept apart from the bytes (<see cref="BlockReader"/>) so that it can live in a class
/// field while the block itself is a span into the mapped file, recreated on every call.
/// </summary>
/// <remarks>
/// <para>
/// A restart-point key shares nothing with its predecessor, so it is referenced in place in the block (zero-copy);
/// other keys are reassembled in a reusable key buffer from the previous key's prefix and the entry's suffix. Index,
/// metaindex, range-del and properties blocks have a restart point per entry, so their keys are never copied. Values
/// are always slices of the block.
/// </para>
/// <para>
/// Every call must pass a reader over the same block bytes as the call that positioned the cursor. Moving backwards
/// rescans from the restart point before the current entry, as LevelDB does, since entries can only be decoded
/// forwards. Mutable struct: keep it in a non-readonly field or local and never copy it. One owner; not thread-safe.
/// </para>
/// </remarks>
internal struct BlockCursor
{
    private byte[]? _keyBuffer;
    private bool _valid;
    private bool _keyInPlace;
    private int _current;
    private int _next;
    private int _restartIndex;
    private int _keyOffset;
    private int _keyLength;
    private int _valueOffset;
    private int _valueLength;

    /// <summary>
    /// Creates an unpositioned cursor that reassembles keys in <paramref name="keyBuffer"/> (grown when needed). A
    /// default cursor allocates a buffer the first time a key is not a restart point.
    /// </summary>
    public BlockCursor(byte[] keyBuffer)
    {
        _keyBuffer = keyBuffer;
    }

    /// <summary>True when positioned on an entry.</summary>
    public readonly bool Valid => _valid;

    /// <summary>The key buffer, possibly grown; lets a caller keep the larger buffer for its next cursor.</summary>
    public readonly byte[] KeyBuffer => _keyBuffer ?? [];

    /// <summary>
    /// The restart point whose interval holds the current entry. In a block with a restart point per entry it is the
    /// entry's ordinal.
    /// </summary>
    public readonly int RestartIndex => _restartIndex;

    /// <summary>The offset of the current entry in the block. Only when <see cref="Valid"/>.</summary>
    public readonly int EntryOffset => _current;

    /// <summary>The current entry's key. Only when <see cref="Valid"/>.</summary>
    public readonly ReadOnlySpan<byte> Key(scoped in BlockReader block) =>
        _keyInPlace ? block.Span.Slice(_keyOffset, _keyLength) : _keyBuffer.AsSpan(0, _keyLength);

    /// <summary>The current entry's value, a slice of the block. Only when <see cref="Valid"/>.</summary>
    public readonly ReadOnlySpan<byte> Value(scoped in BlockReader block) => block.Span.Slice(_valueOffset, _valueLength);

    /// <summary>Leaves the cursor unpositioned.</summary>
    public void Invalidate()
    {
        _valid = false;
        _keyLength = 0;
        _keyInPlace = false;
    }

    /// <summary>Positions on the first entry.</summary>
    public void First(scoped in BlockReader block)
    {
        if (block.RestartCount == 0)
        {
            Invalidate();
            return;
        }

        SeekToRestart(block, 0);
        ParseNext(block);
    }

    /// <summary>Positions on the last entry.</summary>
    public void Last(scoped in BlockReader block)
    {
        if (block.RestartCount == 0)
        {
            Invalidate();
            return;
        }

        SeekToRestart(block, block.RestartCount - 1);
        while (ParseNext(block) && _next < block.EntriesEnd)
        {
        }
    }

    /// <summary>
    /// Positions on the first entry at or after the target (see <see cref="BlockReader.CompareTarget"/> for how
    /// <paramref name="target"/> and <paramref name="trailer"/> are read).
    /// </summary>
    public void SeekGE(scoped in BlockReader block, scoped ReadOnlySpan<byte> target, ulong trailer)
    {
        if (block.RestartCount == 0)
        {
            Invalidate();
            return;
        }

        // The last restart point whose key sorts before the target, or the first one; the answer lies in its interval
        // or is the first entry of the next.
        int lo = 0;
        int hi = block.RestartCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (block.CompareTarget(target, trailer, block.RestartKey(mid)) > 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        SeekToRestart(block, lo);
        while (ParseNext(block))
        {
            if (block.CompareTarget(target, trailer, Key(block)) <= 0)
            {
                return;
            }
        }
    }

    /// <summary>Positions on the last entry before the target.</summary>
    public void SeekLT(scoped in BlockReader block, scoped ReadOnlySpan<byte> target, ulong trailer)
    {
        SeekGE(block, target, trailer);
        if (_valid)
        {
            Prev(block);
        }
        else
        {
            Last(block);
        }
    }

    /// <summary>Moves to the next entry; invalid past the last.</summary>
    public void Next(scoped in BlockReader block)
    {
        if (_valid)
        {
            ParseNext(block);
        }
    }

    /// <summary>Moves to the previous entry; invalid before the first.</summary>
    public void Prev(scoped in BlockReader block)
    {
        if (!_valid)
        {
            return;
        }

        int original = _current;
        while (block.RestartOffset(_restartIndex) >= original)
        {
            if (_restartIndex == 0)
            {
                Invalidate();
                return;
            }

            _restartIndex--;
        }

        SeekToRestart(block, _restartIndex);
        while (ParseNext(block) && _next < original)
        {
        }
    }

    private void SeekToRestart(scoped in BlockReader block, int index)
    {
        _valid = false;
        _keyLength = 0;
        _keyInPlace = false;
        _restartIndex = index;
        _next = block.RestartOffset(index);
    }

    /// <summary>Decodes the entry at <c>_next</c>; false (and unpositioned) at the end of the entries.</summary>
    private bool ParseNext(scoped in BlockReader block)
    {
        _current = _next;
        if (_current >= block.EntriesEnd)
        {
            Invalidate();
            return false;
        }

        block.DecodeEntry(_current, _keyLength, out int shared, out int suffixOffset, out int unshared, out int valueLength);
        SetKey(block, shared, suffixOffset, unshared);
        _valueOffset = suffixOffset + unshared;
        _valueLength = valueLength;
        _next = _valueOffset + valueLength;
        while (_restartIndex + 1 < block.RestartCount && block.RestartOffset(_restartIndex + 1) <= _current)
        {
            _restartIndex++;
        }

        _valid = true;
        return true;
    }

    private void SetKey(scoped in BlockReader block, int shared, int suffixOffset, int unshared)
    {
        if (shared == 0)
        {
            _keyInPlace = true;
            _keyOffset = suffixOffset;
            _keyLength = unshared;
            return;
        }

        int length = shared + unshared;
        if (_keyInPlace)
        {
            EnsureKeyCapacity(length, 0);
            block.Span.Slice(_keyOffset, shared).CopyTo(_keyBuffer!);
            _keyInPlace = false;
        }
        else
        {
            EnsureKeyCapacity(length, shared);
        }

        block.Span.Slice(suffixOffset, unshared).CopyTo(_keyBuffer!.AsSpan(shared));
        _keyLength = length;
    }

    private void EnsureKeyCapacity(int length, int preserve)
    {
        byte[] current = _keyBuffer ?? [];
        if (current.Length >= length)
        {
            return;
        }

        byte[] grown = new byte[Math.Max(length, current.Length * 2)];
        current.AsSpan(0, preserve).CopyTo(grown);
        _keyBuffer = grown;
    }
}
