using Engine.Api.LocalFirst.Blobs;

namespace Engine.Bench.Local;

/// <summary>The blobs: the blob store's streaming put and read.</summary>
internal sealed partial class EngineTarget
{
    /// <inheritdoc/>
    public async ValueTask<string> PutBlobAsync(Stream source)
    {
        BlobMetadata blob = await _store.Blobs.PutAsync(source).ConfigureAwait(false);
        return blob.Id;
    }

    /// <inheritdoc/>
    public async ValueTask<long> ReadBlobAsync(string id, byte[] buffer)
    {
        Stream stream = await _store.Blobs.OpenReadAsync(id).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"blob {id} is missing");
        await using (stream.ConfigureAwait(false))
        {
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}
