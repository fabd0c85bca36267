using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Api.LocalFirst.Documents.Filters;

namespace Engine.Api.LocalFirst.Documents.Indexes;

/// <summary>
/// Chooses how a query runs: an index whose leading fields the filter pins (equality terms, then at most one range on
/// the next field), or whose fields (after pinned ones) are exactly the sort, else a scan of the collection. The plan
/// only narrows what is read: the whole filter runs on every document read, so every plan returns the same documents.
/// </summary>
/// <remarks>
/// Only terms of the filter's top-level conjunction bound a range (an <c>Or</c>, <c>Not</c> or <c>In</c> is left to the
/// filter). Among fitting indexes the one with the most equality fields wins, then one with a range, then one that
/// gives the sort order. Stateless; thread-safe.
/// </remarks>
internal static class QueryPlanner
{
    public static PlannedQuery Plan(IEnumerable<DocumentIndex> ready, DocQuery query)
    {
        List<ComparisonFilter> terms = [];
        Conjuncts(query.Filter, terms);
        PlannedQuery? best = null;
        int bestScore = 0;
        bool anyIndex = false;
        foreach (DocumentIndex index in ready)
        {
            anyIndex = true;
            (PlannedQuery candidate, int score) = Fit(index, terms, query);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best ?? new PlannedQuery(null, default, false, false, anyIndex
            ? "no ready index has a filter term on its leading field or matches the sort"
            : "the collection has no ready index");
    }

    /// <summary>
    /// Whether the index's fields after some of its <paramref name="pinned"/> leading ones (none to all) are exactly the
    /// sort: the pinned fields hold one value in the range read, so its entries run in sort order, ties in id order.
    /// </summary>
    private static bool SortFollowsPinned(IReadOnlyList<FieldOrder> sort, IReadOnlyList<FieldOrder> fields, int pinned)
    {
        for (int from = 0; from <= pinned; from++)
        {
            if (sort.Count != fields.Count - from)
            {
                continue;
            }

            bool same = true;
            for (int i = 0; i < sort.Count && same; i++)
            {
                same = sort[i].Field == fields[from + i].Field && sort[i].Descending == fields[from + i].Descending;
            }

            if (same)
            {
                return true;
            }
        }

        return false;
    }

    private static void Conjuncts(DocFilter? filter, List<ComparisonFilter> terms)
    {
        switch (filter)
        {
            case ComparisonFilter comparison:
                terms.Add(comparison);
                break;
            case AndFilter and:
                foreach (DocFilter child in and.Children)
                {
                    Conjuncts(child, terms);
                }

                break;
        }
    }

    private static (PlannedQuery Plan, int Score) Fit(DocumentIndex index, List<ComparisonFilter> terms, DocQuery query)
    {
        ArrayBufferWriter<byte> prefix = new(64);
        prefix.Write(index.Prefix);
        List<string> reasons = [];
        int equalities = 0;
        for (; equalities < index.Fields.Count; equalities++)
        {
            FieldOrder field = index.Fields[equalities];
            ComparisonFilter? term = terms.FirstOrDefault(t => t.Operator == ComparisonOperator.Eq && t.Path.Path == field.Field);
            if (term is null)
            {
                break;
            }

            Append(prefix, term.Constant, field.Descending);
            reasons.Add($"equality on {field.Field}");
        }

        byte[] pinned = prefix.WrittenSpan.ToArray();
        KeyRange range = KeyRange.Prefix(pinned);
        bool empty = false;
        bool hasRange = false;
        if (equalities < index.Fields.Count)
        {
            FieldOrder field = index.Fields[equalities];
            ComparisonFilter? low = terms.FirstOrDefault(t => t.Path.Path == field.Field && t.Operator is ComparisonOperator.Gt or ComparisonOperator.Gte);
            ComparisonFilter? high = terms.FirstOrDefault(t => t.Path.Path == field.Field && t.Operator is ComparisonOperator.Lt or ComparisonOperator.Lte);
            if (low is not null && high is not null && low.Constant[0] != high.Constant[0])
            {
                high = null;
            }

            if (low is not null || high is not null)
            {
                (range, empty) = Bounds(pinned, field.Descending, low, high);
                hasRange = true;
                reasons.Add($"range on {field.Field}");
            }
        }

        bool sortFits = query.Sort is { Count: > 0 } sort && SortFollowsPinned(sort, index.Fields, equalities);

        // With every field pinned and no sort, entries run in id order: the default result order.
        bool idOrder = (query.Sort is null || query.Sort.Count == 0) && equalities == index.Fields.Count;
        if (sortFits)
        {
            reasons.Add("gives the sort order");
        }
        else if (idOrder)
        {
            reasons.Add("gives id order");
        }

        int score = (equalities * 4) + (hasRange ? 2 : 0) + (sortFits ? 1 : 0);
        string reason = string.Join(", ", reasons);
        return (new PlannedQuery(index, range, empty, sortFits || idOrder, reason), score);
    }

    /// <summary>The entry range of a range term on a field after the pinned prefix, within the bound's value type.</summary>
    private static (KeyRange Range, bool Empty) Bounds(byte[] pinned, bool descending, ComparisonFilter? low, ComparisonFilter? high)
    {
        byte type = (low ?? high)!.Constant[0];
        byte[] typeStart = Concat(pinned, [descending ? (byte)~type : type], false);
        byte[] lower;
        byte[] upper;
        if (!descending)
        {
            lower = low is null ? typeStart : Bound(pinned, low.Constant, false, after: low.Operator == ComparisonOperator.Gt);
            upper = high is null ? End(typeStart) : Bound(pinned, high.Constant, false, after: high.Operator == ComparisonOperator.Lte);
        }
        else
        {
            // Inverted encodings order the other way: the high bound gives the lower key.
            lower = high is null ? typeStart : Bound(pinned, high.Constant, true, after: high.Operator == ComparisonOperator.Lt);
            upper = low is null ? End(typeStart) : Bound(pinned, low.Constant, true, after: low.Operator == ComparisonOperator.Gte);
        }

        return lower.AsSpan().SequenceCompareTo(upper) >= 0 ? (default, true) : (KeyRange.Between(lower, upper), false);
    }

    /// <summary>The key of the first entry with the value (or, <paramref name="after"/>, the first after every such entry).</summary>
    private static byte[] Bound(byte[] pinned, byte[] constant, bool invert, bool after)
    {
        byte[] key = Concat(pinned, constant, invert);
        return after ? End(key) : key;
    }

    private static byte[] End(byte[] prefix) => DocumentCollection.PrefixEnd(prefix);

    private static byte[] Concat(byte[] pinned, byte[] encoded, bool invert)
    {
        byte[] key = [.. pinned, .. encoded];
        if (invert)
        {
            OrderedValue.Invert(key.AsSpan(pinned.Length));
        }

        return key;
    }

    private static void Append(ArrayBufferWriter<byte> prefix, byte[] encoded, bool invert)
    {
        int start = prefix.WrittenCount;
        prefix.Write(encoded);
        if (invert)
        {
            OrderedValue.Invert(OrderedValue.WrittenFrom(prefix, start));
        }
    }
}
