namespace Engine.Lsm.Verify;

/// <summary>One problem a store check found.</summary>
/// <param name="Kind">What the problem is about.</param>
/// <param name="FilePath">The file concerned, or null when the problem is not about one file.</param>
/// <param name="Level">The level of the table concerned, or null.</param>
/// <param name="Offset">The byte offset in <paramref name="FilePath"/> of the damaged block or record, or null.</param>
/// <param name="Message">What check failed, in a sentence.</param>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record VerifyProblem(VerifyProblemKind Kind, string? FilePath, int? Level, long? Offset, string Message);
