using System;
using System.Buffers;
using System.Collections.Generic;
using Engine.Api;
using Engine.Core.Buffers;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Options;

namespace Engine.Lsm.Wal;

/// <summary>
/// Reads back the records of a log written by <see cref="LogWriter"/>, telling a torn tail (dropped and reported
/// through <see cref="TornTailOffset"/>) from corruption (a <see cref="CorruptionException"/>, or in
/// <see cref="WalRecoveryMode.SkipCorrupted"/> a skipped and counted record). The rules are docs/format/wal.md's.
/// </summary>
/// <remarks>
/// The whole log is held in memory: logs are read once, at recovery, and are bounded in size. A record that fits
/// one chunk is returned in place; a record spanning chunks is reassembled in a reused buffer. Either span is valid
/// until the next call. One owner; not thread-safe.
/// </remarks>
internal sealed partial class LogReader : IDisposable
{
    private readonly ReadOnlyMemory<byte> _log;
    private readonly WalRecoveryMode _mode;
    private byte[]? _ownedBuffer;
    private PooledBufferWriter? _scratch;
    private int _position;
    private bool _done;
    private bool _resyncing;
    private long? _tornTailOffset;
    private List<(long Offset, string Reason)>? _skippedAt;

    /// <summary>Reads the log whose whole content is <paramref name="log"/>; <paramref name="path"/> names it in errors.</summary>
    public LogReader(ReadOnlyMemory<byte> log, string path, WalRecoveryMode mode)
    {
        ArgumentNullException.ThrowIfNull(path);
        _log = log;
        Path = path;
        _mode = mode;
    }

    private LogReader(byte[] ownedBuffer, int length, string path, WalRecoveryMode mode)
        : this(ownedBuffer.AsMemory(0, length), path, mode)
    {
        _ownedBuffer = ownedBuffer;
    }

    /// <summary>The file named in corruption reports.</summary>
    public string Path { get; }

    /// <summary>The length of the log in bytes.</summary>
    public long FileLength => _log.Length;

    /// <summary>The offset just past the last record returned; 0 before the first.</summary>
    public long LastValidOffset { get; private set; }

    /// <summary>Where the torn tail starts (the dropped bytes run from here to the end), or null when there is none.</summary>
    public long? TornTailOffset => _tornTailOffset;

    /// <summary>The number of bytes dropped as a torn tail.</summary>
    public long DroppedBytes => _tornTailOffset is long torn ? _log.Length - torn : 0;

    /// <summary>
    /// How many times a damaged record was skipped (<see cref="WalRecoveryMode.SkipCorrupted"/> only). Records that
    /// shared a block with a chunk whose length cannot be trusted are lost with it and show only in <see cref="SkippedBytes"/>.
    /// </summary>
    public int SkippedRecords { get; private set; }

    /// <summary>
    /// Where each skipped record's damage was found and why (<see cref="WalRecoveryMode.SkipCorrupted"/> only), in the
    /// order found: what a salvage reports as lost.
    /// </summary>
    public IReadOnlyList<(long Offset, string Reason)> SkippedAt =>
        (IReadOnlyList<(long Offset, string Reason)>?)_skippedAt ?? [];

