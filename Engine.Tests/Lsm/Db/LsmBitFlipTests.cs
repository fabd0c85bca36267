using System.Diagnostics;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Manifest;
using Engine.Lsm.Wal;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;
using VerifyProblem = Engine.Api.VerifyProblem;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// Every bit of a small store's table, WAL and manifest, flipped one at a time on a copy of the store: each flip is
/// reported as corruption naming the damaged file, or, only in the bytes no checksum vouches for, changes nothing a
/// reader sees. A flip that changes what comes back without an error fails the test, naming the file, bit and data.
/// </summary>
/// <remarks>
/// <para>Which bytes are vouched for (docs/format/*.md):</para>
/// <list type="bullet">
/// <item>A table: every byte. Each block is covered by its trailer's CRC (which covers the type byte too, and a flip in
/// the stored CRC is a mismatch), the footer's CRC covers its handles and version, and its magic is compared byte for
/// byte. Blocks are contiguous, so there are no gaps. Data blocks are checked on first read; a full scan reads them
/// all.</item>
/// <item>A log (WAL or manifest): a chunk's CRC covers its type, sync offset and payload, and a flipped length breaks
/// the chunk walk; a damaged chunk is reported when a later valid chunk vouches for it (its sync offset lies past the
/// chunk's start), and is otherwise a torn tail. A cleanly closed log ends in an empty FULL record written after the
/// final sync, and the manifest writes one after every edit: it vouches for every chunk before it and holds no data,
/// so a flip in its 15 bytes reads the same. The zero fill at a 32 KiB block end (fewer than 15 bytes left) is in no
/// chunk and is never read. <see cref="LogLayout"/> finds these regions by walking the chunk headers.</item>
/// <item>The newest WAL of a store that was killed, not closed: the records after the largest sync offset any chunk
/// carries are synced but vouched for by nothing, so a flip there may read as a torn tail. The store must then read
/// exactly as if the log ended before the damaged record: no damaged bytes come back as data.</item>
/// </list>
/// <para>
/// The default run covers a table of 1 to 2 KiB (raw and LZ4), a WAL of eight records and the manifest, of a closed
/// store and of a killed one, every bit; <c>ENGINE_SOAK=1</c> takes a store about twenty times larger, whose WAL
/// crosses block boundaries.
/// </para>
/// </remarks>
[Trait("Category", "Randomized")]
public sealed class LsmBitFlipTests(ITestOutputHelper output)
{
    private static readonly bool s_soak = Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FlipEveryBit_Table_EveryFlipIsReported(bool compressed) =>
        FlipEveryBit(FileKind.Table, compressed ? CompressionType.Lz4 : CompressionType.None, killed: false);

    [Fact]
    public void FlipEveryBit_Log_EveryFlipInAVouchedChunkIsReported() => FlipEveryBit(FileKind.Log, CompressionType.Lz4, killed: false);

    [Fact]
    public void FlipEveryBit_Manifest_EveryFlipInAVouchedChunkIsReported() => FlipEveryBit(FileKind.Manifest, CompressionType.None, killed: false);

    [Fact]
    public void FlipEveryBit_ManifestOfAKilledStore_EveryFlipInAnEditIsReported() =>
        FlipEveryBit(FileKind.Manifest, CompressionType.None, killed: true);

    [Fact]
    public void FlipEveryBit_LogOfAKilledStore_ReportsOrDropsOnlyTheUnvouchedTail() =>
        FlipEveryBit(FileKind.Log, CompressionType.None, killed: true);

