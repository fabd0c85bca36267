namespace Engine.Bench.Local;

/// <summary>
/// The sizes of one run, all from the scale N: N keys preloaded and N/2 timed gets, puts and deletes; N puts in batches
/// of 1,000; N/5 documents over up to 50 cities; 2N time-series points spread over three hours; eight 16 MiB blobs.
/// <see cref="LocalSettings.Quick"/> is the test's: a few thousand records and two 1 MiB blobs.
/// </summary>
/// <param name="Keys">Keys preloaded before the key-value latencies.</param>
/// <param name="Operations">Timed operations of each kind (get, put, delete).</param>
/// <param name="BatchPuts">Puts of the batch workload, a whole number of <see cref="BatchSize"/> batches.</param>
/// <param name="Documents">Documents in the queried collection.</param>
/// <param name="Cities">Distinct cities among the documents (the query's selectivity is 1/Cities).</param>
/// <param name="ScanQueries">Queries timed without an index.</param>
/// <param name="IndexedQueries">Queries timed with the index on city.</param>
/// <param name="Blobs">Blobs written and read back.</param>
/// <param name="BlobBytes">The size of each blob.</param>
/// <param name="Points">Time-series points, a whole number of <see cref="BatchSize"/> batches.</param>
/// <param name="Aggregations">Aggregation queries timed (each over one hour in one-minute buckets).</param>
internal sealed record LocalSizes(
    int Keys,
    int Operations,
    int BatchPuts,
    int Documents,
    int Cities,
    int ScanQueries,
    int IndexedQueries,
    int Blobs,
    int BlobBytes,
    int Points,
    int Aggregations)
{
    /// <summary>Puts per batch and points per time-series write.</summary>
    public const int BatchSize = 1000;

    /// <summary>Values of the key-value workloads, as the peers rig's.</summary>
    public const int ValueSize = 100;

    /// <summary>Rows returned by each document query (the sort's limit).</summary>
    public const int QueryLimit = 10;

    /// <summary>The sizes of <paramref name="settings"/>.</summary>
    public static LocalSizes From(LocalSettings settings)
    {
        if (settings.Quick)
        {
            return new LocalSizes(2000, 400, 2000, 400, 10, 3, 10, 2, 1 << 20, 4000, 3);
        }

        int n = settings.N;
        int documents = Math.Max(n / 5, 100);
        return new LocalSizes(
            Keys: n,
            Operations: Math.Max(n / 2, 100),
            BatchPuts: RoundUp(n),
            Documents: documents,
            Cities: Math.Clamp(documents / 400, 2, 50),
            ScanQueries: 20,
            IndexedQueries: 500,
            Blobs: 8,
            BlobBytes: 16 << 20,
            Points: RoundUp(2L * n),
            Aggregations: 10);
    }

    private static int RoundUp(long count) => (int)Math.Max(BatchSize, (count + BatchSize - 1) / BatchSize * BatchSize);
}
