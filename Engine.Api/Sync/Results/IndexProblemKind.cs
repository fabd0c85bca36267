namespace Engine.Api.Sync.Results;

/// <summary>How an index entry disagrees with the primary records.</summary>
public enum IndexProblemKind
{
    /// <summary>A primary record lacks an index entry its side columns call for.</summary>
    Missing,

    /// <summary>An index entry names a record that does not exist.</summary>
    Dangling,

    /// <summary>An index entry names a record whose side columns call for a different entry.</summary>
    Mismatched,
}
