using System;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>A field path with a direction: one key of a sort, or one field of an index.</summary>
/// <param name="Field">A dotted path to an object property, for example <c>address.city</c>.</param>
/// <param name="Descending">True for descending order.</param>
public sealed record FieldOrder(string Field, bool Descending = false)
{
    /// <summary>The field in ascending order.</summary>
    public static FieldOrder Ascending(string field) => new(field);

    /// <summary>The field in descending order.</summary>
    public static FieldOrder DescendingBy(string field) => new(field, Descending: true);

    /// <inheritdoc/>
    public override string ToString() => Descending ? $"{Field} desc" : Field;

    internal static void Validate(FieldOrder? order, string paramName)
    {
        if (order is null || string.IsNullOrEmpty(order.Field))
        {
            throw new ArgumentException("Every field needs a non-empty path.", paramName);
        }
    }
}
