using Engine.Fuzz.Targets;

namespace Engine.Fuzz.Driver;

/// <summary>Every fuzz target, by name.</summary>
/// <remarks>Creates fresh targets on each call, so callers never share a target's scratch buffers; thread-safe.</remarks>
internal static class FuzzTargets
{
    /// <summary>A new instance of every target, in the order <c>--list</c> prints them.</summary>
    public static IReadOnlyList<IFuzzTarget> All() =>
    [
        new Lz4Target(),
        new WalTarget(),
        new EncryptedFileTarget(),
        new BatchTarget(),
        new SstableTarget(),
        new BlockTarget(),
        new IndexTarget(),
        new BloomTarget(),
        new FooterTarget(),
        new ManifestEditTarget(),
        new TupleTarget(),
        new DocumentTarget(),
        new KsuidTarget(),
        new V1ContainerTarget(),
        new SqliteFileTarget(),
        new TimeSeriesPointTarget(),
        new BlobManifestTarget(),
        new BlobFileTarget(),
        new KeyValueEntryTarget(),
    ];

    /// <summary>A new instance of the target called <paramref name="name"/>, or null.</summary>
    public static IFuzzTarget? Find(string name) =>
        All().FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
