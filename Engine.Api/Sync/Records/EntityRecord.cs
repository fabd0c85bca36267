using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Engine.Core.Encoding;
using Google.Protobuf;

namespace Engine.Api.Sync.Records;

/// <summary>
/// The value stored under an entity's primary key (docs/format/keyspace.md, "Entity values"): the reference's
/// protobuf blob with the side state the SQLite reference keeps beside it in its row: <c>discovered_at</c>, the side
/// columns the indexes derive from, and for grants the expansion state. Read in place by <see cref="EntityRecord"/>;
/// written by the Write methods.
/// </summary>
/// <remarks>
/// <code>
/// +---------+-------+---------------------+-------+------------------------+----------------------+------+
/// | version | flags | discovered_at       | count | count × column         | expansion (flag bit) | blob |
/// | 1 byte  | 1     | 8, int64 BE, ns     | 1     | uvarint len ‖ UTF-8    | uvarint len ‖ bytes  | rest |
/// +---------+-------+---------------------+-------+------------------------+----------------------+------+
/// flags: bit 0 needs_expansion, bit 1 expansion present (SQLite: not NULL), bit 2 parent present (resources)
/// discovered_at: nanoseconds since the Unix epoch, UTC
/// </code>
/// A hand-laid binary envelope rather than MessagePack: it is read on every listed row and written on every put, and
/// this layout is parsed in place with no allocation. Readers reject any other version, a short header or a length
/// that runs past the value.
/// </remarks>
internal readonly ref struct EntityRecord
{
    /// <summary>The envelope's version.</summary>
    public const byte Version = 1;

    /// <summary>The most side columns a record has (a grant's five).</summary>
    public const int MaxColumns = 5;

    private const int HeaderLength = 1 + 1 + sizeof(long) + 1;

    private readonly ReadOnlySpan<byte> _value;
    private readonly int _columnsStart;
    private readonly int _expansionStart;
    private readonly int _blobStart;

    private EntityRecord(ReadOnlySpan<byte> value, int columnCount, int columnsStart, int expansionStart, int blobStart)
    {
        _value = value;
        ColumnCount = columnCount;
        _columnsStart = columnsStart;
        _expansionStart = expansionStart;
        _blobStart = blobStart;
    }

    public RecordFlags Flags => (RecordFlags)_value[1];

    public long DiscoveredAtUnixNanos => BinaryPrimitives.ReadInt64BigEndian(_value[2..]);

    public int ColumnCount { get; }

    /// <summary>The expansion bytes when present (<see cref="RecordFlags.HasExpansion"/>), else empty.</summary>
    public ReadOnlySpan<byte> Expansion
    {
        get
        {
            if ((Flags & RecordFlags.HasExpansion) == 0)
            {
                return default;
            }

            Varint.TryRead(_value[_expansionStart..], out uint length, out int n);
            return _value.Slice(_expansionStart + n, (int)length);
        }
    }

    /// <summary>The reference's protobuf blob.</summary>
    public ReadOnlySpan<byte> Blob => _value[_blobStart..];

    /// <summary>Parses <paramref name="value"/>; false when it is not a well-formed envelope of this version.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out EntityRecord record)
    {
        record = default;
        if (value.Length < HeaderLength || value[0] != Version)
        {
            return false;
        }

        int count = value[HeaderLength - 1];
        if (count > MaxColumns)
        {
            return false;
        }

        int offset = HeaderLength;
        for (int i = 0; i < count; i++)
        {
            if (!Varint.TryRead(value[offset..], out uint length, out int n) || length > (uint)(value.Length - offset - n))
            {
                return false;
            }

            offset += n + (int)length;
        }

        int expansionStart = offset;
        if (((RecordFlags)value[1] & RecordFlags.HasExpansion) != 0)
        {
            if (!Varint.TryRead(value[offset..], out uint length, out int n) || length > (uint)(value.Length - offset - n))
            {
                return false;
            }

            offset += n + (int)length;
        }

        record = new EntityRecord(value, count, HeaderLength, expansionStart, offset);
        return true;
    }

    /// <summary>The UTF-8 bytes of side column <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> ColumnUtf8(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)ColumnCount, nameof(index));
        int offset = _columnsStart;
        for (int i = 0; ; i++)
        {
            Varint.TryRead(_value[offset..], out uint length, out int n);
            if (i == index)
            {
                return _value.Slice(offset + n, (int)length);
            }

            offset += n + (int)length;
        }
    }

    /// <summary>Side column <paramref name="index"/> as a string.</summary>
    public string Column(int index) => Encoding.UTF8.GetString(ColumnUtf8(index));

    /// <summary>Writes a record's envelope and blob to <paramref name="output"/>.</summary>
    /// <param name="output">Receives the value.</param>
    /// <param name="flags">Needs-expansion, expansion-present and parent-present bits.</param>
    /// <param name="discoveredAtUnixNanos">When the record was first seen in its sync.</param>
    /// <param name="columns">The side columns, at most <see cref="MaxColumns"/>.</param>
    /// <param name="expansion">The expansion bytes; written only when <paramref name="flags"/> has <see cref="RecordFlags.HasExpansion"/>.</param>
    /// <param name="blob">The protobuf blob.</param>
    public static void Write(IBufferWriter<byte> output, RecordFlags flags, long discoveredAtUnixNanos, ReadOnlySpan<string> columns, ReadOnlySpan<byte> expansion, ReadOnlySpan<byte> blob)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns.Length, MaxColumns, nameof(columns));
        Span<byte> header = output.GetSpan(HeaderLength);
        header[0] = Version;
        header[1] = (byte)flags;
        BinaryPrimitives.WriteInt64BigEndian(header[2..], discoveredAtUnixNanos);
        header[HeaderLength - 1] = (byte)columns.Length;
        output.Advance(HeaderLength);
        foreach (string column in columns)
        {
            int length = Encoding.UTF8.GetByteCount(column);
            Span<byte> span = output.GetSpan(Varint.MaxLength32 + length);
            int n = Varint.Write(span, (uint)length);
            Encoding.UTF8.GetBytes(column, span[n..]);
            output.Advance(n + length);
        }

        if ((flags & RecordFlags.HasExpansion) != 0)
        {
            Span<byte> span = output.GetSpan(Varint.MaxLength32 + expansion.Length);
            int n = Varint.Write(span, (uint)expansion.Length);
            expansion.CopyTo(span[n..]);
            output.Advance(n + expansion.Length);
        }

        output.Write(blob);
    }

    /// <summary>Writes a record's envelope with <paramref name="message"/>'s encoding as the blob, without an intermediate copy.</summary>
    public static void Write(IBufferWriter<byte> output, RecordFlags flags, long discoveredAtUnixNanos, ReadOnlySpan<string> columns, ReadOnlySpan<byte> expansion, IMessage message)
    {
        Write(output, flags, discoveredAtUnixNanos, columns, expansion, []);
        message.WriteTo(output);
    }
}
