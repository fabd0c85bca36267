using Engine.Api.LocalFirst.Blobs;
using Engine.Api.LocalFirst.Blobs.Records;
using Engine.Api.LocalFirst.Blobs.Storage;
using Engine.Fuzz.Driver;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>The blob manifest parser (<see cref="BlobRecords.ParseManifest"/>), as every blob read runs it.</summary>
/// <remarks>
/// The input is a stored manifest value. It either throws <see cref="CorruptionException"/> or yields a manifest whose
/// body a reader can follow (inline bytes of the stated size, a valid body id and chunk size for chunks), and which
/// survives a write and a second parse unchanged. One thread at a time.
/// </remarks>
internal sealed class BlobManifestTarget : IFuzzTarget
{
    private static readonly byte[] s_key = BlobKeys.Manifest("fuzz");

    public string Name => "blob-manifest";

    public string Description => "Engine.Api.LocalFirst.Blobs.Records.BlobRecords.ParseManifest";

    public void Run(ReadOnlySpan<byte> input)
    {
        BlobManifestRecord record;
        try
        {
            record = BlobRecords.ParseManifest("<fuzz>", s_key, input);
        }
        catch (CorruptionException)
        {
            return;
        }

        BlobBody body = BlobRecords.BodyOf(record);
        bool followable = body.Kind switch
        {
            BlobStorageKind.Inline => body.Inline is not null && body.Inline.Length == body.Size,
            BlobStorageKind.Chunks => BlobIds.IsValid(body.BodyId) && body.ChunkSize > 0,
            BlobStorageKind.File => body.Sha256.Length == 32,
            _ => false,
        };
        if (!followable || body.Size < 0)
        {
            throw new FuzzCheckException($"an accepted manifest has a body no reader can follow ({body.Kind}, {body.Size} bytes)");
        }

        BlobManifestRecord again = BlobRecords.ParseManifest("<fuzz>", s_key, BlobRecords.Serialize(record));
        if (again.Size != record.Size || again.Storage != record.Storage || !again.Sha256.AsSpan().SequenceEqual(record.Sha256))
        {
            throw new FuzzCheckException("an accepted manifest does not survive a write and a parse");
        }
    }

    public bool IsExpectedRejection(Exception exception) => false;

    public IEnumerable<byte[]> Seeds()
    {
        byte[] sha = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
        yield return BlobRecords.Serialize(new BlobManifestRecord { Size = 3, Sha256 = sha, Storage = 0, Inline = [1, 2, 3], CreatedAt = 1, ModifiedAt = 1 });
        yield return BlobRecords.Serialize(new BlobManifestRecord
        {
            Size = 1_000_000,
            Sha256 = sha,
            Storage = 1,
            BodyId = "2IfWfu9f7NJ6Q6RD4dYJjOEh8w1",
            ChunkSize = 262_144,
            ContentType = "image/png",
            Custom = new Dictionary<string, string> { ["owner"] = "ada" },
        });
        yield return BlobRecords.Serialize(new BlobManifestRecord { Size = 100L << 20, Sha256 = sha, Storage = 2 });
    }
}
