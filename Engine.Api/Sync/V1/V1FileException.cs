using System;

namespace Engine.Api.Sync.V1;

/// <summary>
/// A v1 <c>.c1z</c> file, or the SQLite database inside it, cannot be read: <see cref="Problem"/> says what is wrong and
/// <see cref="FilePath"/> names the file.
/// </summary>
/// <remarks>
/// <see cref="StorageException.Code"/> follows the problem: <see cref="StorageErrorCode.InvalidArgument"/> for a file of
/// another kind or a feature the reader does not read, <see cref="StorageErrorCode.ResourceExhausted"/> for a decoder
/// limit, <see cref="StorageErrorCode.Corruption"/> for damaged bytes. Immutable; may be shared across threads.
/// </remarks>
public sealed class V1FileException : StorageException
{
    /// <summary>Creates a report of <paramref name="problem"/> in <paramref name="filePath"/>.</summary>
    /// <param name="problem">What kind of problem it is.</param>
    /// <param name="filePath">The file (or the name the caller gave the stream) that has the problem.</param>
    /// <param name="detail">What is wrong, in a few words, with the offset or page where it was found.</param>
    /// <param name="innerException">The exception that exposed the problem, if any.</param>
    public V1FileException(V1FileProblem problem, string filePath, string detail, Exception? innerException = null)
        : base(CodeOf(problem), $"v1 file '{filePath}': {detail}", innerException)
    {
        Problem = problem;
        FilePath = filePath;
    }

    /// <summary>What is wrong with the file.</summary>
    public V1FileProblem Problem { get; }

    /// <summary>The file that has the problem.</summary>
    public string FilePath { get; }

    /// <summary>The error code a problem is reported with.</summary>
    /// <param name="problem">The problem.</param>
    public static StorageErrorCode CodeOf(V1FileProblem problem) => problem switch
    {
        V1FileProblem.NotC1z or V1FileProblem.NotSqlite or V1FileProblem.UnsupportedDatabase
            or V1FileProblem.MissingTable or V1FileProblem.MissingColumn => StorageErrorCode.InvalidArgument,
        V1FileProblem.TooLarge or V1FileProblem.WindowTooLarge => StorageErrorCode.ResourceExhausted,
        _ => StorageErrorCode.Corruption,
    };
}
