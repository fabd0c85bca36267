using System.Diagnostics;

namespace Engine.Bench.Local;

/// <summary>The blob workload: <see cref="LocalSizes.Blobs"/> blobs streamed in from a generator, then read back to their end.</summary>
internal sealed partial class LocalWorkloads
{
    private async Task<List<Measured>> BlobsAsync(ILocalTarget target)
    {
        string[] ids = new string[_sizes.Blobs];
        long start = Stopwatch.GetTimestamp();
        for (int b = 0; b < ids.Length; b++)
        {
            using PatternStream source = new((ulong)b + 1, _sizes.BlobBytes);
            ids[b] = await target.PutBlobAsync(source).ConfigureAwait(false);
        }

        double writeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        byte[] buffer = new byte[SqliteTarget.ChunkBytes];
        start = Stopwatch.GetTimestamp();
        foreach (string id in ids)
        {
            Check(target.Name, $"bytes of blob {id}", _sizes.BlobBytes, await target.ReadBlobAsync(id, buffer).ConfigureAwait(false));
        }

        double readSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double mib = (double)_sizes.Blobs * _sizes.BlobBytes / (1 << 20);
        return
        [
            Measured.Rate("write_mib_per_s", "write (MiB/s)", mib, writeSeconds),
            Measured.Rate("read_mib_per_s", "read (MiB/s)", mib, readSeconds),
        ];
    }
}