    [Fact]
    public void FlipInLastEdit_ManifestOfAKilledStore_IsReported()
    {
        // A flushed table is referenced only by the manifest's last edit, and the WAL it came from is deleted: were the
        // edit vouched for by nothing, a flip in it would drop the flush silently and the table would become garbage.
        MemFileSystem fs = new();
        MemFileSystem killed;
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db"))
        {
            db.Put("key"u8, "value"u8);
            db.Flush();
            killed = fs.CrashClone(CrashOptions.KeepAll);
        }

        string manifest = killed.List("/db").Single(n => n.StartsWith("MANIFEST-", StringComparison.Ordinal));
        LogLayout layout = LogLayout.Parse(killed.ReadAllBytes($"/db/{manifest}"));
        LogLayout.Chunk edit = layout.Chunks.Last(c => c.End - c.Start > LogFormat.HeaderSize);
        killed.FlipBit($"/db/{manifest}", ((edit.Start + edit.End) / 2 * 8) + 3);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => LsmDatabase.Open(killed, "/db").Dispose());
        Assert.Contains(manifest, ex.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void LogLayout_ClosedLog_FindsBlockEndPaddingAndTheCloseMarker()
    {
        // Two records that fill block 0 up to 10 bytes before its end, so the close marker starts block 1.
        MemFileSystem fs = new();
        fs.CreateDirectory("/l");
        using (LogWriter writer = new(fs.Create("/l/000001.log")))
        {
            writer.AddRecord(new byte[1000]);
            writer.Sync();
            writer.AddRecord(new byte[LogFormat.BlockSize - 1000 - (2 * LogFormat.HeaderSize) - 10]);
            writer.Close();
        }

        LogLayout layout = LogLayout.Parse(fs.ReadAllBytes("/l/000001.log"));

        Assert.Equal([(LogFormat.BlockSize - 10L, (long)LogFormat.BlockSize)], layout.Padding);
        Assert.Equal([ChunkType.Full, ChunkType.Full, ChunkType.Full], layout.Chunks.Select(c => c.Type));
        Assert.Equal([0L, 1000 + LogFormat.HeaderSize, LogFormat.BlockSize - 10], layout.Chunks.Select(c => c.SyncOffset));
        Assert.True(layout.EndsInEmptyRecord);
        Assert.Equal(LogFormat.BlockSize - 10, layout.VouchedLimit);
        Assert.Null(layout.ChunkAt(LogFormat.BlockSize - 5));
        Assert.Equal(1000 + LogFormat.HeaderSize, layout.RecordStart(layout.ChunkAt(2000)!));
    }

    private void FlipEveryBit(FileKind kind, CompressionType compression, bool killed)
    {
        int seed = TestSeed.Get(output, $"{nameof(FlipEveryBit)}({kind}, {compression}, killed: {killed})");
        BitFlipStore store = BitFlipStore.Build(new Random(seed), compression, s_soak ? 400 : 16, s_soak ? 800 : 8, killed);
        string name = store.FileOf(kind);
        StoreReadout baseline = store.Read(store.Copy(name));
        Assert.Empty(baseline.Problems);
        Assert.Equal(store.Model.Keys, baseline.Forward.Select(e => System.Text.Encoding.ASCII.GetString(e.Key)));
        Assert.Equal(store.Model.Values, baseline.Forward.Select(e => e.Value));

        byte[] image = store.Image(name);
        LogLayout? layout = kind == FileKind.Table ? null : LogLayout.Parse(image);
        Dictionary<long, StoreReadout> truncated = [];
        long bits = image.Length * 8L;
        long thrown = 0, byVerify = 0, unchanged = 0, dropped = 0;
        List<string> failures = [];
        Stopwatch clock = Stopwatch.StartNew();
        for (long bit = 0; bit < bits; bit++)
        {
            // What an unvouched byte may read as instead of a report: the original, or the log cut before its record.
            string? region = null;
            StoreReadout? allowed = null;
            LogLayout.Chunk? chunk = layout?.ChunkAt(bit / 8);
            if (layout is not null && chunk is null)
            {
                (region, allowed) = ("block-end padding", baseline);
            }
            else if (layout is not null && chunk!.Index == layout.Chunks.Count - 1 && layout.EndsInEmptyRecord)
            {
                (region, allowed) = ("final empty record", baseline);
            }
            else if (kind == FileKind.Log && killed && chunk!.Start >= layout!.VouchedLimit)
            {
                long cut = layout.RecordStart(chunk);
                region = $"unvouched tail, record at {cut}";
                if (!truncated.TryGetValue(cut, out allowed))
                {
                    allowed = truncated[cut] = store.Read(store.Copy(name, truncateAt: cut));
                }
            }

            string where = $"{name} bit {bit} (byte {bit / 8}, bit {bit % 8}{(region is null ? "" : $", {region}")})";
            try
            {
                StoreReadout readout = store.Read(store.Copy(name, bit));
                string? difference = readout.FirstDifference(baseline, store.Keys);
                bool asAllowed = allowed is not null && readout.FirstDifference(allowed, store.Keys) is null;
                VerifyProblem? problem = readout.Problems.Count > 0 ? readout.Problems[0] : null;
                if (difference is not null && !asAllowed)
                {
                    failures.Add($"{where}: returned as data without an error: {difference}{(problem is null ? "" : $" (Verify then reported: {problem.Message})")}");
                }
                else if (problem is not null)
                {
                    if (problem.FilePath?.Contains(name, StringComparison.Ordinal) == true)
                    {
                        byVerify++;
                    }
                    else
                    {
                        failures.Add($"{where}: Verify blames {problem.FilePath}: {problem.Message}");
                    }
                }
                else if (region is null)
                {
                    failures.Add($"{where}: not reported, though a checksum vouches for it (the store read back unchanged)");
                }
                else if (difference is null)
                {
                    unchanged++;
                }
                else
                {
                    dropped++;
                }
            }
            catch (CorruptionException ex) when (ex.FilePath.Contains(name, StringComparison.Ordinal))
            {
                thrown++;
            }
            catch (Exception ex)
            {
                failures.Add($"{where}: {ex.GetType().Name} instead of a corruption report naming the file: {ex.Message}");
            }
        }

        string regions = layout is null ? "none (every byte is checksummed)"
            : $"padding {layout.Padding.Sum(p => p.End - p.Start)} bytes, final empty record {(layout.EndsInEmptyRecord ? LogFormat.HeaderSize : 0)} bytes"
              + (kind == FileKind.Log && killed ? $", unvouched tail from {layout.VouchedLimit} ({image.Length - layout.VouchedLimit} bytes)" : "");
        output.WriteLine(
            $"{kind} {name} ({compression}{(killed ? ", killed store" : "")}): {image.Length} bytes, {bits} bits flipped one at a time in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine($"  reported {thrown + byVerify} ({thrown} thrown, {byVerify} by Verify), read back unchanged {unchanged}, "
            + $"dropped as a torn tail {dropped}, failures {failures.Count}; unvouched regions: {regions}");
        Assert.True(failures.Count == 0, $"{failures.Count} flips not reported:\n{string.Join("\n", failures.Take(20))}");
        Assert.Equal(bits - unchanged - dropped, thrown + byVerify);
    }
}
