using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Engine.Api;
using Engine.Core.Encoding;
using Engine.Core.Errors;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>
/// A view of one block's contents (trailer excluded) in the layout <see cref="BlockBuilder"/> writes: decodes entries
/// and restart points and compares keys in the block's order. Positions live in a separate <see cref="BlockCursor"/>,
/// so a reader can be rebuilt from the mapped bytes on every call at the cost of reading the restart count.
/// </summary>
/// <remarks>
/// <para>
/// Construction checks, in constant time, that the restart count fits the block. <see cref="Validate"/> walks every
/// entry and the whole restart array (first at 0, strictly increasing, each at the start of an entry that shares
/// nothing) and runs once per block, when the table verifies the block's checksum. Every entry decode checks its
/// lengths against the start of the restart array and <c>shared</c> against the previous key, so malformed bytes raise
/// a <see cref="CorruptionException"/> naming the file and the block's offset, never a range exception, whether or not
/// the block was validated.
/// </para>
/// <para>A ref struct over immutable bytes; use it on one thread, for one call.</para>
/// </remarks>
internal readonly ref struct BlockReader
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly int _entriesEnd;
    private readonly int _restartCount;
    private readonly BlockKeyOrder _order;
    private readonly string _path;
    private readonly long _blockOffset;

    public BlockReader(ReadOnlySpan<byte> block, BlockKeyOrder order, string path, long blockOffset)
    {
        _block = block;
        _order = order;
        _path = path;
        _blockOffset = blockOffset;
        if (block.Length < sizeof(uint))
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, "block is shorter than its restart count");
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(block[^sizeof(uint)..]);
        long trailerBytes = ((long)count + 1) * sizeof(uint);
        if (trailerBytes > block.Length)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, $"restart count {count} does not fit a block of {block.Length} bytes");
        }

        _restartCount = (int)count;
        _entriesEnd = block.Length - (int)trailerBytes;
        if (_restartCount == 0 && _entriesEnd != 0)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, "block has entries but no restart point");
        }
    }

    /// <summary>The block's contents.</summary>
    public ReadOnlySpan<byte> Span => _block;

    /// <summary>The offset where entries end and the restart array begins.</summary>
    public int EntriesEnd => _entriesEnd;

    /// <summary>The number of restart points; zero only for an empty block.</summary>
    public int RestartCount => _restartCount;

    /// <summary>The block's key order.</summary>
    public BlockKeyOrder Order => _order;

    /// <summary>The file the block belongs to, for error reports.</summary>
    public string Path => _path;

    /// <summary>The block's offset in its file, for error reports.</summary>
    public long BlockOffset => _blockOffset;

    /// <summary>The offset of restart point <paramref name="index"/>; corruption when it lies outside the entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RestartOffset(int index)
    {
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(_block.Slice(_entriesEnd + (index * sizeof(uint)), sizeof(uint)));
        if (offset >= (uint)_entriesEnd)
        {
            ThrowHelper.ThrowCorruption(_path, _blockOffset, $"restart offset {offset} lies outside the {_entriesEnd} bytes of entries");
        }

        return (int)offset;
    }

    /// <summary>
    /// Checks the block's structure, so that later reads may trust it: the entries decode one after another to exactly
    /// the start of the restart array, the first restart point is at 0, and every restart point, in increasing order,
    /// is the start of an entry that shares nothing with its predecessor. Forward iteration (from the first restart
    /// point) and backward iteration (which restarts at each restart point) then read the same entries.
    /// </summary>
    public void Validate()
    {
        if (_restartCount > 0 && RestartOffset(0) != 0)
        {
            ThrowHelper.ThrowCorruption(_path, _blockOffset, $"restart point 0 at offset {RestartOffset(0)} is not the first entry");
        }

        int offset = 0;
        int keyLength = 0;
        int restart = 0;
        while (offset < _entriesEnd)
        {
            // Restart points strictly increase and each must be reached exactly, never jumped over.
            int next = restart < _restartCount ? RestartOffset(restart) : int.MaxValue;
            if (next < offset)
            {
                ThrowHelper.ThrowCorruption(_path, _blockOffset, $"restart point {restart} at offset {next} is out of order or inside an entry");
            }

            bool atRestart = next == offset;
            DecodeEntry(offset, atRestart ? 0 : keyLength, out int shared, out int suffixOffset, out int unshared, out int valueLength);
            restart += atRestart ? 1 : 0;
            keyLength = shared + unshared;
            offset = suffixOffset + unshared + valueLength;
        }

        if (restart != _restartCount)
        {
            ThrowHelper.ThrowCorruption(_path, _blockOffset, $"restart point {restart} at offset {RestartOffset(restart)} is not the start of an entry");
        }
    }

    /// <summary>
    /// Decodes the header of the entry at <paramref name="offset"/>, whose predecessor's key is
    /// <paramref name="previousKeyLength"/> bytes long; corruption when the entry is malformed.
    /// </summary>
    public void DecodeEntry(int offset, int previousKeyLength, out int shared, out int suffixOffset, out int unshared, out int valueLength)
    {
        if ((uint)offset >= (uint)_entriesEnd)
        {
            ThrowHelper.ThrowCorruption(_path, _blockOffset, $"entry offset {offset} lies outside the entries");
        }

        ReadOnlySpan<byte> rest = _block[offset.._entriesEnd];
        uint s, u, v;
        int header;

        // Nearly every header is three one-byte varints (shared, unshared and value lengths below 128).
        if (rest.Length >= 3 && ((rest[0] | rest[1] | rest[2]) & 0x80) == 0)
        {
            s = rest[0];
            u = rest[1];
            v = rest[2];
            header = 3;
        }
        else
        {
            bool complete = Varint.TryRead(rest, out s, out int n1);
            complete &= Varint.TryRead(rest[n1..], out u, out int n2);
            complete &= Varint.TryRead(rest[(n1 + n2)..], out v, out int n3);
            if (!complete)
            {
                ThrowHelper.ThrowCorruption(_path, _blockOffset, $"truncated entry header at block offset {offset}");
            }

            header = n1 + n2 + n3;
        }

        if (s > (uint)previousKeyLength)
        {
            ThrowHelper.ThrowCorruption(_path, _blockOffset, $"entry at block offset {offset} shares {s} bytes of a {previousKeyLength}-byte key");
        }

        if ((ulong)u + v > (ulong)(rest.Length - header))
        {
            ThrowHelper.ThrowCorruption(_path, _blockOffset, $"entry at block offset {offset} runs past the restart array");
        }

        if (_order == BlockKeyOrder.Internal && s + u < InternalKey.TrailerSize)
        {
            ThrowHelper.ThrowCorruption(_path, _blockOffset, $"internal key at block offset {offset} is shorter than its trailer");
        }

        shared = (int)s;
        unshared = (int)u;
        valueLength = (int)v;
        suffixOffset = offset + header;
    }

    /// <summary>The whole key of the restart point <paramref name="index"/>, which shares nothing with its predecessor.</summary>
    public ReadOnlySpan<byte> RestartKey(int index)
    {
        int offset = RestartOffset(index);
        DecodeEntry(offset, 0, out _, out int suffixOffset, out int unshared, out _);
        return _block.Slice(suffixOffset, unshared);
    }

    /// <summary>
    /// Compares a search target with an entry's key: negative when the target sorts first. For internal order the
    /// target is a user key and <paramref name="trailer"/> its trailer; for bytewise order the trailer is ignored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CompareTarget(ReadOnlySpan<byte> target, ulong trailer, ReadOnlySpan<byte> entryKey) =>
        _order == BlockKeyOrder.Internal
            ? InternalKey.Compare(target, trailer, entryKey)
            : target.SequenceCompareTo(entryKey);
}
