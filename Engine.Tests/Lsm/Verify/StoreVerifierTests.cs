using System.Text;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;
using Engine.Lsm.Verify;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using VerifyProblem = Engine.Api.VerifyProblem;
using VerifyProblemKind = Engine.Api.VerifyProblemKind;
using VerifyReport = Engine.Api.VerifyReport;

namespace Engine.Tests.Lsm.Verify;

/// <summary>The store check over hand-built versions that the engine itself would never produce.</summary>
[Trait("Category", "Unit")]
public sealed class StoreVerifierTests(ITestOutputHelper output)
{
    private const string Dir = "/db";

    [Fact]
    public void Verify_NewerEntriesInHigherLevels_ReportsNothing()
    {
        MemFileSystem fs = new();
        FileMetadata newest = WriteTable(fs, 3, ("a", 10), ("c", 11));
        FileMetadata older = WriteTable(fs, 2, ("a", 5), ("b", 6));
        FileMetadata level1 = WriteTable(fs, 1, ("a", 1), ("b", 2), ("c", 3), ("d", 4));

        VerifyReport report = Check(fs, (0, newest), (0, older), (1, level1));

        Assert.Empty(report.Problems);
        Assert.Equal(3, report.TablesChecked);
        Assert.Equal(8, report.EntriesChecked);
    }

