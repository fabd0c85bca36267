using System.Text;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Cache;
using Engine.Lsm.Db;
using Engine.Lsm.Keys;
using Engine.Lsm.Options;
using Engine.Lsm.Salvage;
using Engine.Lsm.Sst;
using Engine.Lsm.Wal;

namespace Engine.Tests.Lsm.Salvage;

/// <summary>
/// Salvage of a store with a damaged table block and a damaged WAL record: every key outside the damaged block and
/// record comes back with its newest value, deletions and range deletions stay deleted, and the report names the
/// damaged file and offset of each loss.
/// </summary>
[Trait("Category", "Unit")]
public sealed class StoreSalvagerTests
{
    private static readonly LsmOptions s_options = new() { BlockSizeBytes = 512, L0CompactionTrigger = 20, L0SlowdownWritesTrigger = 30, L0StopWritesTrigger = 40, WriteBufferSizeBytes = 1 << 20 };

    [Fact]
    public void DamagedBlockAndWalRecord_EverythingElseSurvivesWithItsNewestValue_AndTheReportNamesTheDamage()
    {
        MemFileSystem fs = new();
        Dictionary<string, string> model = Build(fs);

        // Damage one data block of the table that holds key0150, and the WAL record that holds key0310.
        (string table, long blockOffset, List<string> blockKeys) = FindBlock(fs, "key0150");
        fs.FlipBit(table, (blockOffset + 20) * 8);
        (string log, long recordOffset) = FindRecord(fs, "key0310");
        fs.FlipBit(log, (recordOffset + 30) * 8);
        Assert.Throws<CorruptionException>(() => LsmDatabase.Open(fs, "/db", s_options with { WalRecoveryMode = WalRecoveryMode.TolerateTornTail }).Dispose());

        SalvageReport report = StoreSalvager.Salvage(fs, "/db", "/salvaged", s_options);

        Assert.Equal(1, report.BlocksLost);
        Assert.Equal(1, report.WalRecordsLost);
        Assert.False(report.ManifestLost);
        Assert.Contains(report.Losses, l => l.FilePath == table && l.Offset == blockOffset);
        Assert.Contains(report.Losses, l => l.FilePath == log && l.Offset == recordOffset);
        Assert.Equal(2, report.Losses.Count);

        using LsmDatabase salvaged = LsmDatabase.Open(fs, "/salvaged", s_options);
        Assert.True(salvaged.Verify().IsHealthy);
        HashSet<string> lost = [.. blockKeys, "key0310"];
        long expectedCount = 0;
        for (int i = 0; i < 400; i++)
        {
            string key = $"key{i:D4}";
            byte[]? value = salvaged.Get(Encoding.ASCII.GetBytes(key));
            if (lost.Contains(key))
            {
                Assert.Null(value);
            }
            else if (model.TryGetValue(key, out string? expected))
            {
                expectedCount++;
                Assert.True(value is not null, $"{key} was lost");
                Assert.Equal(expected, Encoding.ASCII.GetString(value));
            }
            else
            {
                Assert.True(value is null, $"{key} was deleted, yet salvaged");
            }
        }

        Assert.Equal(expectedCount, report.KeysRecovered);
    }

    [Fact]
    public void IntactStore_IsCopiedWhole()
    {
        MemFileSystem fs = new();
        Dictionary<string, string> model = Build(fs);

        SalvageReport report = StoreSalvager.Salvage(fs, "/db", "/salvaged", s_options);

        Assert.True(report.IsComplete);
        Assert.Equal(model.Count, report.KeysRecovered);
        using LsmDatabase salvaged = LsmDatabase.Open(fs, "/salvaged", s_options);
        foreach ((string key, string value) in model)
        {
            Assert.Equal(value, Encoding.ASCII.GetString(salvaged.Get(Encoding.ASCII.GetBytes(key))!));
        }
    }

