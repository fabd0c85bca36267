using System.Buffers.Binary;
using Engine.Lsm.Wal;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// The chunks of a well-formed log (WAL or manifest, docs/format/wal.md) as the writer laid them out, and what vouches
/// for them: each chunk's sync offset, the largest of which bounds the bytes a damaged chunk is reported in.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed class LogLayout
{
    private LogLayout(List<Chunk> chunks, List<(long Start, long End)> padding)
    {
        Chunks = chunks;
        Padding = padding;
        VouchedLimit = chunks.Count == 0 ? 0 : chunks.Max(c => c.SyncOffset);
    }

    /// <summary>The chunks in file order.</summary>
    public IReadOnlyList<Chunk> Chunks { get; }

    /// <summary>The zero fill at block ends, where fewer than a header's bytes were left; no chunk covers it.</summary>
    public IReadOnlyList<(long Start, long End)> Padding { get; }

    /// <summary>The largest sync offset any chunk carries: a damaged chunk that starts below it is reported as corruption.</summary>
    public long VouchedLimit { get; }

    /// <summary>Walks the chunk headers of <paramref name="log"/>, which must be undamaged.</summary>
    public static LogLayout Parse(byte[] log)
    {
        List<Chunk> chunks = [];
        List<(long Start, long End)> padding = [];
        int position = 0;
        while (position < log.Length)
        {
            int left = LogFormat.BlockSize - (position % LogFormat.BlockSize);
            if (left < LogFormat.HeaderSize)
            {
                padding.Add((position, position + left));
                position += left;
                continue;
            }

            ReadOnlySpan<byte> header = log.AsSpan(position, LogFormat.HeaderSize);
            int end = position + LogFormat.HeaderSize + LogFormat.ReadLength(header);
            chunks.Add(new Chunk(chunks.Count, position, end, (ChunkType)header[6], BinaryPrimitives.ReadInt64LittleEndian(header[7..])));
            position = end;
        }

        return new LogLayout(chunks, padding);
    }

    /// <summary>The chunk that holds byte <paramref name="offset"/>, or null in padding.</summary>
    public Chunk? ChunkAt(long offset)
    {
        int lo = 0;
        int hi = Chunks.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (offset < Chunks[mid].Start)
            {
                hi = mid - 1;
            }
            else if (offset >= Chunks[mid].End)
            {
                lo = mid + 1;
            }
            else
            {
                return Chunks[mid];
            }
        }

        return null;
    }

    /// <summary>True when the last chunk is an empty FULL record: a close marker, or the vouch after a manifest edit.</summary>
    public bool EndsInEmptyRecord => Chunks.Count > 0 && Chunks[^1] is { Type: ChunkType.Full } last && last.End - last.Start == LogFormat.HeaderSize;

    /// <summary>The offset of the record (its FULL or FIRST chunk) that <paramref name="chunk"/> belongs to.</summary>
    public long RecordStart(Chunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        int i = chunk.Index;
        while (Chunks[i].Type is ChunkType.Middle or ChunkType.Last)
        {
            i--;
        }

        return Chunks[i].Start;
    }

    /// <summary>One chunk: its ordinal, its byte range (header included), its type and the sync offset it carries.</summary>
    internal sealed record Chunk(int Index, long Start, long End, ChunkType Type, long SyncOffset);
}
