using System.Buffers.Binary;
using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Google.Protobuf;
using ZstdSharp;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// The blobs the reference SDK wrote into the fixtures in shared/fixtures/c1z parse as the right messages and
/// re-serialize byte for byte (shared/spec/baton-storage.md, 9.4); through the store, a grant's GrantExpandable moves
/// into its expansion bytes exactly as the reference's backfill does (9.2). The blobs come from
/// testdata/fixture-blobs.bin.zst, extracted by testdata/extract-fixture-blobs.py (every row of the two small fixtures,
/// every 50th of the large one) until the v1 reader reads the fixtures directly.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncFixtureBlobTests
{
    private static readonly Lazy<List<(int Table, byte[] Blob)>> s_blobs = new(Load);

    [Fact]
    public void EveryFixtureBlob_ParsesAndReserializesByteForByte()
    {
        Dictionary<int, int> counts = [];
        foreach ((int table, byte[] blob) in s_blobs.Value)
        {
            IMessage message = table switch
            {
                1 => ResourceType.Parser.ParseFrom(blob),
                2 => Resource.Parser.ParseFrom(blob),
                3 => Entitlement.Parser.ParseFrom(blob),
                4 => Grant.Parser.ParseFrom(blob),
                _ => throw new InvalidDataException($"table code {table}"),
            };
            Assert.True(blob.AsSpan().SequenceEqual(message.ToByteArray()), $"a {message.Descriptor.Name} blob changed: {Convert.ToHexString(blob)}");
            counts[table] = counts.GetValueOrDefault(table) + 1;
        }

        // in-progress.c1z and org-1k-resources.c1z whole (5+4, 79+1221, 342, 2909 rows), plus the 35k sample.
        Assert.True(counts[1] >= 9 && counts[2] >= 1300 && counts[3] >= 342 && counts[4] >= 2909, string.Join(", ", counts));
    }

    [Fact]
    public void FixtureGrantsWithGrantExpandable_StoreTheBlobWithoutIt_AndItsValueAsTheExpansion()
    {
        List<Grant> expandable = s_blobs.Value
            .Where(b => b.Table == 4)
            .Select(b => Grant.Parser.ParseFrom(b.Blob))
            .Where(g => g.Annotations.Any(a => a.Is(GrantExpandable.Descriptor)))
            .ToList();
        Assert.True(expandable.Count >= 409, $"{expandable.Count} expandable grants");
        SyncStoreHarness harness = new();
        using SyncStore store = harness.Open();
        string sync = store.StartNewSync(SyncType.Full);

        store.PutGrants([.. expandable]);

        foreach (Grant grant in expandable)
        {
            StoredRecords.Stored stored = StoredRecords.Get(store, Keyspace.Grant, sync, grant.Id)!;
            Grant without = grant.Clone();
            without.Annotations.Clear();
            without.Annotations.AddRange(grant.Annotations.Where(a => !a.Is(GrantExpandable.Descriptor)));
            Assert.Equal(without.ToByteArray(), stored.Blob);
            Assert.Equal(grant.Annotations.First(a => a.Is(GrantExpandable.Descriptor)).Value.ToByteArray(), stored.Expansion);
        }
    }

    private static List<(int Table, byte[] Blob)> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Api", "Sync", "testdata", "fixture-blobs.bin.zst");
        using Decompressor decompressor = new();
        byte[] raw = decompressor.Unwrap(File.ReadAllBytes(path)).ToArray();
        List<(int, byte[])> blobs = [];
        for (int offset = 0; offset < raw.Length;)
        {
            int table = raw[offset];
            int length = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(offset + 1));
            blobs.Add((table, raw.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }

        return blobs;
    }
}
