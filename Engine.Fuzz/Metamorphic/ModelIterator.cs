namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// The model of an iterator: the entries it can see, taken when it is created and filtered by its bounds and prefix,
/// and a position among them.
/// </summary>
/// <remarks>
/// Written from the definitions (first key at or after, last key before) over a plain sorted array, not from the
/// store's code, so that the two only agree when the store is right. One thread.
/// </remarks>
internal sealed class ModelIterator
{
    private readonly KeyValuePair<byte[], byte[]>[] _entries;
    private int _position = -1;

    public ModelIterator(IEnumerable<KeyValuePair<byte[], byte[]>> state, ReadSpec? spec)
    {
        ArgumentNullException.ThrowIfNull(state);
        byte[]? lower = spec?.Lower is string l ? KeyText.ToBytes(l) : null;
        byte[]? upper = spec?.Upper is string u ? KeyText.ToBytes(u) : null;
        byte[]? prefix = spec?.Prefix is string p ? KeyText.ToBytes(p) : null;
        _entries = [.. state.Where(e =>
            (lower is null || e.Key.AsSpan().SequenceCompareTo(lower) >= 0)
            && (upper is null || e.Key.AsSpan().SequenceCompareTo(upper) < 0)
            && (prefix is null || e.Key.AsSpan().StartsWith(prefix)))];
    }

    public bool Valid => _position >= 0 && _position < _entries.Length;

    /// <summary>Every entry in order, for a scan.</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> Entries => _entries;

    public void First() => _position = _entries.Length > 0 ? 0 : -1;

    public void Last() => _position = _entries.Length - 1;

    public void SeekGE(byte[] key)
    {
        int i = 0;
        while (i < _entries.Length && _entries[i].Key.AsSpan().SequenceCompareTo(key) < 0)
        {
            i++;
        }

        _position = i < _entries.Length ? i : -1;
    }

    public void SeekLT(byte[] key)
    {
        int i = _entries.Length - 1;
        while (i >= 0 && _entries[i].Key.AsSpan().SequenceCompareTo(key) >= 0)
        {
            i--;
        }

        _position = i;
    }

    public void Next() => _position = _position + 1 < _entries.Length ? _position + 1 : -1;

    public void Prev() => _position--;

    /// <summary>The transcript text of the current position.</summary>
    public string Describe() => Valid ? ReadFormat.Position(_entries[_position].Key, _entries[_position].Value) : ReadFormat.Invalid;
}
