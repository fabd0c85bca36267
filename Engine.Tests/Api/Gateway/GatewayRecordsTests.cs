using Engine.Api;
using Engine.Api.Gateway.Embedded;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Sync.Records;
using Engine.Core.Storage;
using Engine.Lsm.Db;

namespace Engine.Tests.Api.Gateway;

/// <summary>The one reader of both embedded gateway stores: what parses, and what is corruption.</summary>
[Trait("Category", "Unit")]
public sealed class GatewayRecordsTests : IDisposable
{
    private static readonly byte[] s_key = [0x04, 0x02, (byte)'w', 0x00];

    private readonly Database _database = new(LsmDatabase.Open(new MemFileSystem(), "/db", new DatabaseOptions().ToLsmOptions()));

    public void Dispose() => _database.Dispose();

    [Fact]
    public void ARecordRoundTripsThroughGetAndParse()
    {
        RowValue row = new() { Payload = [1, 2, 3], OpId = "op-1", Clock = 7 };
        byte[] stored = GatewayRecords.Serialize(row);
        _database.Put(s_key, stored);
        Assert.Equal("op-1", GatewayRecords.Get<RowValue>(_database, s_key)!.OpId);
        RowValue parsed = GatewayRecords.Parse<RowValue>(s_key, stored.AsSpan());
        Assert.Equal([1, 2, 3], parsed.Payload);
        Assert.Equal(7, parsed.Clock);
        Assert.Null(GatewayRecords.Get<RowValue>(_database, [0x04, 0x02, (byte)'x', 0x00]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void ARecordAtAnUnknownContractVersionIsCorruptionInBothStoresRecords(int version)
    {
        _database.Put(s_key, RecordSerializer.Serialize(new RowValue { FormatVersion = version }));
        CorruptionException row = Assert.Throws<CorruptionException>(() => GatewayRecords.Get<RowValue>(_database, s_key));
        Assert.Equal(s_key, row.Key);

        _database.Put(s_key, RecordSerializer.Serialize(new UserRecord { FormatVersion = version }));
        Assert.Throws<CorruptionException>(() => GatewayRecords.Get<UserRecord>(_database, s_key));
        Assert.Throws<CorruptionException>(() => GatewayRecords.Parse<UserRecord>(s_key, _database.Get(s_key)));
    }

    [Fact]
    public void BytesThatAreNotARecordAreCorruption()
    {
        _database.Put(s_key, [0xC1, 0xFF, 0x00]);
        Assert.Throws<CorruptionException>(() => GatewayRecords.Get<CursorValue>(_database, s_key));
        Assert.Throws<CorruptionException>(() => GatewayRecords.Parse<CursorValue>(s_key, [0xC1]));
    }
}
