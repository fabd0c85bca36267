using System;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>
/// A cursor over one block of a memory-mapped table: the block is held as (mapped file, handle) and its span is
/// recreated from the mapping on every call, because a class cannot hold a span and the mapping is what owns the bytes.
/// </summary>
/// <remarks>
/// <para>
/// Recreating the span costs an interface call and reading the block's restart count; in exchange the iterator needs
/// no pinned memory or <c>MemoryManager</c> over the mapping, and <see cref="Reset"/> can rebind it to another block
/// without allocating. Values are slices of the mapping; keys are slices of the mapping or of a reusable buffer (see
/// <see cref="BlockCursor"/>). Both stay valid until the next positioning call.
/// </para>
/// <para>
/// The block must have been verified (checksum and <see cref="BlockReader.Validate"/>) by whoever hands it
/// over; entries are still bounds-checked as they are decoded. For <see cref="BlockKeyOrder.Bytewise"/> blocks the keys
/// are plain byte strings and seeks compare them bytewise. One thread at a time; the mapping must outlive the iterator.
/// </para>
/// </remarks>
internal sealed class BlockIterator : IInternalIterator
{
    private readonly BlockKeyOrder _order;
    private IMappedFile? _file;
    private BlockHandle _handle;
    private BlockCursor _cursor;

    public BlockIterator(BlockKeyOrder order)
    {
        _order = order;
        _cursor = new BlockCursor(new byte[64]);
    }

    public BlockIterator(IMappedFile file, BlockHandle handle, BlockKeyOrder order)
        : this(order)
    {
        Reset(file, handle);
    }

    public bool Valid => _cursor.Valid;

    public ReadOnlySpan<byte> Key => _cursor.Key(Reader());

    public ReadOnlySpan<byte> Value => _cursor.Value(Reader());

    /// <summary>The handle of the block being iterated.</summary>
    public BlockHandle Handle => _handle;

    /// <summary>Rebinds the iterator to another block; it is left unpositioned.</summary>
    public void Reset(IMappedFile file, BlockHandle handle)
    {
        _file = file;
        _handle = handle;
        _cursor.Invalidate();
    }

    public void SeekGE(ReadOnlySpan<byte> internalKey)
    {
        SplitTarget(internalKey, out ReadOnlySpan<byte> target, out ulong trailer);
        _cursor.SeekGE(Reader(), target, trailer);
    }

    /// <summary>Positions on the first entry at or after <c>userKey#trailer</c> (internal order only).</summary>
    public void SeekGE(ReadOnlySpan<byte> userKey, ulong trailer) => _cursor.SeekGE(Reader(), userKey, trailer);

    public void SeekLT(ReadOnlySpan<byte> internalKey)
    {
        SplitTarget(internalKey, out ReadOnlySpan<byte> target, out ulong trailer);
        _cursor.SeekLT(Reader(), target, trailer);
    }

    public void First() => _cursor.First(Reader());

    public void Last() => _cursor.Last(Reader());

    public void Next() => _cursor.Next(Reader());

    public void Prev() => _cursor.Prev(Reader());

    public void Dispose()
    {
        _file = null;
        _cursor.Invalidate();
    }

    private BlockReader Reader()
    {
        IMappedFile file = _file ?? throw new ObjectDisposedException(nameof(BlockIterator));
        return new BlockReader(file.GetSpan(_handle.Offset, _handle.Size), _order, file.Path, _handle.Offset);
    }

    private void SplitTarget(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> target, out ulong trailer)
    {
        if (_order == BlockKeyOrder.Bytewise)
        {
            target = key;
            trailer = 0;
            return;
        }

        if (key.Length < InternalKey.TrailerSize)
        {
            ThrowHelper.ThrowInvalidArgument($"A seek key of {key.Length} bytes is shorter than an internal key's trailer.");
        }

        target = InternalKey.UserKey(key);
        trailer = InternalKey.Trailer(key);
    }
}
