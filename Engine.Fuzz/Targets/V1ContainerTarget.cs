using Engine.Api.Sync.V1;
using Engine.Fuzz.Driver;

namespace Engine.Fuzz.Targets;

/// <summary>
/// The v1 <c>.c1z</c> decoder (<see cref="V1Container.Decompress"/>) over untrusted files, under small limits.
/// </summary>
/// <remarks>
/// The whole input is the file. Only <see cref="V1FileException"/> may reject it; an accepted file must decode within
/// the limits, and its content must survive a <see cref="V1Container.Compress"/> round trip. Stateless; thread-safe.
/// </remarks>
internal sealed class V1ContainerTarget : IFuzzTarget
{
    private static readonly V1DecoderLimits s_limits = new() { MaxDecodedBytes = 1 << 20, MaxWindowBytes = 1 << 20 };

    public string Name => "v1-container";

    public string Description => "Engine.Api.Sync.V1.V1Container: decode untrusted v1 .c1z files under small limits";

    public void Run(ReadOnlySpan<byte> input)
    {
        using MemoryStream decoded = new();
        long length = V1Container.Decompress(new MemoryStream(input.ToArray(), writable: false), decoded, s_limits, "fuzz.c1z");
        if (length != decoded.Length || length > s_limits.MaxDecodedBytes)
        {
            throw new FuzzCheckException($"Decompress reports {length} bytes, wrote {decoded.Length}, limit {s_limits.MaxDecodedBytes}");
        }

        using MemoryStream again = new();
        decoded.Position = 0;
        using MemoryStream recompressed = new();
        V1Container.Compress(decoded, recompressed);
        recompressed.Position = 0;
        V1Container.Decompress(recompressed, again, s_limits, "round-trip.c1z");
        if (!again.GetBuffer().AsSpan(0, (int)again.Length).SequenceEqual(decoded.GetBuffer().AsSpan(0, (int)decoded.Length)))
        {
            throw new FuzzCheckException($"the {length} decoded bytes do not survive a compress/decompress round trip");
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is V1FileException;

    public IEnumerable<byte[]> Seeds()
    {
        yield return Compress([]);
        yield return Compress("hello, hello, hello"u8.ToArray());
        yield return Compress([.. Enumerable.Range(0, 3000).Select(i => (byte)(i % 251 % 7))]);
        foreach (byte[] database in SqliteSeeds.All().Take(2))
        {
            yield return Compress(database);
        }
    }

    private static byte[] Compress(byte[] data)
    {
        using MemoryStream output = new();
        V1Container.Compress(new MemoryStream(data), output);
        return output.ToArray();
    }
}
