using System;
using Engine.Api.LocalFirst.Documents.Codec;

namespace Engine.Api.LocalFirst.Documents.Filters;

/// <summary>A field compared with a constant, both in their ordered encoding (<see cref="OrderedValue"/>).</summary>
internal sealed class ComparisonFilter(FieldPath path, ComparisonOperator op, byte[] constant, string display) : DocFilter
{
    public FieldPath Path { get; } = path;

    public ComparisonOperator Operator { get; } = op;

    /// <summary>The constant's ordered encoding; its first byte is its type code.</summary>
    public byte[] Constant { get; } = constant;

    internal override bool Matches(DocumentView document)
    {
        ReadOnlySpan<byte> field = document.Field(Path);
        if (Operator == ComparisonOperator.Eq)
        {
            return field.SequenceEqual(Constant);
        }

        // Ranges stay within the constant's type: Gt(5) never matches a string.
        if (field[0] != Constant[0])
        {
            return false;
        }

        int order = field.SequenceCompareTo(Constant);
        return Operator switch
        {
            ComparisonOperator.Gt => order > 0,
            ComparisonOperator.Gte => order >= 0,
            ComparisonOperator.Lt => order < 0,
            _ => order <= 0,
        };
    }

    public override string ToString()
    {
        string symbol = Operator switch
        {
            ComparisonOperator.Eq => "==",
            ComparisonOperator.Gt => ">",
            ComparisonOperator.Gte => ">=",
            ComparisonOperator.Lt => "<",
            _ => "<=",
        };
        return $"{Path} {symbol} {display}";
    }
}
