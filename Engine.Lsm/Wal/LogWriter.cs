using System;
using System.Buffers;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Storage;

namespace Engine.Lsm.Wal;

// Log record format, version 1 (docs/format/wal.md). Shared by the WAL and the manifest.
//
// The file is a sequence of 32 KiB blocks. A record is split into chunks that never cross a block boundary;
// when fewer than 15 bytes (one header) remain in a block they are zero-filled and the next chunk starts at
// the next block, so every block start is a chunk start.
//
// chunk:
// +----------+----------+--------+----------------------+------------------+
// | crc32c   | length   | type   | sync offset          | payload          |
// | 4 bytes  | 2 bytes  | 1 byte | 8 bytes              | `length` bytes   |
// | masked,LE| uint16 LE|        | uint64 LE            |                  |
// +----------+----------+--------+----------------------+------------------+
//   header: 15 bytes
//
// - type: 1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST. 0 is never written: a zero header is unwritten space.
// - crc32c: CRC-32C over type, sync offset and payload, masked as LevelDB masks stored checksums.
// - sync offset: the file offset up to which this writer had completed an fsync when it wrote the chunk.
//
// Torn tail or corruption: at an unusable chunk the reader takes V, the largest sync offset of the valid chunks
// after it. Bytes before V were synced before a later chunk was written, so damage there is corruption; damage
// at or after V is a torn tail left by a crash and is dropped. A clean close appends an empty FULL record after
// its final sync, which vouches for every data chunk; the manifest does the same after every edit. The version is the file's: a new layout gets a new file
// name suffix or a version record, never a silent change.

/// <summary>
/// Appends records to a log file in the chunked format above, through a user-space buffer so that a record
/// written with Buffered durability costs no system call.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="AddRecord"/> only encodes into the buffer (handing it to the file when it fills); <see cref="Flush"/>
/// hands buffered bytes to the operating system; <see cref="Sync"/> also fsyncs and records the synced offset, which
/// later chunks carry. The first failure of the file leaves the writer failed: every later call throws
/// <see cref="StorageErrorCode.FailedPrecondition"/>, so nothing is acknowledged after a write or sync that may
/// not have happened. The one exception is an append that ran out of space (<see cref="StorageFullException"/>):
/// <see cref="TryRollback"/> cuts the log back to a record boundary before the failed records, so the log holds no
/// partial record ahead of later ones, and the writer goes on.
/// </para>
/// <para>One owner; not thread-safe (the commit pipeline serialises calls).</para>
/// </remarks>
internal sealed class LogWriter : IDisposable
{
    /// <summary>64 KiB: two blocks, so a steady stream of small records reaches the file in large appends.</summary>
    public const int DefaultBufferSizeBytes = 64 * 1024;

    private readonly IWritableFile _file;
    private byte[] _buffer;
    private int _buffered;
    private long _flushedLength;
    private int _blockOffset;
    private long _syncedOffset;
    private string? _failure;

    // True when _failure is an append that ran out of space: nothing past the flushed length is acknowledged, so
    // TryRollback may cut the file back and go on. A failed sync is never recoverable.
    private bool _failedForSpace;
    private bool _closed;

