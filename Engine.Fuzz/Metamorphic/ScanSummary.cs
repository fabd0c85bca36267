using System.Globalization;
using System.IO.Hashing;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// A whole scan in one transcript line: <c>n=COUNT first=KEY last=KEY xxh=HASH</c>, the hash chained over every key
/// and value in the order read, so that any difference in what or in which order shows.
/// </summary>
/// <remarks>Mutable; one thread.</remarks>
internal sealed class ScanSummary
{
    private long _count;
    private ulong _hash;
    private string? _first;
    private byte[] _last = [];

    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (_count++ == 0)
        {
            _first = KeyText.FromBytes(key);
        }

        _last = key.ToArray();
        _hash = XxHash64.HashToUInt64(value, unchecked((long)(XxHash64.HashToUInt64(key, unchecked((long)_hash)) + (ulong)key.Length)));
    }

    public override string ToString() => _count == 0
        ? "n=0"
        : string.Create(CultureInfo.InvariantCulture, $"n={_count} first={_first} last={KeyText.FromBytes(_last)} xxh={_hash:x16}");
}
