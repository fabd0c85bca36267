using Engine.Api;

namespace Engine.Bench.Kv;

/// <summary>
/// The fillseq keys and values as an <see cref="ISortedEntrySource"/>: key numbers <c>0, 2, 4, …</c> written as
/// fixed-width decimal, so ascending numbers are ascending keys. Generated on the fly into two reused buffers.
/// </summary>
/// <remarks>One thread.</remarks>
internal sealed class KeySequenceSource(ulong n) : ISortedEntrySource
{
    private readonly byte[] _key = new byte[KeyGenerator.KeySize];
    private readonly byte[] _value = new byte[KeyGenerator.ValueSize];
    private ulong _index;

    public ReadOnlySpan<byte> Key => _key;

    public ReadOnlySpan<byte> Value => _value;

    public bool IsDelete => false;

    public bool MoveNext()
    {
        if (_index == n)
        {
            return false;
        }

        ulong x = 2 * _index++;
        KeyGenerator.MakeKey(x, _key);
        KeyGenerator.MakeValue(x, KeyTag.FillSeq, _value);
        return true;
    }
}