    /// <summary>How many bytes the skipped records and the chunks dropped while resynchronising covered.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>
    /// Reads the whole of <paramref name="file"/> into a pooled buffer, returned on <see cref="Dispose"/>. The caller
    /// keeps ownership of the file.
    /// </summary>
    public static LogReader Open(IReadableFile file, WalRecoveryMode mode)
    {
        ArgumentNullException.ThrowIfNull(file);
        long length = file.Length;
        if (length > Array.MaxLength)
        {
            ThrowHelper.ThrowResourceExhausted($"The log '{file.Path}' is too large to read ({length} bytes).");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)length);
        int read = 0;
        try
        {
            while (read < length)
            {
                int n = file.Read(read, buffer.AsSpan(read, (int)length - read));
                if (n == 0)
                {
                    break;
                }

                read += n;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new LogReader(buffer, read, file.Path, mode);
    }

    /// <summary>Reads the next record.</summary>
    /// <param name="record">The record's bytes, valid until the next call.</param>
    /// <param name="recordOffset">The offset of the record's first chunk.</param>
    /// <returns>False at the end of the log or at a torn tail (see <see cref="TornTailOffset"/>).</returns>
    /// <exception cref="CorruptionException">Damage in synced bytes, in <see cref="WalRecoveryMode.TolerateTornTail"/>.</exception>
    public bool TryReadRecord(out ReadOnlySpan<byte> record, out long recordOffset)
    {
        record = default;
        recordOffset = -1;
        ReadOnlySpan<byte> log = _log.Span;

        // Start of the record being reassembled from FIRST, MIDDLE... chunks; -1 when none is pending.
        int recordStart = -1;
        while (!_done)
        {
            if (LogFormat.BlockSize - (_position % LogFormat.BlockSize) < LogFormat.HeaderSize)
            {
                // Zero-filled block tail: the writer never starts a chunk there.
                _position = NextBlockStart(_position);
            }

            int position = _position;
            if (position >= log.Length)
            {
                if (recordStart < 0)
                {
                    _done = true;
                    return false;
                }

                if (!OnBadChunk(recordStart, recordStart, "record ends before its last chunk", log.Length))
                {
                    return false;
                }

                recordStart = -1;
                continue;
            }

            string? reason = LogFormat.CheckChunk(log, position, out ChunkType type, out int length, out _);
            if (reason is not null)
            {
                if (!OnBadChunk(position, recordStart >= 0 ? recordStart : position, reason, ResumePointAfter(log, position)))
                {
                    return false;
                }

                recordStart = -1;
                continue;
            }

            int chunkEnd = position + LogFormat.HeaderSize + length;
            ReadOnlySpan<byte> payload = log.Slice(position + LogFormat.HeaderSize, length);
            if (type is ChunkType.Full or ChunkType.First)
            {
                if (recordStart >= 0)
                {
                    // A new record begins while one is unfinished: the unfinished one is what is damaged.
                    if (!OnBadChunk(recordStart, recordStart, "record ends before its last chunk", position))
                    {
                        return false;
                    }

                    recordStart = -1;
                    continue;
                }

                _resyncing = false;
                _position = chunkEnd;
                if (type == ChunkType.Full)
                {
                    LastValidOffset = chunkEnd;
                    record = payload;
                    recordOffset = position;
                    return true;
                }

                recordStart = position;
                Scratch.Clear();
                Scratch.Write(payload);
                continue;
            }

            if (recordStart < 0)
            {
                if (_resyncing)
                {
                    // The rest of a record already skipped: drop it quietly.
                    SkippedBytes += chunkEnd - position;
                    _position = chunkEnd;
                    continue;
                }

                if (!OnBadChunk(position, position, "chunk continues a record that never started", chunkEnd))
                {
                    return false;
                }

                continue;
            }

            _position = chunkEnd;
            Scratch.Write(payload);
            if (type == ChunkType.Last)
            {
                LastValidOffset = chunkEnd;
                record = Scratch.WrittenSpan;
                recordOffset = recordStart;
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        _scratch?.Dispose();
        _scratch = null;
        byte[]? owned = _ownedBuffer;
        _ownedBuffer = null;
        if (owned is not null)
        {
            ArrayPool<byte>.Shared.Return(owned);
        }

        _done = true;
    }

    private PooledBufferWriter Scratch => _scratch ??= new PooledBufferWriter(LogFormat.BlockSize);

    /// <summary>
    /// Decides what an unusable chunk (or unfinished record) at <paramref name="badOffset"/> is, per wal.md.
    /// </summary>
    /// <param name="badOffset">Where the damage is.</param>
    /// <param name="lostFrom">Where the bytes lost with it start (the start of an unfinished record, or <paramref name="badOffset"/>).</param>
    /// <param name="reason">What check failed.</param>
    /// <param name="resumeAt">Where reading resumes when the record is skipped.</param>
    /// <returns>True to go on reading at <paramref name="resumeAt"/>; false at a torn tail, which ends the log.</returns>
    private bool OnBadChunk(int badOffset, int lostFrom, string reason, int resumeAt)
    {
        long vouched = VouchedOffsetAfter(badOffset);
        if (badOffset >= vouched)
        {
            _tornTailOffset = lostFrom;
            _done = true;
            return false;
        }

        if (_mode != WalRecoveryMode.SkipCorrupted)
        {
            // The log cannot be trusted past this point; a caller that goes on reading gets nothing more.
            _done = true;
            ThrowHelper.ThrowCorruption(Path, badOffset, $"{reason}; a later chunk says bytes up to {vouched} were synced");
        }

        SkippedRecords++;
        (_skippedAt ??= []).Add((badOffset, reason));
        SkippedBytes += resumeAt - lostFrom;
        _position = resumeAt;
        _resyncing = true;
        return true;
    }

    /// <summary>
    /// Where to go on after skipping the bad chunk at <paramref name="position"/>: the chunk its declared length
    /// points to when that chunk is valid (a flipped payload bit leaves the length intact, so the rest of the block
    /// is kept), otherwise the next block start, which is always a chunk start.
    /// </summary>
    private int ResumePointAfter(ReadOnlySpan<byte> log, int position)
    {
        int nextBlock = NextBlockStart(position);
        if (log.Length - position >= LogFormat.HeaderSize)
        {
            int landing = position + LogFormat.HeaderSize + LogFormat.ReadLength(log[position..]);
            if (nextBlock - landing >= LogFormat.HeaderSize && LogFormat.CheckChunk(log, landing, out _, out _, out _) is null)
            {
                return landing;
            }
        }

        return nextBlock;
    }

    private int NextBlockStart(int position) =>
        (int)Math.Min(((long)(position / LogFormat.BlockSize) + 1) * LogFormat.BlockSize, _log.Length);
}
