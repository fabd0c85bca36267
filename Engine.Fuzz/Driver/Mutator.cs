using System.Buffers.Binary;

namespace Engine.Fuzz.Driver;

/// <summary>
/// Makes new inputs from a corpus by stacking a few random edits on a copy of one entry: bit flips, byte overwrites,
/// inserts, deletes, splices with another entry, interesting integers written as little- or big-endian fields or as
/// varints, truncations, and small nudges to what may be length fields.
/// </summary>
/// <remarks>
/// Deterministic for one seed and one corpus. There is no coverage feedback: the edits are chosen to reach past the
/// first check of a format (lengths near their limits, counts off by one, varints that overflow). One owner; not
/// thread-safe.
/// </remarks>
internal sealed class Mutator
{
    private const int EditKinds = 11;

    private static readonly ulong[] s_interesting =
    [
        0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 0x7F, 0x80, 0xFE, 0xFF, 0x100, 0x3FFF, 0x4000, 0x7FFF, 0x8000,
        0xFFFE, 0xFFFF, 0x1_0000, 0x1_0001, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF, 0x1_0000_0000,
        1 << 20, 1 << 24, 1 << 30, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, ulong.MaxValue - 1, ulong.MaxValue,
    ];

    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _corpus;
    private readonly int _maxLength;
    private readonly List<byte> _buffer = [];

    public Mutator(int seed, IReadOnlyList<byte[]> corpus, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        _random = new Random(seed);
        _corpus = corpus.Count > 0 ? corpus : [[]];
        _maxLength = maxLength;
    }

    /// <summary>A new input: one corpus entry with 1, 2, 4 or 8 edits.</summary>
    public byte[] Next()
    {
        _buffer.Clear();
        _buffer.AddRange(Pick());
        int edits = 1 << _random.Next(4);
        for (int i = 0; i < edits; i++)
        {
            Edit(_random.Next(EditKinds));
        }

        if (_buffer.Count > _maxLength)
        {
            _buffer.RemoveRange(_maxLength, _buffer.Count - _maxLength);
        }

        return [.. _buffer];
    }

    private byte[] Pick() => _corpus[_random.Next(_corpus.Count)];

    private void Edit(int kind)
    {
        int count = _buffer.Count;
        if (count == 0 && kind is not (2 or 4))
        {
            kind = 2;
        }

        switch (kind)
        {
            case 0:
                _buffer[Position()] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                _buffer[Position()] = (byte)_random.Next(256);
                break;
            case 2:
                InsertBytes();
                break;
            case 3:
                int start = Position();
                _buffer.RemoveRange(start, 1 + _random.Next(Math.Min(count - start, 1 + (1 << _random.Next(10)))));
                break;
            case 4:
                Splice();
                break;
            case 5:
                WriteFixed(s_interesting[_random.Next(s_interesting.Length)]);
                break;
            case 6:
                WriteVarint(s_interesting[_random.Next(s_interesting.Length)]);
                break;
            case 7:
                int keep = _random.Next(count);
                _buffer.RemoveRange(keep, count - keep);
                break;
            case 8:
                Nudge();
                break;
            case 9:
                CopyWithin();
                break;
            default:
                // Lengths and counts sit near the start of most records: aim a fixed-width edit at the first bytes.
                WriteFixedAt(_random.Next(Math.Min(count, 16)), s_interesting[_random.Next(s_interesting.Length)]);
                break;
        }
    }

    private int Position() => _random.Next(_buffer.Count);

    private void InsertBytes()
    {
        int at = _random.Next(_buffer.Count + 1);
        int length = 1 + _random.Next(16);
        bool repeat = _random.Next(2) == 0;
        byte fill = (byte)_random.Next(256);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = repeat ? fill : (byte)_random.Next(256);
        }

        _buffer.InsertRange(at, bytes);
    }

    /// <summary>Either joins this input's head to another entry's tail, or inserts a piece of another entry.</summary>
    private void Splice()
    {
        byte[] other = Pick();
        if (other.Length == 0)
        {
            return;
        }

        int from = _random.Next(other.Length);
        if (_random.Next(2) == 0)
        {
            int cut = _random.Next(_buffer.Count + 1);
            _buffer.RemoveRange(cut, _buffer.Count - cut);
            _buffer.AddRange(other.AsSpan(from).ToArray());
        }
        else
        {
            int length = 1 + _random.Next(Math.Min(other.Length - from, 256));
            _buffer.InsertRange(_random.Next(_buffer.Count + 1), other.AsSpan(from, length).ToArray());
        }
    }

    private void WriteFixed(ulong value) => WriteFixedAt(Position(), value);

    private void WriteFixedAt(int at, ulong value)
    {
        int width = 1 << _random.Next(4);
        if (at + width > _buffer.Count)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        if (_random.Next(4) == 0)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
            bytes = bytes[(sizeof(ulong) - width)..];
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            bytes = bytes[..width];
        }

        for (int i = 0; i < width; i++)
        {
            _buffer[at + i] = bytes[i];
        }
    }

    /// <summary>Replaces the varint starting at a random position (however long it runs) with the encoding of <paramref name="value"/>.</summary>
    private void WriteVarint(ulong value)
    {
        int at = Position();
        int end = at;
        while (end < _buffer.Count && end - at < 10 && (_buffer[end] & 0x80) != 0)
        {
            end++;
        }

        end = Math.Min(end + 1, _buffer.Count);
        List<byte> encoded = [];
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            encoded.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);

        // Sometimes an unterminated varint: every byte keeps its continuation bit.
        if (_random.Next(8) == 0)
        {
            encoded[^1] |= 0x80;
        }

        _buffer.RemoveRange(at, end - at);
        _buffer.InsertRange(at, encoded);
    }

    /// <summary>Adds a small signed delta to a byte or a little-endian 16- or 32-bit field: a length or count off by a little.</summary>
    private void Nudge()
    {
        int delta = _random.Next(1, 17) * (_random.Next(2) == 0 ? 1 : -1);
        int width = 1 << _random.Next(3);
        int at = Position();
        if (at + width > _buffer.Count)
        {
            _buffer[at] = (byte)(_buffer[at] + delta);
            return;
        }

        ulong value = 0;
        for (int i = width - 1; i >= 0; i--)
        {
            value = (value << 8) | _buffer[at + i];
        }

        value = (ulong)((long)value + delta);
        for (int i = 0; i < width; i++)
        {
            _buffer[at + i] = (byte)(value >> (8 * i));
        }
    }

    private void CopyWithin()
    {
        int from = Position();
        int length = 1 + _random.Next(Math.Min(_buffer.Count - from, 64));
        byte[] piece = _buffer.GetRange(from, length).ToArray();
        _buffer.InsertRange(_random.Next(_buffer.Count + 1), piece);
    }
}