    [Fact]
    public void OpenStore_IsRefused_AndANonEmptyTargetToo()
    {
        MemFileSystem fs = new();
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options))
        {
            db.Put("k"u8, "v"u8);
            Assert.Throws<DatabaseLockedException>(() => StoreSalvager.Salvage(fs, "/db", "/salvaged", s_options));
        }

        fs.CreateDirectory("/other");
        fs.WriteAllBytes("/other/file", "x"u8, sync: true);
        StorageException ex = Assert.Throws<StorageException>(() => StoreSalvager.Salvage(fs, "/db", "/other", s_options));
        Assert.Equal(StorageErrorCode.AlreadyExists, ex.Code);
    }

    /// <summary>
    /// Keys 0..199 in a first table; key0005 deleted, [key0100, key0110) range-deleted and key0020..29 rewritten in a
    /// second; keys 300..319 and a rewrite of key0030 only in the WAL, one record each. Returns the expected contents.
    /// </summary>
    private static Dictionary<string, string> Build(MemFileSystem fs)
    {
        Dictionary<string, string> model = [];
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        for (int i = 0; i < 200; i++)
        {
            Put(db, model, $"key{i:D4}", $"v1 of {i} " + new string('x', 30));
        }

        db.Flush();
        db.Delete("key0005"u8);
        model.Remove("key0005");
        db.DeleteRange("key0100"u8, "key0110"u8);
        for (int i = 100; i < 110; i++)
        {
            model.Remove($"key{i:D4}");
        }

        for (int i = 20; i < 30; i++)
        {
            Put(db, model, $"key{i:D4}", $"v2 of {i}");
        }

        db.Flush();
        for (int i = 300; i < 320; i++)
        {
            Put(db, model, $"key{i:D4}", $"wal {i} " + new string('w', 20));
        }

        Put(db, model, "key0030", "v3 in the wal");
        return model;
    }

    private static void Put(LsmDatabase db, Dictionary<string, string> model, string key, string value)
    {
        db.Put(Encoding.ASCII.GetBytes(key), Encoding.ASCII.GetBytes(value), WriteOptions.Synced);
        model[key] = value;
    }

    /// <summary>The table and data block holding <paramref name="key"/>, and every user key in that block.</summary>
    private static (string Table, long Offset, List<string> Keys) FindBlock(MemFileSystem fs, string key)
    {
        foreach (string name in fs.List("/db").Where(n => n.EndsWith(".sst", StringComparison.Ordinal)))
        {
            string path = "/db/" + name;
            using SstReader reader = SstReader.Open(fs.OpenMapped(path));
            BlockReader index = reader.IndexReader();
            BlockCursor indexCursor = default;
            byte[]? buffer = null;
            for (indexCursor.First(index); indexCursor.Valid; indexCursor.Next(index))
            {
                BlockHandle handle = SstReader.DataHandle(index, indexCursor);
                ReadOnlySpan<byte> contents = reader.DataBlock(indexCursor.RestartIndex, handle, ref buffer, fillCache: false, out BlockLease lease, out _);
                lease.Dispose();
                BlockReader block = reader.DataReader(contents, handle);
                BlockCursor cursor = new(new byte[64]);
                List<string> keys = [];
                for (cursor.First(block); cursor.Valid; cursor.Next(block))
                {
                    keys.Add(Encoding.ASCII.GetString(InternalKey.UserKey(cursor.Key(block))));
                }

                if (keys.Contains(key))
                {
                    return (path, handle.Offset, keys);
                }
            }
        }

        throw new InvalidOperationException($"no table holds {key}");
    }

    /// <summary>The newest WAL and the offset of the record that writes <paramref name="key"/>.</summary>
    private static (string Log, long Offset) FindRecord(MemFileSystem fs, string key)
    {
        string log = "/db/" + fs.List("/db").Where(n => n.EndsWith(".log", StringComparison.Ordinal)).Max();
        using IReadableFile file = fs.OpenRead(log);
        using LogReader reader = LogReader.Open(file, WalRecoveryMode.TolerateTornTail);
        byte[] wanted = Encoding.ASCII.GetBytes(key);
        while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out long offset))
        {
            if (record.IndexOf(wanted) >= 0)
            {
                return (log, offset);
            }
        }

        throw new InvalidOperationException($"no WAL record holds {key}");
    }
}
