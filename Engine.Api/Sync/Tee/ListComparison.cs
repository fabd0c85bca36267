using System;
using System.Collections.Generic;
using System.Text;

namespace Engine.Api.Sync.Tee;

/// <summary>Compares two whole listings as sequences, as multisets, or as a sequence of groups (<see cref="ListOrder"/>).</summary>
/// <typeparam name="T">The row type.</typeparam>
/// <remarks>Stateless; thread-safe.</remarks>
internal sealed class ListComparison<T> : TeeComparison<IReadOnlyList<T>>
    where T : notnull
{
    // Rows of each side named in a difference; a report lists a few, not a whole listing.
    private const int ShownRows = 5;

    private readonly IEqualityComparer<T> _rows;
    private readonly ListOrder _order;
    private readonly Func<T, string>? _groupKey;

    public ListComparison(ListOrder order, IEqualityComparer<T>? rows = null, Func<T, string>? groupKey = null)
    {
        if (order == ListOrder.Groups && groupKey is null)
        {
            throw new ArgumentException("A grouped comparison needs a group key.", nameof(groupKey));
        }

        _order = order;
        _rows = rows ?? EqualityComparer<T>.Default;
        _groupKey = groupKey;
    }

    /// <summary>Rows compared as multisets, with default equality.</summary>
    public static ListComparison<T> Set { get; } = new(ListOrder.Set);

    /// <summary>Rows compared in order, with default equality.</summary>
    public static ListComparison<T> Sequence { get; } = new(ListOrder.Sequence);

    public override string? Difference(IReadOnlyList<T> primary, IReadOnlyList<T> secondary) => _order switch
    {
        ListOrder.Sequence => SequenceDifference(primary, secondary),
        ListOrder.Set => SetDifference(primary, secondary),
        _ => GroupDifference(primary, secondary),
    };

    public override string Render(IReadOnlyList<T> value) => TeeText.Of(value);

    private string? SequenceDifference(IReadOnlyList<T> primary, IReadOnlyList<T> secondary)
    {
        int common = Math.Min(primary.Count, secondary.Count);
        for (int i = 0; i < common; i++)
        {
            if (!_rows.Equals(primary[i], secondary[i]))
            {
                return $"row {i} differs: primary {TeeText.Of(primary[i])}, secondary {TeeText.Of(secondary[i])}";
            }
        }

        return primary.Count == secondary.Count ? null : $"{primary.Count} rows against {secondary.Count}";
    }

    private string? SetDifference(IReadOnlyList<T> primary, IReadOnlyList<T> secondary)
    {
        Dictionary<T, int> counts = new(_rows);
        foreach (T row in primary)
        {
            counts[row] = counts.GetValueOrDefault(row) + 1;
        }

        List<T> onlySecondary = [];
        foreach (T row in secondary)
        {
            int count = counts.GetValueOrDefault(row);
            if (count == 0)
            {
                onlySecondary.Add(row);
            }
            else if (count == 1)
            {
                counts.Remove(row);
            }
            else
            {
                counts[row] = count - 1;
            }
        }

        if (counts.Count == 0 && onlySecondary.Count == 0)
        {
            return null;
        }

        StringBuilder text = new($"{primary.Count} rows against {secondary.Count} (compared as a set)");
        AppendRows(text, "only in the primary", counts.Keys);
        AppendRows(text, "only in the secondary", onlySecondary);
        return text.ToString();
    }

    private string? GroupDifference(IReadOnlyList<T> primary, IReadOnlyList<T> secondary)
    {
        List<(string Key, List<T> Rows)> left = Groups(primary);
        List<(string Key, List<T> Rows)> right = Groups(secondary);
        int common = Math.Min(left.Count, right.Count);
        for (int i = 0; i < common; i++)
        {
            if (!string.Equals(left[i].Key, right[i].Key, StringComparison.Ordinal))
            {
                return $"group {i} is '{left[i].Key}' in the primary and '{right[i].Key}' in the secondary";
            }

            if (SetDifference(left[i].Rows, right[i].Rows) is { } difference)
            {
                return $"group '{left[i].Key}': {difference}";
            }
        }

        return left.Count == right.Count ? null : $"{left.Count} groups against {right.Count}";
    }

    private List<(string Key, List<T> Rows)> Groups(IReadOnlyList<T> rows)
    {
        List<(string Key, List<T> Rows)> groups = [];
        foreach (T row in rows)
        {
            string key = _groupKey!(row);
            if (groups.Count == 0 || !string.Equals(groups[^1].Key, key, StringComparison.Ordinal))
            {
                groups.Add((key, []));
            }

            groups[^1].Rows.Add(row);
        }

        return groups;
    }

    private static void AppendRows(StringBuilder text, string label, IEnumerable<T> rows)
    {
        int shown = 0;
        foreach (T row in rows)
        {
            text.Append(shown == 0 ? $"; {label}: " : ", ");
            if (shown++ == ShownRows)
            {
                text.Append("...");
                break;
            }

            text.Append(TeeText.Of(row));
        }
    }
}
