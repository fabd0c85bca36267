using System;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>
/// How the blob store lays bodies out by size: inline in the manifest up to <see cref="InlineLimitBytes"/>, chunk records
/// inside the engine up to <see cref="FileThresholdBytes"/>, a blob file beside the engine above it. Immutable; validated
/// when the store opens. Every layout stays readable whatever these say, so they may change between opens.
/// </summary>
public sealed record BlobStoreOptions
{
    /// <summary>The defaults.</summary>
    public static readonly BlobStoreOptions Default = new();

    /// <summary>
    /// Bodies up to this size, in bytes, live inside their manifest (one read, no content record, no dedup). Default
    /// 4 KiB: about one engine block, and small enough that storing a duplicate costs less than a content record.
    /// </summary>
    public int InlineLimitBytes { get; init; } = 4 << 10;

    /// <summary>
    /// The size, in bytes, of one chunk record (the last chunk of a body may be shorter). Default 256 KiB: large enough
    /// that the per-record overhead vanishes, small enough that a ranged read touches little more than it returns.
    /// Also the size of the one buffer a put streams through.
    /// </summary>
    public int ChunkSizeBytes { get; init; } = 256 << 10;

    /// <summary>
    /// Bodies larger than this, in bytes, go to a content-addressed blob file beside the engine, so that compaction never
    /// rewrites them. Default 64 MiB: below it the engine's compaction cost is modest and chunks need no file handle.
    /// </summary>
    public long FileThresholdBytes { get; init; } = 64L << 20;

    /// <summary>
    /// The checksummed segment of a blob file, in bytes. Default 64 KiB: a ranged read verifies at most one extra segment
    /// on each side of its range, and the checksums cost 4 bytes in 64 KiB.
    /// </summary>
    public int FileSegmentSizeBytes { get; init; } = 64 << 10;

    /// <summary>
    /// How long a multipart upload may stay open: one created longer ago, by the store's clock, is aborted when the
    /// store opens (its parts and their files removed), as an abandoned upload would otherwise hold its space for ever.
    /// Seven days by default; null keeps uploads until they are completed or aborted.
    /// </summary>
    public TimeSpan? UploadExpiry { get; init; } = TimeSpan.FromDays(7);

    internal void Validate()
    {
        if (UploadExpiry is { } expiry && expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(UploadExpiry), expiry, "positive, or null for never");
        }

        if (InlineLimitBytes is < 0 or > (64 << 10))
        {
            throw new ArgumentOutOfRangeException(nameof(InlineLimitBytes), InlineLimitBytes, "between 0 and 64 KiB");
        }

        if (ChunkSizeBytes <= InlineLimitBytes || ChunkSizeBytes > (16 << 20))
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSizeBytes), ChunkSizeBytes, "above the inline limit and at most 16 MiB");
        }

        if (FileThresholdBytes < ChunkSizeBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(FileThresholdBytes), FileThresholdBytes, "at least one chunk");
        }

        if (FileSegmentSizeBytes is < Files.BlobFileFormat.MinSegmentSize or > Files.BlobFileFormat.MaxSegmentSize)
        {
            throw new ArgumentOutOfRangeException(nameof(FileSegmentSizeBytes), FileSegmentSizeBytes, "between 4 KiB and 16 MiB");
        }
    }
}
