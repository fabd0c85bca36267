using Microsoft.Data.Sqlite;

namespace Engine.Bench.Local;

/// <summary>
/// The blobs as rows of 256 KiB chunks <c>(blob_id, seq, data)</c>, one transaction per blob, read back in order into
/// one buffer: the usual way to stream large values through SQLite (the size of our store's chunk records too).
/// </summary>
internal sealed partial class SqliteTarget
{
    /// <summary>The chunk size, our blob store's default chunk record.</summary>
    public const int ChunkBytes = 256 << 10;

    private readonly SqliteCommand _putChunk;
    private readonly SqliteCommand _readChunks;
    private readonly byte[] _chunk = new byte[ChunkBytes];
    private long _nextBlob;

    /// <inheritdoc/>
    public async ValueTask<string> PutBlobAsync(Stream source)
    {
        long blob = ++_nextBlob;
        using SqliteTransaction transaction = _connection.BeginTransaction();
        _putChunk.Transaction = transaction;
        try
        {
            _putChunk.Parameters[0].Value = blob;
            for (long seq = 0; ; seq++)
            {
                int filled = await source.ReadAtLeastAsync(_chunk, ChunkBytes, throwOnEndOfStream: false).ConfigureAwait(false);
                if (filled == 0)
                {
                    break;
                }

                _putChunk.Parameters[1].Value = seq;
                _putChunk.Parameters[2].Value = filled == ChunkBytes ? _chunk : _chunk.AsSpan(0, filled).ToArray();
                _putChunk.ExecuteNonQuery();
                if (filled < ChunkBytes)
                {
                    break;
                }
            }

            transaction.Commit();
        }
        finally
        {
            _putChunk.Transaction = null;
        }

        return blob.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public ValueTask<long> ReadBlobAsync(string id, byte[] buffer)
    {
        _readChunks.Parameters[0].Value = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
        long total = 0;
        using (SqliteDataReader reader = _readChunks.ExecuteReader())
        {
            while (reader.Read())
            {
                total += reader.GetBytes(0, 0, buffer, 0, buffer.Length);
            }
        }

        return ValueTask.FromResult(total);
    }
}
