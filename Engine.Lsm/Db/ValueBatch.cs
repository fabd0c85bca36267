using System;

namespace Engine.Lsm.Db;

/// <summary>
/// The values of one <see cref="LsmDatabase.MultiGet(System.Collections.Generic.IReadOnlyList{byte[]}, ValueBatch, bool, Snapshot?)"/>,
/// copied end to end into one buffer that the next batch reuses, instead of an array per value.
/// </summary>
/// <remarks>
/// A listing that reads its records in batches keeps one of these: its buffer grows to the largest batch and is then
/// reused, so the values cost no allocation and none of them outlives its batch into an older GC generation. The spans
/// handed out are valid until the next <see cref="Reset"/>. One owner; not thread-safe.
/// </remarks>
internal sealed class ValueBatch
{
    private byte[] _bytes = [];
    private int _used;
    private int[] _offsets = [];
    private int[] _lengths = [];
    private int _count;

    /// <summary>The number of keys of the current batch.</summary>
    public int Count => _count;

    /// <summary>Empties the batch for <paramref name="count"/> keys, every one without a value.</summary>
    public void Reset(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_lengths.Length < count)
        {
            _offsets = new int[Math.Max(count, _lengths.Length * 2)];
            _lengths = new int[_offsets.Length];
        }

        _lengths.AsSpan(0, count).Fill(-1);
        _count = count;
        _used = 0;
    }

    /// <summary>Stores a copy of <paramref name="value"/> as the value of key <paramref name="index"/>.</summary>
    public void Set(int index, ReadOnlySpan<byte> value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        if (_bytes.Length - _used < value.Length)
        {
            byte[] grown = new byte[Math.Max(_used + value.Length, Math.Max(1024, _bytes.Length * 2))];
            _bytes.AsSpan(0, _used).CopyTo(grown);
            _bytes = grown;
        }

        value.CopyTo(_bytes.AsSpan(_used));
        _offsets[index] = _used;
        _lengths[index] = value.Length;
        _used += value.Length;
    }

    /// <summary>Marks key <paramref name="index"/> as without a value (deleted at the read's point).</summary>
    public void Clear(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        _lengths[index] = -1;
    }

    /// <summary>The value of key <paramref name="index"/>; false when it has none.</summary>
    public bool TryGet(int index, out ReadOnlySpan<byte> value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        int length = _lengths[index];
        value = length < 0 ? default : _bytes.AsSpan(_offsets[index], length);
        return length >= 0;
    }
}
