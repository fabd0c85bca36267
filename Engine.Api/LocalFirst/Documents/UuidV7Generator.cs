using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Threading;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// Time-ordered document ids: UUIDv7 (RFC 9562) in the canonical lowercase 8-4-4-4-12 form, whose string order is
/// their time order. Thread-safe.
/// </summary>
/// <remarks>
/// The 48-bit Unix-millisecond timestamp comes from the store's clock; the 12 bits after the version are a counter
/// (RFC 9562 method 1) that makes ids taken within one millisecond, or while the clock stands still or steps back,
/// strictly increasing: the generator never issues a timestamp below the last one, and when the counter runs out it
/// moves on to the next millisecond. The last 62 bits are random.
/// </remarks>
internal sealed class UuidV7Generator(TimeProvider clock)
{
    private const int CounterMax = 0xFFF;

    private readonly Lock _lock = new();

    // Guarded by _lock: the timestamp and counter of the last id issued.
    private long _lastMillis = -1;
    private int _counter;

    /// <summary>A new id, greater than every id this generator issued before.</summary>
    public string Next()
    {
        long millis = clock.GetUtcNow().ToUnixTimeMilliseconds();
        int counter;
        lock (_lock)
        {
            if (millis > _lastMillis)
            {
                _lastMillis = millis;
                _counter = 0;
            }
            else if (_counter < CounterMax)
            {
                _counter++;
            }
            else
            {
                _lastMillis++;
                _counter = 0;
            }

            millis = _lastMillis;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteUInt64BigEndian(bytes, ((ulong)millis << 16) | 0x7000u | (uint)counter);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return Format(bytes);
    }

    private static string Format(ReadOnlySpan<byte> bytes)
    {
        string hex = Convert.ToHexStringLower(bytes);
        return string.Create(36, hex, static (span, h) =>
        {
            h.AsSpan(0, 8).CopyTo(span);
            span[8] = '-';
            h.AsSpan(8, 4).CopyTo(span[9..]);
            span[13] = '-';
            h.AsSpan(12, 4).CopyTo(span[14..]);
            span[18] = '-';
            h.AsSpan(16, 4).CopyTo(span[19..]);
            span[23] = '-';
            h.AsSpan(20, 12).CopyTo(span[24..]);
        });
    }
}
