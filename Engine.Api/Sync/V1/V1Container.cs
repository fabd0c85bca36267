using System;
using System.Buffers;
using System.IO;
using System.IO.Hashing;
using System.Numerics;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Engine.Api.Sync.V1;

/// <summary>
/// The reference's v1 <c>.c1z</c> container (shared/spec/baton-storage.md, sections 4.17 and 9.1): the magic, then one
/// zstd frame holding the raw SQLite database file.
/// </summary>
/// <remarks>
/// <code>
/// | "C1ZF\0" (5 bytes) | one zstd frame: header | blocks | content checksum (low 32 bits of XXH64, seed 0, LE) |
/// </code>
/// Nothing may follow the frame. Decoding streams: memory is bounded by the window and a fixed buffer whatever the
/// file's size, and the declared size and the window are checked against <see cref="V1DecoderLimits"/> before the
/// decoder allocates. The content checksum is checked twice: by the decoder, and here over the decoded bytes with
/// XXH64, so a decoder that skipped it would still not let damage through. Stateless; thread-safe.
/// </remarks>
public static class V1Container
{
    /// <summary>The zstd level files are written at: the fastest regular level, as the reference's writer.</summary>
    private const int CompressionLevel = 1;

    /// <summary>Bytes moved per step in each direction.</summary>
    private const int BufferBytes = 128 << 10;

    /// <summary>The smallest and largest window exponents the decoder accepts (ZSTD_WINDOWLOG_ABSOLUTEMIN and _MAX_64).</summary>
    private const int MinWindowLog = 10;
    private const int MaxWindowLog = 31;

    /// <summary>The v1 magic: <c>"C1ZF"</c> and a zero byte.</summary>
    public static ReadOnlySpan<byte> Magic => "C1ZF\0"u8;

    /// <summary>Whether <paramref name="header"/> (a file's first bytes) starts with <see cref="Magic"/>.</summary>
    /// <param name="header">At least the file's first five bytes; fewer never match.</param>
    public static bool HasMagic(ReadOnlySpan<byte> header) => header.StartsWith(Magic);

    /// <summary>
    /// Decodes the v1 file read from <paramref name="c1z"/> into <paramref name="output"/> and returns the number of
    /// decoded bytes. Reads <paramref name="c1z"/> forward from its current position to its end.
    /// </summary>
    /// <param name="c1z">The file's bytes, positioned at the magic.</param>
    /// <param name="output">Receives the SQLite database; on failure it holds a prefix of it.</param>
    /// <param name="limits">The decoded-size and window limits.</param>
    /// <param name="fileName">The name errors give the file.</param>
    /// <exception cref="V1FileException">
    /// NotC1z, Truncated, CorruptFrame, ChecksumMismatch, TooLarge (declared or decoded), WindowTooLarge or TrailingData.
    /// </exception>
    /// <exception cref="IOException">Reading <paramref name="c1z"/> or writing <paramref name="output"/> failed.</exception>
    public static long Decompress(Stream c1z, Stream output, V1DecoderLimits limits, string fileName)
    {
        ArgumentNullException.ThrowIfNull(c1z);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(fileName);
        ReadMagic(c1z, fileName);
        using ZstdFrameStream frame = new(c1z, fileName, Magic.Length);
        CheckLimits(frame.Header, limits, fileName);
        long written = DecodeFrame(frame, output, limits, fileName, out ulong hash);
        if (!frame.IsComplete)
        {
            throw new V1FileException(V1FileProblem.CorruptFrame, fileName, $"the zstd decoder stops before the frame's last block (offset {frame.Offset})");
        }

        if (frame.Header.ContentSize is ulong declared && declared != (ulong)written)
        {
            throw new V1FileException(V1FileProblem.CorruptFrame, fileName, $"the zstd frame declares {declared} bytes but decodes to {written}");
        }

        if (frame.Header.HasChecksum && (uint)hash != frame.Checksum)
        {
            throw new V1FileException(V1FileProblem.ChecksumMismatch, fileName, $"the content checksum {frame.Checksum:x8} does not match the decoded bytes ({(uint)hash:x8})");
        }

        if (c1z.ReadByte() >= 0)
        {
            throw new V1FileException(V1FileProblem.TrailingData, fileName, $"bytes follow the zstd frame, which ends at offset {frame.Offset}");
        }

        return written;
    }

