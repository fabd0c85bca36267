namespace Engine.Api.LocalFirst.Documents;

/// <summary>The shape of a secondary index.</summary>
public enum IndexKind
{
    /// <summary>Every field ascending.</summary>
    Ascending = 0,

    /// <summary>Every field descending.</summary>
    Descending = 1,

    /// <summary>Two or more fields, each with its own direction.</summary>
    Compound = 2,
}
