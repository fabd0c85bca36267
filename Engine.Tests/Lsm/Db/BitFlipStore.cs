using System.Text;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;

using VerifyReport = Engine.Api.VerifyReport;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// A small, cleanly closed store kept as file images: one table (filter and range-del blocks included), one WAL of a
/// few records the table does not hold, and the manifest. Copies of it, with one bit flipped, are opened and read in
/// full (<see cref="Read"/>).
/// </summary>
/// <remarks>Immutable after <see cref="Build"/>; copies are independent, so readers may run on any thread.</remarks>
internal sealed class BitFlipStore
{
    public const string Directory = "/db";

    private readonly Dictionary<string, byte[]> _images;

    private BitFlipStore(LsmOptions options, Dictionary<string, byte[]> images, List<byte[]> keys, SortedDictionary<string, byte[]> model)
    {
        Options = options;
        _images = images;
        Keys = keys;
        Model = model;
    }

    /// <summary>The store's options (compression of the table's data blocks among them).</summary>
    public LsmOptions Options { get; }

    /// <summary>Every key ever written, plus keys never written, in the order <see cref="Read"/> gets them.</summary>
    public IReadOnlyList<byte[]> Keys { get; }

    /// <summary>What the store holds: live keys (ASCII) and their values.</summary>
    public SortedDictionary<string, byte[]> Model { get; }

    /// <summary>
    /// Writes <paramref name="tableKeys"/> keys (some deleted, a range of them under a range tombstone) and flushes
    /// them into the table, then <paramref name="logRecords"/> batches into the WAL, and closes the store; or, when
    /// <paramref name="killed"/>, writes one more synced key and keeps the files as a killed process leaves them (every
    /// write the operating system took, no close marker, manifest and WAL still open).
    /// </summary>
    public static BitFlipStore Build(Random random, CompressionType compression, int tableKeys, int logRecords, bool killed)
    {
        LsmOptions options = new()
        {
            Compression = compression,
            BlockSizeBytes = 512,
            BloomBitsPerKey = 10,
            L0CompactionTrigger = 8,

            // Room for every key without a flush, and no more: each open allocates its memtables in full.
            WriteBufferSizeBytes = Math.Max(64 << 10, tableKeys * 512),
            BlockCacheBytes = 256 << 10,
        };
        MemFileSystem fs = new();
        SortedDictionary<string, byte[]> model = new(StringComparer.Ordinal);
        HashSet<string> written = [];
        MemFileSystem? killedCopy = null;
        using (LsmDatabase db = LsmDatabase.Open(fs, Directory, options))
        {
            for (int i = 0; i < tableKeys; i++)
            {
                Put(db, model, written, $"key{i:D4}", Value(random, i), i % 7 == 0);
            }

            Delete(db, model, $"key{tableKeys / 3:D4}");
            DeleteRange(db, model, $"key{tableKeys / 2:D4}", $"key{(tableKeys / 2) + 4:D4}");
            db.Flush();

            // The WAL: new keys, an overwrite, a delete, a range delete and a multi-operation batch.
            for (int r = 0; r < logRecords; r++)
            {
                switch (r % 5)
                {
                    case 0:
                        Put(db, model, written, $"log{r:D4}", Value(random, r), r % 2 == 0);
                        break;
                    case 1:
                        Put(db, model, written, $"key{random.Next(tableKeys):D4}", Value(random, r), false);
                        break;
                    case 2:
                        Delete(db, model, $"key{random.Next(tableKeys):D4}");
                        break;
                    case 3:
                        int start = random.Next(tableKeys - 3);
                        DeleteRange(db, model, $"key{start:D4}", $"key{start + 2:D4}");
                        break;
                    default:
                        WriteBatchOfTwo(db, model, written, random, r);
                        break;
                }
            }

            if (killed)
            {
                db.Put("synced"u8, "last"u8, WriteOptions.Synced);
                model["synced"] = "last"u8.ToArray();
                written.Add("synced");
                killedCopy = fs.CrashClone(CrashOptions.KeepAll);
            }
        }

        fs = killedCopy ?? fs;

        Dictionary<string, byte[]> images = fs.List(Directory).ToDictionary(n => n, n => fs.ReadAllBytes($"{Directory}/{n}"));
        List<byte[]> keys = [.. written.Concat(["a", "key", "key9999", "log", "zzz"]).Order(StringComparer.Ordinal).Select(Encoding.ASCII.GetBytes)];
        return new BitFlipStore(options, images, keys, model);
    }

