namespace Engine.Api.LocalFirst.Admin;

/// <summary>One problem a check of a typed store found (a blob file whose hash is wrong, an index entry with no document).</summary>
/// <param name="Check">The check that found it.</param>
/// <param name="Subject">What it concerns: a file path, or a key in hexadecimal.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record LocalStoreProblem(string Check, string Subject, string Message);
