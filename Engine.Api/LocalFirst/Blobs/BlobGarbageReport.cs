namespace Engine.Api.LocalFirst.Blobs;

/// <summary>What garbage collection at open removed. Immutable; thread-safe.</summary>
/// <param name="StagedBodies">Bodies staged as chunks whose commit never happened (their chunks were range-deleted).</param>
/// <param name="TempFiles">Files left in <c>blobs/tmp</c> by writes that never finished.</param>
/// <param name="ContentFiles">Blob files no content record names (a put that crashed before its commit, or a delete after it).</param>
/// <param name="PartFiles">Part files no upload part record names.</param>
/// <param name="ExpiredUploads">Uploads older than <see cref="BlobStoreOptions.UploadExpiry"/>, aborted.</param>
internal sealed record BlobGarbageReport(int StagedBodies, int TempFiles, int ContentFiles, int PartFiles, int ExpiredUploads = 0)
{
    /// <summary>The total number of things removed.</summary>
    public int Total => StagedBodies + TempFiles + ContentFiles + PartFiles + ExpiredUploads;
}
