using System;

namespace Engine.Lsm.Wal;

/// <summary>Finds V, the largest sync offset that valid chunks after a damaged one carry (wal.md, rule 1).</summary>
internal sealed partial class LogReader
{
    // For each block k, the largest sync offset of the valid chunks reachable by walking blocks k, k+1, ... from
    // their starts; built on the first damage found, so a clean log never pays for it. Block starts are trusted
    // because the writer always starts a chunk there, so the walk never mistakes payload bytes for a header.
    private long[]? _vouchedFromBlock;

    private long VouchedOffsetAfter(int badOffset)
    {
        ReadOnlySpan<byte> log = _log.Span;
        int blockEnd = NextBlockStart(badOffset);

        // The rest of the damaged chunk's own block has no trusted chunk start once a length may be wrong, so every
        // byte offset is tried, hopping over the chunks found valid. This is what finds the empty record of a clean
        // close when the damage is in the last block. Damaged bytes pass as a chunk only if they match a checksum.
        long vouched = 0;
        int position = badOffset;
        while (blockEnd - position >= LogFormat.HeaderSize)
        {
            if (LogFormat.CheckChunk(log, position, out _, out int length, out long syncOffset) is null)
            {
                vouched = Math.Max(vouched, syncOffset);
                position += LogFormat.HeaderSize + length;
            }
            else
            {
                position++;
            }
        }

        long[] fromBlock = _vouchedFromBlock ??= BuildVouchedFromBlock(log);
        int nextBlock = (badOffset / LogFormat.BlockSize) + 1;
        return nextBlock < fromBlock.Length ? Math.Max(vouched, fromBlock[nextBlock]) : vouched;
    }

    private static long[] BuildVouchedFromBlock(ReadOnlySpan<byte> log)
    {
        int blocks = (int)(((long)log.Length + LogFormat.BlockSize - 1) / LogFormat.BlockSize);
        long[] fromBlock = new long[blocks + 1];
        for (int block = blocks - 1; block >= 0; block--)
        {
            int position = block * LogFormat.BlockSize;
            int end = (int)Math.Min((long)position + LogFormat.BlockSize, log.Length);
            long vouched = fromBlock[block + 1];
            while (end - position >= LogFormat.HeaderSize
                && LogFormat.CheckChunk(log, position, out _, out int length, out long syncOffset) is null)
            {
                vouched = Math.Max(vouched, syncOffset);
                position += LogFormat.HeaderSize + length;
            }

            fromBlock[block] = vouched;
        }

        return fromBlock;
    }
}