    [Fact]
    public void Verify_LowerLevelHoldsNewerEntryOfAKey_ReportsSequenceOrderOnTheLowerTable()
    {
        MemFileSystem fs = new();
        FileMetadata level0 = WriteTable(fs, 1, ("a", 5), ("b", 6));
        FileMetadata level1 = WriteTable(fs, 2, ("a", 9), ("c", 1));

        VerifyReport report = Check(fs, (0, level0), (1, level1));

        VerifyProblem problem = Assert.Single(report.Problems);
        output.WriteLine(problem.Message);
        Assert.Equal(VerifyProblemKind.SequenceOrder, problem.Kind);
        Assert.Equal(FileNames.Table(Dir, 2), problem.FilePath);
        Assert.Equal(1, problem.Level);
        Assert.Contains("\"a\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OlderL0TableHoldsNewerEntryOfAKey_ReportsSequenceOrder()
    {
        // L0 is ordered by largest sequence: table 1 (up to 30) comes first, yet table 2 holds the newer "a".
        MemFileSystem fs = new();
        FileMetadata first = WriteTable(fs, 1, ("a", 5), ("z", 30));
        FileMetadata second = WriteTable(fs, 2, ("a", 10), ("b", 12));

        VerifyReport report = Check(fs, (0, first), (0, second));

        VerifyProblem problem = Assert.Single(report.Problems);
        Assert.Equal(VerifyProblemKind.SequenceOrder, problem.Kind);
        Assert.Equal(FileNames.Table(Dir, 2), problem.FilePath);
        Assert.Equal(0, problem.Level);
    }

    [Fact]
    public void Verify_ViolationsSpanningTablesOfALevel_ReportEachLowerTableOnce()
    {
        MemFileSystem fs = new();
        FileMetadata level1 = WriteTable(fs, 1, ("a", 1), ("b", 2), ("c", 3), ("d", 4));
        FileMetadata left = WriteTable(fs, 2, ("a", 7), ("b", 8));
        FileMetadata right = WriteTable(fs, 3, ("c", 7), ("d", 9));

        VerifyReport report = Check(fs, (1, level1), (2, left), (2, right));

        Assert.Equal([FileNames.Table(Dir, 2), FileNames.Table(Dir, 3)], report.Problems.Select(p => p.FilePath));
        Assert.All(report.Problems, p => Assert.Equal(VerifyProblemKind.SequenceOrder, p.Kind));
    }

    [Fact]
    public void Verify_ManifestRecordDiffersFromTable_ReportsMetadataMismatch()
    {
        MemFileSystem fs = new();
        FileMetadata real = WriteTable(fs, 1, ("b", 5), ("d", 6));
        FileMetadata wrongKeys = new(real.Number, real.Size, Key("a", 5), real.Largest, real.SmallestSequence, real.LargestSequence);
        FileMetadata wrongSize = new(real.Number, real.Size + 1, real.Smallest, real.Largest, real.SmallestSequence, real.LargestSequence);
        FileMetadata wrongSequences = new(real.Number, real.Size, real.Smallest, real.Largest, 1, real.LargestSequence);

        foreach (FileMetadata file in new[] { wrongKeys, wrongSize, wrongSequences })
        {
            VerifyReport report = Check(fs, (1, file));
            VerifyProblem problem = Assert.Single(report.Problems);
            output.WriteLine(problem.Message);
            Assert.Equal(VerifyProblemKind.MetadataMismatch, problem.Kind);
            Assert.Equal(FileNames.Table(Dir, 1), problem.FilePath);
        }
    }

    [Fact]
    public void Verify_KeysOutOfOrderUnderAValidChecksum_ReportsKeyOrder()
    {
        // A writer bug rather than a medium error: the block's checksum matches its misordered contents.
        MemFileSystem fs = new();
        FileMetadata table = WriteTable(fs, 1, ("bbbbbbbb", 5), ("dddddddd", 5));
        string path = FileNames.Table(Dir, 1);
        byte[] bytes = fs.ReadAllBytes(path);
        int b = bytes.AsSpan().IndexOf("bbbbbbbb"u8);
        int d = bytes.AsSpan().IndexOf("dddddddd"u8);
        "dddddddd"u8.CopyTo(bytes.AsSpan(b));
        "bbbbbbbb"u8.CopyTo(bytes.AsSpan(d));
        int blockSize;
        using (SstReader reader = SstReader.Open(fs.OpenMapped(path)))
        {
            Assert.Equal(1, reader.DataBlockCount);
            blockSize = (int)reader.Properties.DataSize - BlockTrailer.Size;
        }

        BlockTrailer.Write(bytes.AsSpan(0, blockSize), CompressionType.None, bytes.AsSpan(blockSize, BlockTrailer.Size));
        fs.WriteAllBytes(path, bytes, sync: true);

        VerifyReport report = Check(fs, (1, table));

        VerifyProblem problem = Assert.Single(report.Problems, p => p.Kind == VerifyProblemKind.KeyOrder);
        output.WriteLine(problem.Message);
        Assert.Equal(path, problem.FilePath);
        Assert.Equal(0, problem.Offset);
        Assert.DoesNotContain(report.Problems, p => p.Kind == VerifyProblemKind.Corruption);
    }

    [Fact]
    public void Verify_TableWithRangeTombstones_MatchesTheWritersBounds()
    {
        MemFileSystem fs = new();
        FileMetadata table = WriteTable(fs, 1, [("m", 5)], [("a", "c", 7), ("x", "zz", 3)]);

        VerifyReport report = Check(fs, (1, table));

        Assert.Empty(report.Problems);
        Assert.Equal(1, report.EntriesChecked);
    }

    private static VerifyReport Check(MemFileSystem fs, params (int Level, FileMetadata File)[] files)
    {
        VersionEdit edit = new();
        foreach ((int level, FileMetadata file) in files)
        {
            edit.NewFiles.Add((level, file));
        }

        TreeVersion version = TreeVersion.Empty(null).Apply(edit, "MANIFEST");
        try
        {
            HashSet<ulong> referenced = files.Select(f => f.File.Number).ToHashSet();
            return StoreVerifier.Verify(fs, Dir, version, fs.List(Dir), referenced);
        }
        finally
        {
            version.Release();
        }
    }

    private static FileMetadata WriteTable(MemFileSystem fs, ulong number, params (string Key, ulong Sequence)[] entries) =>
        WriteTable(fs, number, entries, []);

    private static FileMetadata WriteTable(MemFileSystem fs, ulong number, (string Key, ulong Sequence)[] entries, (string Start, string End, ulong Sequence)[] tombstones)
    {
        fs.CreateDirectory(Dir);
        using IWritableFile file = fs.Create(FileNames.Table(Dir, number));
        using SstWriter writer = new(file, new SstWriterOptions { BlockSizeBytes = 256 });
        foreach ((string key, ulong sequence) in entries)
        {
            writer.Add(Key(key, sequence), Encoding.ASCII.GetBytes("value of " + key));
        }

        foreach ((string start, string end, ulong sequence) in tombstones)
        {
            writer.AddRangeTombstone(Encoding.ASCII.GetBytes(start), Encoding.ASCII.GetBytes(end), sequence);
        }

        SstWriteResult result = writer.Finish();
        file.Sync();
        return new FileMetadata(number, result.FileSize, result.Smallest, result.Largest, result.SmallestSequence, result.LargestSequence);
    }

    private static byte[] Key(string userKey, ulong sequence) =>
        ArrayInternalIterator.MakeKey(Encoding.ASCII.GetBytes(userKey), sequence, KeyKind.Set);
}
