namespace Engine.Bench.Local;

/// <summary>Large blobs streamed in and out: our blob store, or SQLite rows of 256 KiB chunks <c>(blob_id, seq, data)</c>.</summary>
internal interface IBlobTarget
{
    /// <summary>Stores <paramref name="source"/> read to its end as a new blob; returns its id.</summary>
    ValueTask<string> PutBlobAsync(Stream source);

    /// <summary>Reads blob <paramref name="id"/> to its end through <paramref name="buffer"/>; returns its length.</summary>
    ValueTask<long> ReadBlobAsync(string id, byte[] buffer);
}
