using Engine.Api;

namespace Engine.Tests.Infrastructure;

/// <summary>
/// An <see cref="ISortedEntrySource"/> over a list of entries, a null value meaning a delete; it hands the list out as
/// given, sorted or not, so that tests can feed the engine bad runs too. <see cref="Consumed"/> counts the entries read.
/// </summary>
internal sealed class ListEntrySource(IReadOnlyList<(byte[] Key, byte[]? Value)> entries) : ISortedEntrySource
{
    private int _index = -1;

    /// <summary>Throws from <see cref="MoveNext"/> when it would move to this index; -1 never.</summary>
    public int ThrowAt { get; init; } = -1;

    public int Consumed => Math.Min(_index + 1, entries.Count);

    public ReadOnlySpan<byte> Key => entries[_index].Key;

    public ReadOnlySpan<byte> Value => entries[_index].Value;

    public bool IsDelete => entries[_index].Value is null;

    public static ListEntrySource Of(params (string Key, string? Value)[] entries) =>
        new([.. entries.Select(e => (System.Text.Encoding.ASCII.GetBytes(e.Key), e.Value is null ? null : System.Text.Encoding.ASCII.GetBytes(e.Value)))]);

    public bool MoveNext()
    {
        if (_index + 1 == ThrowAt)
        {
            throw new InvalidOperationException("the source failed");
        }

        if (_index + 1 >= entries.Count)
        {
            _index = entries.Count;
            return false;
        }

        _index++;
        return true;
    }
}
