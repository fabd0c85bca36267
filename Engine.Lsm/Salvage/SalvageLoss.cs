// Declared in Engine.Api although the file lives in Engine.Lsm/Salvage, for the reason given in VerifyProblemKind.cs:
// the engine's salvage builds the report and the public surface returns it as is.
namespace Engine.Api;

/// <summary>One piece of a store that a salvage could not read: a table, one of its blocks, or a WAL record.</summary>
/// <param name="FilePath">The full path of the damaged file.</param>
/// <param name="Offset">The offset, in bytes from the start of <paramref name="FilePath"/>, of the damaged block or record; null when the whole file was lost.</param>
/// <param name="Reason">What check failed, in a sentence.</param>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record SalvageLoss(string FilePath, long? Offset, string Reason);
