using System;

namespace Engine.Core.Storage.Encryption;

/// <summary>
/// Where each plaintext byte of an encrypted file lives: computed for a regular file (one full frame per page, the
/// last one possibly partial), looked up in a list of runs for any other (built by <see cref="FrameScanner"/>).
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed class FrameMap
{
    // Null for a regular file, whose runs are computed.
    private readonly FrameExtent[]? _extents;
    private readonly int _pageSize;
    private readonly int _lastFrameLength;

    private FrameMap(FrameExtent[]? extents, int count, int pageSize, int lastFrameLength, long plainLength, long cipherEnd, ulong? maxCounter)
    {
        _extents = extents;
        Count = count;
        _pageSize = pageSize;
        _lastFrameLength = lastFrameLength;
        PlainLength = plainLength;
        CipherEnd = cipherEnd;
        MaxCounter = maxCounter;
    }

    /// <summary>The plaintext length of the file.</summary>
    public long PlainLength { get; }

    /// <summary>The raw offset where the last kept frame ends; bytes past it are a torn tail.</summary>
    public long CipherEnd { get; }

    /// <summary>The largest frame counter seen in the file, torn or dropped frames included; null when none was.</summary>
    public ulong? MaxCounter { get; }

    /// <summary>True when the runs are computed (every frame a full page but the last).</summary>
    public bool IsRegular => _extents is null;

    /// <summary>The number of runs.</summary>
    public int Count { get; }

    /// <summary>The run at <paramref name="index"/>.</summary>
    public FrameExtent this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            if (_extents is not null)
            {
                return _extents[index];
            }

            long plain = (long)index * _pageSize;
            int length = index == Count - 1 ? _lastFrameLength : _pageSize;
            long cipher = EncryptedFileFormat.HeaderSize + ((long)index * (_pageSize + EncryptedFileFormat.FrameOverhead));
            return new FrameExtent(plain, length, cipher, plain, length);
        }
    }

    /// <summary>A map of a regular file of <paramref name="count"/> frames.</summary>
    public static FrameMap Regular(int count, int pageSize, int lastFrameLength, ulong? maxCounter)
    {
        long plain = count == 0 ? 0 : ((long)(count - 1) * pageSize) + lastFrameLength;
        long cipherEnd = EncryptedFileFormat.HeaderSize + plain + ((long)count * EncryptedFileFormat.FrameOverhead);
        return new FrameMap(null, count, pageSize, lastFrameLength, plain, cipherEnd, maxCounter);
    }

    /// <summary>A map from scanned runs (sorted, contiguous from 0).</summary>
    public static FrameMap Scanned(FrameExtent[] extents, int count, int pageSize, long cipherEnd, ulong? maxCounter)
    {
        long plain = count == 0 ? 0 : extents[count - 1].PlainEnd;
        return new FrameMap(extents, count, pageSize, 0, plain, cipherEnd, maxCounter);
    }

    /// <summary>The index of the run holding <paramref name="plainOffset"/>, or -1 past the end.</summary>
    public int IndexOf(long plainOffset)
    {
        if (plainOffset < 0 || plainOffset >= PlainLength)
        {
            return -1;
        }

        if (_extents is null)
        {
            return (int)(plainOffset / _pageSize);
        }

        int lo = 0;
        int hi = Count - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo + 1) / 2);
            if (_extents[mid].PlainStart <= plainOffset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
