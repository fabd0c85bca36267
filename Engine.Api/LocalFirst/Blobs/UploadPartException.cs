namespace Engine.Api.LocalFirst.Blobs;

/// <summary>
/// A multipart completion named a part that is missing or whose etag does not match
/// (<see cref="StorageErrorCode.InvalidArgument"/>). Nothing was committed; the upload is unchanged.
/// </summary>
/// <remarks>Immutable; may be shared across threads.</remarks>
public sealed class UploadPartException : StorageException
{
    /// <summary>Creates the error for one part.</summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="partNumber">The refused part's number.</param>
    /// <param name="problem">What is wrong with it.</param>
    public UploadPartException(string uploadId, int partNumber, UploadPartProblem problem)
        : base(StorageErrorCode.InvalidArgument, problem == UploadPartProblem.Missing
            ? $"upload '{uploadId}' has no part {partNumber}"
            : $"part {partNumber} of upload '{uploadId}' has another etag")
    {
        UploadId = uploadId;
        PartNumber = partNumber;
        Problem = problem;
    }

    /// <summary>The upload.</summary>
    public string UploadId { get; }

    /// <summary>The refused part's number.</summary>
    public int PartNumber { get; }

    /// <summary>What is wrong with the part.</summary>
    public UploadPartProblem Problem { get; }
}
