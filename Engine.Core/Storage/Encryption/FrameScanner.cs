using System;
using System.Buffers;
using System.Collections.Generic;
using Engine.Api;

namespace Engine.Core.Storage.Encryption;

/// <summary>Builds the <see cref="FrameMap"/> of an encrypted file once per open.</summary>
/// <remarks>
/// <para>
/// A file whose raw length fits "every frame a full page but the last" and whose last frame's header says so is
/// regular: its map is computed, and only the last frame is read and authenticated. Any other file is scanned frame
/// header by frame header. The tail rules, which the scan states as code:
/// </para>
/// <list type="bullet">
/// <item>the plaintext ends at the raw end, at an incomplete frame header, at an all-zero header (space a crash left
/// unwritten) or at a frame that runs past the raw end: a torn tail;</item>
/// <item>a complete header that cannot follow the frames before it (offset past the plaintext end, a page crossed, a
/// counter not above the previous one) is damage: <see cref="DecryptionFailedException"/>;</item>
/// <item>the last complete frame is authenticated; when it fails, it is a torn tail and the plaintext ends before it.
/// Any other frame is authenticated when it is read, and a failure there is <see cref="DecryptionFailedException"/>.</item>
/// </list>
/// <para>Stateless; thread-safe.</para>
/// </remarks>
internal static class FrameScanner
{
    private const int WindowSize = 64 << 10;

