using System;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Text;
using Engine.Core.Buffers;
using Engine.Core.Encoding;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>
/// A point's tags in canonical form: sorted by the UTF-8 bytes of their keys, encoded as the tag section of the point
/// record (<see cref="PointRecord"/>), and identified by <see cref="Id"/>, the XXH3-64 of that section.
/// </summary>
/// <remarks>
/// The id is the last 8 bytes of a point's key: points at one instant with the same tags share a key (the later write
/// replaces the earlier), points with other tags do not. Two different tag sets whose 64-bit hashes collide at the same
/// series and instant would replace each other; among a million distinct tag sets the chance is about 3 in 10^8.
/// Immutable; thread-safe.
/// </remarks>
internal sealed class TagSet
{
    /// <summary>No tags: the section is one byte, a count of zero.</summary>
    public static readonly TagSet Empty = new([], [0]);

    private TagSet(TagPair[] pairs, byte[] section)
    {
        Pairs = pairs;
        Section = section;
        Id = XxHash3.HashToUInt64(section);
    }

    /// <summary>The tags, in canonical order.</summary>
    public TagPair[] Pairs { get; }

    /// <summary>The tag section of the point record: <c>count ‖ (key, value)…</c>, each a varint length and UTF-8.</summary>
    public byte[] Section { get; }

    /// <summary>The XXH3-64 of <see cref="Section"/>: the tag-set id in the point's key.</summary>
    public ulong Id { get; }

    /// <summary>The canonical form of <paramref name="tags"/>.</summary>
    /// <exception cref="ArgumentException">A key is null or empty, a value is null, a string has no UTF-8 form, or a key repeats.</exception>
    public static TagSet Create(IReadOnlyDictionary<string, string>? tags, string paramName)
    {
        if (tags is null || tags.Count == 0)
        {
            return Empty;
        }

        List<TagPair> pairs = new(tags.Count);
        foreach (KeyValuePair<string, string> tag in tags)
        {
            if (string.IsNullOrEmpty(tag.Key))
            {
                throw new ArgumentException("A tag key is null or empty.", paramName);
            }

            if (tag.Value is null)
            {
                throw new ArgumentException($"The tag '{tag.Key}' has a null value.", paramName);
            }

            pairs.Add(new TagPair(tag.Key, tag.Value, TimeSeriesArguments.ToUtf8(tag.Key, paramName), TimeSeriesArguments.ToUtf8(tag.Value, paramName)));
        }

        pairs.Sort(static (a, b) => a.KeyUtf8.AsSpan().SequenceCompareTo(b.KeyUtf8));
        for (int i = 1; i < pairs.Count; i++)
        {
            if (pairs[i - 1].KeyUtf8.AsSpan().SequenceEqual(pairs[i].KeyUtf8))
            {
                throw new ArgumentException($"The tag key '{pairs[i].Key}' appears twice.", paramName);
            }
        }

        return new TagSet([.. pairs], Encode(pairs));
    }

    /// <summary>
    /// True when <paramref name="section"/>, a tag section that <see cref="PointRecord"/> has checked or that this code
    /// wrote, holds every tag of this set. Allocates nothing.
    /// </summary>
    public bool IsSubsetOf(ReadOnlySpan<byte> section)
    {
        foreach (TagPair pair in Pairs)
        {
            if (!PointRecord.SectionContains(section, pair.KeyUtf8, pair.ValueUtf8))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        StringBuilder text = new("{");
        foreach (TagPair pair in Pairs)
        {
            text.Append(text.Length > 1 ? ", " : "").Append(pair.Key).Append('=').Append(pair.Value);
        }

        return text.Append('}').ToString();
    }

    private static byte[] Encode(List<TagPair> pairs)
    {
        using PooledBufferWriter output = new();
        output.WriteVarint32((uint)pairs.Count);
        foreach (TagPair pair in pairs)
        {
            output.WriteLengthPrefixed(pair.KeyUtf8);
            output.WriteLengthPrefixed(pair.ValueUtf8);
        }

        return output.WrittenSpan.ToArray();
    }
}