    /// <summary>The name of the store's only file of <paramref name="kind"/>.</summary>
    public string FileOf(FileKind kind) =>
        _images.Keys.Single(n => FileNames.TryParse(n, out FileKind k, out _) && k == kind);

    /// <summary>The bytes of file <paramref name="name"/>.</summary>
    public byte[] Image(string name) => _images[name];

    /// <summary>
    /// A fresh file system holding the store, every file synced, with bit <paramref name="bit"/> of
    /// <paramref name="name"/> flipped (none when negative) and the file cut to <paramref name="truncateAt"/> bytes (when
    /// not negative).
    /// </summary>
    public MemFileSystem Copy(string name, long bit = -1, long truncateAt = -1)
    {
        MemFileSystem fs = new();
        fs.CreateDirectory(Directory);
        foreach ((string file, byte[] bytes) in _images)
        {
            fs.WriteAllBytes($"{Directory}/{file}", file == name && truncateAt >= 0 ? bytes.AsSpan(0, (int)truncateAt) : bytes, sync: true);
        }

        if (bit >= 0)
        {
            fs.FlipBit($"{Directory}/{name}", bit);
        }

        return fs;
    }

    /// <summary>Opens the store in <paramref name="fs"/>, gets every key, scans both ways and verifies; throws what the store throws.</summary>
    public StoreReadout Read(MemFileSystem fs)
    {
        using LsmDatabase db = LsmDatabase.Open(fs, Directory, Options);
        List<byte[]?> gets = [.. Keys.Select(k => db.Get(k))];
        List<(byte[] Key, byte[] Value)> forward = [];
        List<(byte[] Key, byte[] Value)> backward = [];
        using (DbIterator iterator = db.NewIterator())
        {
            for (iterator.First(); iterator.Valid; iterator.Next())
            {
                forward.Add((iterator.Key.ToArray(), iterator.Value.ToArray()));
            }

            for (iterator.Last(); iterator.Valid; iterator.Prev())
            {
                backward.Add((iterator.Key.ToArray(), iterator.Value.ToArray()));
            }
        }

        VerifyReport report = db.Verify();
        return new StoreReadout(gets, forward, backward, report.Problems);
    }

    private static byte[] Value(Random random, int i)
    {
        // Repetitive enough for LZ4 to keep the data blocks compressed, random enough to differ between seeds.
        char fill = (char)('a' + random.Next(26));
        return Encoding.ASCII.GetBytes($"value{i:D4}:{new string(fill, random.Next(8, 48))}{random.Next(1000):D3}");
    }

    private static void Put(LsmDatabase db, SortedDictionary<string, byte[]> model, HashSet<string> written, string key, byte[] value, bool synced)
    {
        db.Put(Encoding.ASCII.GetBytes(key), value, synced ? WriteOptions.Synced : null);
        model[key] = value;
        written.Add(key);
    }

    private static void WriteBatchOfTwo(LsmDatabase db, SortedDictionary<string, byte[]> model, HashSet<string> written, Random random, int r)
    {
        using WriteBatch batch = new();
        foreach (string key in new[] { $"log{r:D4}a", $"log{r:D4}b" })
        {
            byte[] value = Value(random, r);
            batch.Put(Encoding.ASCII.GetBytes(key), value);
            model[key] = value;
            written.Add(key);
        }

        db.Write(batch, WriteOptions.Synced);
    }

    private static void Delete(LsmDatabase db, SortedDictionary<string, byte[]> model, string key)
    {
        db.Delete(Encoding.ASCII.GetBytes(key));
        model.Remove(key);
    }

    private static void DeleteRange(LsmDatabase db, SortedDictionary<string, byte[]> model, string start, string end)
    {
        db.DeleteRange(Encoding.ASCII.GetBytes(start), Encoding.ASCII.GetBytes(end));
        foreach (string key in model.Keys.Where(k => string.CompareOrdinal(k, start) >= 0 && string.CompareOrdinal(k, end) < 0).ToList())
        {
            model.Remove(key);
        }
    }
}
