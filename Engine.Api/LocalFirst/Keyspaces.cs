namespace Engine.Api.LocalFirst;

/// <summary>
/// The first byte of every key a <see cref="LocalStore"/> writes: one keyspace per store, all in one engine so that one
/// atomic batch can span them. Drawn in <c>docs/format/local-first.md</c>; a byte, once given, is never reused.
/// </summary>
internal static class Keyspaces
{
    /// <summary>The store's own records: the format version.</summary>
    public const byte Meta = 0x01;

    /// <summary>Key-value entries: <c>0x10, namespace (tuple string), user key (raw bytes)</c>.</summary>
    public const byte KeyValue = 0x10;

    /// <summary>Documents: <c>0x20, collection, id</c>.</summary>
    public const byte Document = 0x20;

    /// <summary>Secondary index entries: <c>0x21, collection, index name, encoded field values, id</c>.</summary>
    public const byte DocumentIndex = 0x21;

    /// <summary>Index definitions: <c>0x22, collection, index name</c>.</summary>
    public const byte IndexDefinition = 0x22;

    /// <summary>Blob manifests: <c>0x30, blob id</c>.</summary>
    public const byte Blob = 0x30;

    /// <summary>Blob chunks: <c>0x31, blob id, chunk number</c>.</summary>
    public const byte BlobChunk = 0x31;

    /// <summary>Blob content references (dedup counts): <c>0x32, content hash</c>.</summary>
    public const byte BlobContent = 0x32;

    /// <summary>Multipart uploads: <c>0x33, upload id</c>.</summary>
    public const byte Upload = 0x33;

    /// <summary>Multipart upload parts: <c>0x34, upload id, part number</c>.</summary>
    public const byte UploadPart = 0x34;

    /// <summary>Blob bodies being staged (chunks written, manifest not yet committed): <c>0x35, staging id</c>.</summary>
    public const byte BlobStaging = 0x35;

    /// <summary>Time-series points: <c>0x40, series, timestamp (sign-flipped big-endian), tag-set id</c>.</summary>
    public const byte TimeSeries = 0x40;

    /// <summary>Time-series tag index: <c>0x41, series, tag key, tag value, timestamp, tag-set id</c>.</summary>
    public const byte TimeSeriesTag = 0x41;

    /// <summary>Time-series definitions (retention): <c>0x42, series</c>.</summary>
    public const byte TimeSeriesMeta = 0x42;
}
