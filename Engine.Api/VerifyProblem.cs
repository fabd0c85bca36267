namespace Engine.Api;

/// <summary>One problem found by <see cref="Database.Verify"/>.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record VerifyProblem
{
    /// <summary>What the problem is about.</summary>
    public required VerifyProblemKind Kind { get; init; }

    /// <summary>The full path of the file concerned, or null when the problem is not about one file.</summary>
    public string? FilePath { get; init; }

    /// <summary>The level (0 to 6) of the table concerned, or null.</summary>
    public int? Level { get; init; }

    /// <summary>The offset, in bytes from the start of <see cref="FilePath"/>, of the damaged block, or null.</summary>
    public long? Offset { get; init; }

    /// <summary>What check failed, in a sentence.</summary>
    public required string Message { get; init; }
}