    /// <summary>Decodes the v1 file at <paramref name="c1zPath"/> into a new file at <paramref name="outputPath"/>.</summary>
    /// <param name="c1zPath">The <c>.c1z</c> file.</param>
    /// <param name="outputPath">The database file to write; replaced if it exists, and removed again if decoding fails.</param>
    /// <param name="limits">The decoded-size and window limits.</param>
    /// <exception cref="V1FileException">As <see cref="Decompress"/>.</exception>
    /// <exception cref="IOException">The files could not be read or written.</exception>
    public static void DecompressFile(string c1zPath, string outputPath, V1DecoderLimits limits)
    {
        ArgumentNullException.ThrowIfNull(c1zPath);
        ArgumentNullException.ThrowIfNull(outputPath);
        ArgumentNullException.ThrowIfNull(limits);
        using FileStream input = new(c1zPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan);
        try
        {
            using FileStream output = new(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes);
            Decompress(input, output, limits, c1zPath);
        }
        catch
        {
            DeleteQuietly(outputPath);
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="database"/>, from its current position to its end, to <paramref name="output"/> as a v1
    /// file: the magic and one zstd frame at the fastest level, with a content checksum, and with the content size in
    /// the frame header when <paramref name="database"/> can seek (its length is then known).
    /// </summary>
    /// <param name="database">The SQLite database file's bytes.</param>
    /// <param name="output">Receives the v1 file; left open.</param>
    /// <exception cref="StorageException">FailedPrecondition: the database changed length while it was written.</exception>
    /// <exception cref="IOException">Reading or writing failed.</exception>
    public static void Compress(Stream database, Stream output)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Magic);
        try
        {
            using Compressor compressor = new(CompressionLevel);
            compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            using CompressionStream frame = new(output, compressor, BufferBytes);
            if (database.CanSeek)
            {
                // The pledged size puts Frame_Content_Size in the header, so a reader can check its limit before decoding.
                frame.SetPledgedSrcSize((ulong)(database.Length - database.Position));
            }

            // CopyTo never flushes: a flush would end the frame early and start a second one.
            database.CopyTo(frame, BufferBytes);
        }
        catch (ZstdException ex) when (ex.Code == ZSTD_ErrorCode.ZSTD_error_srcSize_wrong)
        {
            throw new StorageException(StorageErrorCode.FailedPrecondition, "the database changed length while it was written to a v1 file", ex);
        }
    }

    /// <summary>
    /// Writes the database file at <paramref name="databasePath"/> as a v1 file at <paramref name="c1zPath"/>,
    /// atomically: the bytes go to <c>c1zPath + ".tmp"</c>, are flushed to disk, and the temporary file is renamed over
    /// <paramref name="c1zPath"/>. On failure the old <paramref name="c1zPath"/> is intact and the temporary file is gone.
    /// </summary>
    /// <param name="databasePath">The SQLite database file.</param>
    /// <param name="c1zPath">The <c>.c1z</c> file to create or replace.</param>
    /// <exception cref="StorageException">As <see cref="Compress"/>.</exception>
    /// <exception cref="IOException">Reading, writing or renaming failed.</exception>
    public static void WriteFile(string databasePath, string c1zPath)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        ArgumentNullException.ThrowIfNull(c1zPath);
        string temporary = c1zPath + ".tmp";
        try
        {
            using (FileStream database = new(databasePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan))
            using (FileStream output = new(temporary, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes))
            {
                Compress(database, output);
                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, c1zPath, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>Removes a partial file after a failure, never hiding that failure behind one of its own.</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original failure is the one to report; a leftover partial file is harmless and overwritten next time.
        }
    }