    /// <summary>
    /// Maps the frames of the file behind <paramref name="source"/>, whose header <paramref name="cipher"/> came from.
    /// With <paramref name="allowRegular"/> false the file is always scanned, so that every header's counter is seen.
    /// </summary>
    /// <exception cref="DecryptionFailedException">A frame header is damaged.</exception>
    public static FrameMap Build(ICiphertextSource source, FileCipher cipher, string path, bool allowRegular)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(cipher.PageSize * 2 + EncryptedFileFormat.FrameOverhead);
        try
        {
            long length = source.Length;
            if (allowRegular && TryRegular(source, cipher, length, scratch) is FrameMap regular)
            {
                return regular;
            }

            return Scan(source, cipher, path, length, scratch);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>True when the frame at <paramref name="position"/>, of <paramref name="frameLength"/> plaintext bytes, authenticates.</summary>
    public static bool Authenticates(ICiphertextSource source, FileCipher cipher, long position, int frameLength, byte[] scratch)
    {
        int frameSize = EncryptedFileFormat.FrameOverhead + frameLength;
        Span<byte> frame = scratch.AsSpan(0, frameSize);
        return source.Read(position, frame) == frameSize
            && cipher.TryOpenFrame(frame, scratch.AsSpan(frameSize, frameLength));
    }

    private static FrameMap? TryRegular(ICiphertextSource source, FileCipher cipher, long length, byte[] scratch)
    {
        int page = cipher.PageSize;
        long full = page + EncryptedFileFormat.FrameOverhead;
        long body = length - EncryptedFileFormat.HeaderSize;
        if (body == 0)
        {
            return FrameMap.Regular(0, page, 0, null);
        }

        long fullFrames = body / full;
        long rest = body % full;
        long count;
        int last;
        if (rest == 0)
        {
            count = fullFrames;
            last = page;
        }
        else if (rest > EncryptedFileFormat.FrameOverhead)
        {
            count = fullFrames + 1;
            last = (int)(rest - EncryptedFileFormat.FrameOverhead);
        }
        else
        {
            return null;
        }

        if (count > int.MaxValue / 2)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[EncryptedFileFormat.FrameHeaderSize];
        long lastPosition = EncryptedFileFormat.HeaderSize + ((count - 1) * full);
        if (source.Read(lastPosition, bytes) != bytes.Length)
        {
            return null;
        }

        FrameHeader lastHeader = FrameHeader.Read(bytes);
        if (lastHeader.PlainOffset != (count - 1) * page || lastHeader.Length != last)
        {
            return null;
        }

        if (count > 1)
        {
            if (source.Read(EncryptedFileFormat.HeaderSize, bytes) != bytes.Length)
            {
                return null;
            }

            FrameHeader first = FrameHeader.Read(bytes);
            if (first.PlainOffset != 0 || first.Length != page)
            {
                return null;
            }
        }

        // The frame counts match only when each page has exactly one frame: the layout is regular.
        return Authenticates(source, cipher, lastPosition, last, scratch)
            ? FrameMap.Regular((int)count, page, last, lastHeader.Counter)
            : FrameMap.Regular((int)count - 1, page, page, lastHeader.Counter);
    }

    private static FrameMap Scan(ICiphertextSource source, FileCipher cipher, string path, long length, byte[] scratch)
    {
        ulong? maxCounter = null;
        FrameMap map = ScanTo(source, cipher, path, length, ref maxCounter, out long lastPosition, out int lastLength);
        if (lastPosition < 0 || Authenticates(source, cipher, lastPosition, lastLength, scratch))
        {
            return map;
        }

        // The last frame does not authenticate: a torn tail. The plaintext ends before it, as if it were never
        // written, including any cut it made; the next-to-last frame is checked when it is read.
        return ScanTo(source, cipher, path, lastPosition, ref maxCounter, out _, out _);
    }

    private static FrameMap ScanTo(ICiphertextSource source, FileCipher cipher, string path, long limit, ref ulong? maxCounter, out long lastPosition, out int lastLength)
    {
        int page = cipher.PageSize;
        List<FrameExtent> extents = [];
        byte[] window = ArrayPool<byte>.Shared.Rent(WindowSize);
        try
        {
            long windowStart = 0;
            int windowCount = 0;
            long position = EncryptedFileFormat.HeaderSize;
            long end = 0;
            ulong? previous = null;
            lastPosition = -1;
            lastLength = 0;
            while (limit - position >= EncryptedFileFormat.FrameHeaderSize)
            {
                if (position < windowStart || position + EncryptedFileFormat.FrameHeaderSize > windowStart + windowCount)
                {
                    windowStart = position;
                    windowCount = source.Read(position, window.AsSpan(0, (int)Math.Min(WindowSize, limit - position)));
                    if (windowCount < EncryptedFileFormat.FrameHeaderSize)
                    {
                        break;
                    }
                }

                ReadOnlySpan<byte> bytes = window.AsSpan((int)(position - windowStart), EncryptedFileFormat.FrameHeaderSize);
                if (!bytes.ContainsAnyExcept((byte)0))
                {
                    break;
                }

                FrameHeader header = FrameHeader.Read(bytes);
                if (!header.IsWellFormed(page) || header.PlainOffset > end || (previous is ulong p && header.Counter <= p))
                {
                    throw new DecryptionFailedException(
                        path, position, $"frame header out of sequence (offset {header.PlainOffset}, length {header.Length}, counter {header.Counter}, plaintext so far {end})");
                }

                maxCounter = maxCounter is ulong m ? Math.Max(m, header.Counter) : header.Counter;
                if (position + header.FrameSize > limit)
                {
                    break;
                }

                if (header.PlainOffset < end)
                {
                    Cut(extents, header.PlainOffset);
                    end = header.PlainOffset;
                }

                if (header.Length > 0)
                {
                    extents.Add(new FrameExtent(header.PlainOffset, header.Length, position, header.PlainOffset, header.Length));
                    end += header.Length;
                }

                previous = header.Counter;
                lastPosition = position;
                lastLength = header.Length;
                position += header.FrameSize;
            }

            return FrameMap.Scanned([.. extents], extents.Count, page, position, maxCounter);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }
    }

    /// <summary>Drops every run at or past <paramref name="plainOffset"/> and shortens the one it falls in.</summary>
    private static void Cut(List<FrameExtent> extents, long plainOffset)
    {
        while (extents.Count > 0 && extents[^1].PlainStart >= plainOffset)
        {
            extents.RemoveAt(extents.Count - 1);
        }

        if (extents.Count > 0 && extents[^1].PlainEnd > plainOffset)
        {
            FrameExtent kept = extents[^1];
            extents[^1] = kept with { PlainLength = (int)(plainOffset - kept.PlainStart) };
        }
    }
}
