using System;

namespace Engine.Api.Gateway;

/// <summary>
/// The total order of every last-writer-wins decision: <see cref="Clock"/> numerically, then <see cref="Hlc"/> by
/// ordinal (code-point) order, then <see cref="OpId"/> by ordinal order, so <c>"Z"</c> sorts before <c>"a"</c>.
/// </summary>
/// <param name="Clock">The record's revision counter, bumped by the client.</param>
/// <param name="Hlc">The client's hybrid logical clock, a string that sorts as text.</param>
/// <param name="OpId">The op's id; breaks ties between equal clocks and clocks.</param>
public readonly record struct Revision(long Clock, string Hlc, string OpId) : IComparable<Revision>
{
    /// <inheritdoc/>
    public int CompareTo(Revision other)
    {
        int byClock = Clock.CompareTo(other.Clock);
        if (byClock != 0)
        {
            return byClock;
        }

        int byHlc = string.CompareOrdinal(Hlc, other.Hlc);
        return byHlc != 0 ? byHlc : string.CompareOrdinal(OpId, other.OpId);
    }

    /// <summary>Whether <paramref name="left"/> wins over <paramref name="right"/> (compares strictly greater).</summary>
    public static bool operator >(Revision left, Revision right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> loses to <paramref name="right"/>.</summary>
    public static bool operator <(Revision left, Revision right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> compares greater than or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(Revision left, Revision right) => left.CompareTo(right) >= 0;

    /// <summary>Whether <paramref name="left"/> compares less than or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(Revision left, Revision right) => left.CompareTo(right) <= 0;
}
