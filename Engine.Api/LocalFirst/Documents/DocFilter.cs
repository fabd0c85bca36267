using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Api.LocalFirst.Documents.Filters;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// A typed filter over documents, built with the static factory methods and combined with <see cref="And"/>,
/// <see cref="Or"/> and <see cref="Not"/>. Fields are dotted paths to object properties (<c>address.city</c>).
/// Immutable; thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Values compare in one total order: null &lt; false &lt; true &lt; numbers &lt; strings &lt; arrays &lt; objects.
/// Numbers compare numerically whether stored as integers or doubles (1 equals 1.0); strings compare by UTF-8 bytes
/// (code-point order); arrays and objects compare as whole values (objects regardless of property order). There is no
/// per-element matching of arrays.
/// </para>
/// <para>
/// <see cref="Eq"/> matches a present field with an equal value (<c>Eq(f, null)</c> matches an explicit null, not a
/// missing field); <see cref="Ne"/> is its negation and matches missing fields. <see cref="Gt"/>, <see cref="Gte"/>,
/// <see cref="Lt"/> and <see cref="Lte"/> match only values of the same type as the bound: <c>Gt("age", 30)</c> never
/// matches a string.
/// </para>
/// </remarks>
public abstract class DocFilter
{
    private protected DocFilter()
    {
    }

    /// <summary>The field is present and equals <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty, or the value has no document form.</exception>
    public static DocFilter Eq(string field, JsonNode? value) => Compare(field, ComparisonOperator.Eq, value);

    /// <summary>The field is missing or differs from <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty, or the value has no document form.</exception>
    public static DocFilter Ne(string field, JsonNode? value) => Not(Eq(field, value));

    /// <summary>The field is of the type of <paramref name="value"/> and greater.</summary>
    /// <exception cref="ArgumentException">The path is empty, or the value has no document form.</exception>
    public static DocFilter Gt(string field, JsonNode? value) => Compare(field, ComparisonOperator.Gt, value);

    /// <summary>The field is of the type of <paramref name="value"/> and greater or equal.</summary>
    /// <exception cref="ArgumentException">The path is empty, or the value has no document form.</exception>
    public static DocFilter Gte(string field, JsonNode? value) => Compare(field, ComparisonOperator.Gte, value);

    /// <summary>The field is of the type of <paramref name="value"/> and less.</summary>
    /// <exception cref="ArgumentException">The path is empty, or the value has no document form.</exception>
    public static DocFilter Lt(string field, JsonNode? value) => Compare(field, ComparisonOperator.Lt, value);

    /// <summary>The field is of the type of <paramref name="value"/> and less or equal.</summary>
    /// <exception cref="ArgumentException">The path is empty, or the value has no document form.</exception>
    public static DocFilter Lte(string field, JsonNode? value) => Compare(field, ComparisonOperator.Lte, value);

    /// <summary>The field is present and equals one of <paramref name="values"/> (none: matches nothing).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">The path is empty, or a value has no document form.</exception>
    public static DocFilter In(string field, params IEnumerable<JsonNode?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        FieldPath path = FieldPath.Parse(field, nameof(field));
        List<byte[]> encoded = [];
        foreach (JsonNode? value in values)
        {
            encoded.Add(EncodeConstant(value, nameof(values)));
        }

        return new InFilter(path, encoded);
    }

    /// <summary>The field is present (or, with <paramref name="exists"/> false, missing).</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public static DocFilter Exists(string field, bool exists = true) => new ExistsFilter(FieldPath.Parse(field, nameof(field)), exists);

    /// <summary>Every one of <paramref name="filters"/> matches (none: everything matches).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="filters"/> or one of them is null.</exception>
    public static DocFilter And(params IEnumerable<DocFilter> filters) => new AndFilter(Collect(filters, nameof(filters)));

    /// <summary>At least one of <paramref name="filters"/> matches (none: nothing matches).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="filters"/> or one of them is null.</exception>
    public static DocFilter Or(params IEnumerable<DocFilter> filters) => new OrFilter(Collect(filters, nameof(filters)));

    /// <summary><paramref name="filter"/> does not match.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    public static DocFilter Not(DocFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new NotFilter(filter);
    }

    /// <summary>Whether the document matches.</summary>
    internal abstract bool Matches(DocumentView document);

    private static ComparisonFilter Compare(string field, ComparisonOperator op, JsonNode? value) =>
        new(FieldPath.Parse(field, nameof(field)), op, EncodeConstant(value, nameof(value)), value?.ToJsonString() ?? "null");

    private static byte[] EncodeConstant(JsonNode? value, string paramName)
    {
        using JsonDocument parsed = JsonDocument.Parse(value?.ToJsonString() ?? "null");
        return OrderedValue.Encode(DocumentEncoder.EncodeValue(parsed.RootElement, paramName));
    }

    private static DocFilter[] Collect(IEnumerable<DocFilter> filters, string paramName)
    {
        ArgumentNullException.ThrowIfNull(filters, paramName);
        List<DocFilter> list = [];
        foreach (DocFilter filter in filters)
        {
            ArgumentNullException.ThrowIfNull(filter, paramName);
            list.Add(filter);
        }

        return [.. list];
    }
}
