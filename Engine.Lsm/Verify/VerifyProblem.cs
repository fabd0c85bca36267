// Declared in Engine.Api although the file lives in Engine.Lsm/Verify, for the reason given in VerifyProblemKind.cs.
namespace Engine.Api;

/// <summary>One problem found by <c>Database.Verify</c>.</summary>
/// <param name="Kind">What the problem is about.</param>
/// <param name="FilePath">The full path of the file concerned, or null when the problem is not about one file.</param>
/// <param name="Level">The level (0 to 6) of the table concerned, or null.</param>
/// <param name="Offset">The offset, in bytes from the start of <paramref name="FilePath"/>, of the damaged block or record, or null.</param>
/// <param name="Message">What check failed, in a sentence.</param>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record VerifyProblem(VerifyProblemKind Kind, string? FilePath, int? Level, long? Offset, string Message);