    private static void ReadMagic(Stream c1z, string fileName)
    {
        Span<byte> magic = stackalloc byte[Magic.Length];
        int read = c1z.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (read == magic.Length && HasMagic(magic))
        {
            return;
        }

        if (read > 0 && read < magic.Length && Magic.StartsWith(magic[..read]))
        {
            throw new V1FileException(V1FileProblem.Truncated, fileName, $"the file ends after {read} bytes, inside the magic");
        }

        string found = read == 0 ? "the file is empty" : $"it starts with {Convert.ToHexString(magic[..read])}";
        throw new V1FileException(V1FileProblem.NotC1z, fileName, $"not a v1 c1z file: expected the magic 43315A4600 (\"C1ZF\\0\"), {found}");
    }

    /// <summary>Fails before the decoder allocates anything when the frame asks for more than the limits allow.</summary>
    private static void CheckLimits(ZstdFrameHeader header, V1DecoderLimits limits, string fileName)
    {
        if (limits.FailFastOnContentSize && header.ContentSize is ulong declared && declared > (ulong)limits.MaxDecodedBytes)
        {
            throw new V1FileException(V1FileProblem.TooLarge, fileName,
                $"the zstd frame declares {declared} decoded bytes, over the limit of {limits.MaxDecodedBytes} ({V1DecoderLimits.MaxDecodedSizeVariable})");
        }

        if (header.WindowBytes > limits.MaxWindowBytes)
        {
            throw new V1FileException(V1FileProblem.WindowTooLarge, fileName,
                $"the zstd frame needs a {header.WindowBytes}-byte window, over the limit of {limits.MaxWindowBytes} ({V1DecoderLimits.MaxMemoryVariable})");
        }
    }

    private static long DecodeFrame(ZstdFrameStream frame, Stream output, V1DecoderLimits limits, string fileName, out ulong hash)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        XxHash64 checksum = new();
        long written = 0;
        try
        {
            using Decompressor decompressor = new();
            // The exact window check is CheckLimits'; this bound keeps the decoder itself from allocating past it.
            decompressor.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLog(limits.MaxWindowBytes));
            using DecompressionStream decoded = new(frame, decompressor, BufferBytes, checkEndOfStream: true, preserveDecompressor: true, leaveOpen: true);
            int read;
            while ((read = decoded.Read(buffer, 0, BufferBytes)) > 0)
            {
                if (read > limits.MaxDecodedBytes - written)
                {
                    throw new V1FileException(V1FileProblem.TooLarge, fileName,
                        $"the zstd frame decodes to more than the limit of {limits.MaxDecodedBytes} bytes ({V1DecoderLimits.MaxDecodedSizeVariable})");
                }

                checksum.Append(buffer.AsSpan(0, read));
                output.Write(buffer, 0, read);
                written += read;
            }
        }
        catch (ZstdException ex)
        {
            throw ex.Code switch
            {
                ZSTD_ErrorCode.ZSTD_error_checksum_wrong =>
                    new V1FileException(V1FileProblem.ChecksumMismatch, fileName, "the content checksum does not match the decoded bytes", ex),
                ZSTD_ErrorCode.ZSTD_error_frameParameter_windowTooLarge =>
                    new V1FileException(V1FileProblem.WindowTooLarge, fileName, $"the zstd frame needs a window over the limit of {limits.MaxWindowBytes} bytes", ex),
                _ => new V1FileException(V1FileProblem.CorruptFrame, fileName, $"the zstd frame does not decode after {written} bytes ({ex.Message})", ex),
            };
        }
        catch (EndOfStreamException ex)
        {
            throw new V1FileException(V1FileProblem.CorruptFrame, fileName, $"the zstd decoder expects more of the frame after its last block (offset {frame.Offset})", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        hash = checksum.GetCurrentHashAsUInt64();
        return written;
    }

    /// <summary>The smallest window exponent whose window holds <paramref name="maxWindowBytes"/>, within the decoder's range.</summary>
    private static int WindowLog(long maxWindowBytes)
    {
        int log = 64 - BitOperations.LeadingZeroCount((ulong)maxWindowBytes - 1);
        return Math.Clamp(log, MinWindowLog, MaxWindowLog);
    }
}