    /// <summary>
    /// Starts writing at the end of <paramref name="file"/> (an empty file, or one whose torn tail was truncated
    /// away). Bytes already in the file count as unsynced until the first <see cref="Sync"/>. Takes ownership of the file.
    /// </summary>
    public LogWriter(IWritableFile file, int bufferSizeBytes = DefaultBufferSizeBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSizeBytes, LogFormat.HeaderSize);
        _file = file;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSizeBytes);
        _flushedLength = file.Length;
        _blockOffset = (int)(file.Length % LogFormat.BlockSize);
    }

    /// <summary>The path of the file.</summary>
    public string Path => _file.Path;

    /// <summary>The logical length of the log in bytes, including bytes still in the buffer.</summary>
    public long Length => _flushedLength + _buffered;

    /// <summary>The offset up to which the file is known to be durable: the length at the last completed <see cref="Sync"/>.</summary>
    public long SyncedOffset => _syncedOffset;

    /// <summary>The offset up to which bytes have been handed to the file (and survive a process crash).</summary>
    public long FlushedOffset => _flushedLength;

    /// <summary>True after a failure of the file: the writer accepts nothing more.</summary>
    public bool IsFailed => _failure is not null;

    /// <summary>
    /// Encodes one record into the buffer, splitting it into chunks. Bytes reach the file when the buffer fills,
    /// or at the next <see cref="Flush"/> or <see cref="Sync"/>.
    /// </summary>
    /// <returns>The offset of the record's first chunk (after any block padding).</returns>
    /// <exception cref="StorageException">The file failed now or earlier, or the writer is closed.</exception>
    public long AddRecord(ReadOnlySpan<byte> payload)
    {
        EnsureUsable();
        long recordOffset = -1;
        bool first = true;
        while (true)
        {
            int leftover = LogFormat.BlockSize - _blockOffset;
            if (leftover < LogFormat.HeaderSize)
            {
                WriteZeros(leftover);
                _blockOffset = 0;
            }

            if (first)
            {
                recordOffset = Length;
            }

            int available = LogFormat.BlockSize - _blockOffset - LogFormat.HeaderSize;
            int fragment = Math.Min(payload.Length, available);
            bool last = fragment == payload.Length;
            ChunkType type = first
                ? (last ? ChunkType.Full : ChunkType.First)
                : (last ? ChunkType.Last : ChunkType.Middle);
            EmitChunk(type, payload[..fragment]);
            payload = payload[fragment..];
            first = false;
            if (last)
            {
                return recordOffset;
            }
        }
    }

    /// <summary>Hands buffered bytes to the file (one append), so that they survive a process crash.</summary>
    /// <exception cref="StorageException">The file failed now or earlier, or the writer is closed.</exception>
    public void Flush()
    {
        EnsureUsable();
        FlushBuffer();
        try
        {
            // A layered file (encryption) may hold a partial page until told; the promise here is the process-crash one.
            _file.Flush();
        }
        catch (Exception ex)
        {
            _failure = $"flush of '{_file.Path}' failed: {ex.Message}";
            throw;
        }
    }

    /// <summary>
    /// Flushes, fsyncs, and records <see cref="Length"/> as the synced offset that later chunks carry.
    /// </summary>
    /// <exception cref="StorageException">The file failed now or earlier, or the writer is closed.</exception>
    public void Sync()
    {
        EnsureUsable();
        FlushBuffer();
        try
        {
            _file.Sync();
        }
        catch (Exception ex)
        {
            _failure = $"sync of '{_file.Path}' failed: {ex.Message}";
            _failedForSpace = false;
            throw;
        }

        _syncedOffset = _flushedLength;
    }

    /// <summary>
    /// Syncs, then appends an empty FULL record and syncs again: the empty record's sync offset vouches for every
    /// chunk written before it, so a flipped bit in any of them reads as corruption instead of a torn tail. Costs a
    /// second fsync; worth it where losing the last record silently would lose more than that record (a manifest edit
    /// after which files are deleted). When only the vouching record finds no space, it is cut away again (the cut
    /// synced) and the log stays unvouched until the next vouch: every data chunk is synced, so what is lost is only
    /// the protection against a flipped bit in the last record, never a record.
    /// </summary>
    /// <exception cref="StorageException">The file failed now or earlier, or the writer is closed.</exception>
    public void SyncAndVouch()
    {
        Sync();
        Vouch();
    }

    /// <summary>
    /// Closes cleanly: <see cref="SyncAndVouch"/>, so every data chunk is vouched for, then releases the file. The file
    /// is released even when this throws.
    /// </summary>
    /// <exception cref="StorageException">The file failed now or earlier, or the writer is closed.</exception>
    public void Close()
    {
        try
        {
            SyncAndVouch();
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>
    /// After an append failed for lack of space, cuts the log back to <paramref name="length"/>, a record boundary at or
    /// after the last completed <see cref="Sync"/> (the <see cref="Length"/> read before the failed records were added),
    /// and makes the writer usable again: bytes before <paramref name="length"/> still in the buffer stay there, any
    /// partial append past the flushed length is truncated away. False, with the writer still failed, when the failure
    /// was anything else (a sync, an I/O error) or the truncation fails too.
    /// </summary>
    public bool TryRollback(long length)
    {
        if (!_failedForSpace || _closed || length < _syncedOffset || length > Length)
        {
            return false;
        }

        try
        {
            if (length >= _flushedLength)
            {
                // The failed records are all in the buffer; a short append may have left part of the buffer in the file.
                _file.Truncate(_flushedLength);
                _buffered = (int)(length - _flushedLength);
            }
            else
            {
                // Part of the failed records reached the file when the buffer filled; they go with the rest.
                _file.Truncate(length);
                _flushedLength = length;
                _buffered = 0;
            }
        }
        catch (StorageException)
        {
            return false;
        }

        _blockOffset = (int)(length % LogFormat.BlockSize);
        _failure = null;
        _failedForSpace = false;
        return true;
    }

    /// <summary>
    /// Releases the file and the buffer without writing anything more (for a failed writer, or to abandon a log);
    /// buffered bytes are lost. Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        byte[] buffer = _buffer;
        _buffer = Array.Empty<byte>();
        _buffered = 0;
        ArrayPool<byte>.Shared.Return(buffer);
        _file.Dispose();
    }

    /// <summary>Appends the empty vouching record and syncs it; without space for it, cuts it away and syncs the cut.</summary>
    private void Vouch()
    {
        long vouchAt = Length;
        try
        {
            AddRecord(ReadOnlySpan<byte>.Empty);
            Sync();
        }
        catch (StorageFullException) when (TryRollback(vouchAt))
        {
            // Durable before anything newer exists (a newer WAL, the next manifest record): a crash that kept the newer
            // and lost the cut would leave this log ending in the torn vouching record, which reads as corruption.
            Sync();
        }
    }

    private void EmitChunk(ChunkType type, ReadOnlySpan<byte> payload)
    {
        int chunkLength = LogFormat.HeaderSize + payload.Length;
        if (_buffer.Length - _buffered < LogFormat.HeaderSize)
        {
            FlushBuffer();
        }

        LogFormat.WriteHeader(_buffer.AsSpan(_buffered, LogFormat.HeaderSize), type, _syncedOffset, payload);
        _buffered += LogFormat.HeaderSize;
        while (true)
        {
            int n = Math.Min(payload.Length, _buffer.Length - _buffered);
            payload[..n].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += n;
            payload = payload[n..];
            if (payload.IsEmpty)
            {
                break;
            }

            FlushBuffer();
        }

        _blockOffset += chunkLength;
    }

    private void WriteZeros(int count)
    {
        if (_buffer.Length - _buffered < count)
        {
            FlushBuffer();
        }

        _buffer.AsSpan(_buffered, count).Clear();
        _buffered += count;
    }

    private void FlushBuffer()
    {
        if (_buffered == 0)
        {
            return;
        }

        try
        {
            _file.Append(_buffer.AsSpan(0, _buffered));
        }
        catch (Exception ex)
        {
            _failure = $"append to '{_file.Path}' failed: {ex.Message}";
            _failedForSpace = ex is StorageFullException;
            throw;
        }

        _flushedLength += _buffered;
        _buffered = 0;
    }

    private void EnsureUsable()
    {
        if (_failure is not null)
        {
            ThrowHelper.ThrowFailedPrecondition($"The log writer failed earlier: {_failure}");
        }

        if (_closed)
        {
            ThrowHelper.ThrowFailedPrecondition($"The log writer of '{_file.Path}' is closed.");
        }
    }
}
