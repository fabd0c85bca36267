using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Tests.Infrastructure;
using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Manifest;

[Trait("Category", "Unit")]
public sealed class TreeVersionTests
{
    [Fact]
    public void Apply_OrdersL0NewestFirstAndLowerLevelsByKey()
    {
        List<FileMetadata> obsolete = [];
        TreeVersion empty = TreeVersion.Empty(obsolete.Add);
        VersionEdit edit = new();
        edit.NewFiles.Add((0, VersionEditCodecTests.File(1, "a", 1, "z", 10)));
        edit.NewFiles.Add((0, VersionEditCodecTests.File(2, "a", 11, "z", 20)));
        edit.NewFiles.Add((1, VersionEditCodecTests.File(4, "m", 3, "p", 3)));
        edit.NewFiles.Add((1, VersionEditCodecTests.File(3, "c", 2, "f", 2)));

        TreeVersion version = empty.Apply(edit, "MANIFEST");

        Assert.Equal([2UL, 1UL], version.Files(0).ToArray().Select(f => f.Number));
        Assert.Equal([3UL, 4UL], version.Files(1).ToArray().Select(f => f.Number));
        ulong search = SequenceNumber.MakeTrailer(100, KeyKind.Max);
        Assert.Equal(1, version.FindFile(1, "n"u8, search));
        Assert.Equal(0, version.FindFile(1, "c"u8, search));
        Assert.Equal(-1, version.FindFile(1, "h"u8, search));
        Assert.Equal(-1, version.FindFile(1, "q"u8, search));
    }

    [Fact]
    public void FindFile_TableEndingInTombstoneSentinel_LeadsToTheNextTable()
    {
        // Table 1 ends with the sentinel "k#MAX,RANGEDEL"; the real entries of "k" start table 2.
        byte[] sentinel = ArrayInternalIterator.MakeKey("k"u8.ToArray(), SequenceNumber.Max, KeyKind.RangeDelete);
        VersionEdit edit = new();
        edit.NewFiles.Add((1, new FileMetadata(1, 100, ArrayInternalIterator.MakeKey("a"u8.ToArray(), 5, KeyKind.Set), sentinel, 1, 5)));
        edit.NewFiles.Add((1, VersionEditCodecTests.File(2, "k", 9, "z", 9)));
        TreeVersion version = TreeVersion.Empty(null).Apply(edit, "MANIFEST");

        Assert.Equal(1, version.FindFile(1, "k"u8, SequenceNumber.MakeTrailer(50, KeyKind.Max)));
        Assert.Equal(0, version.FindFile(1, "j"u8, SequenceNumber.MakeTrailer(50, KeyKind.Max)));
    }

    [Fact]
    public void Apply_MoveBetweenLevels_KeepsTheTableAlive()
    {
        // Replaying a manifest decodes a moved table as a new object: the move must not make the old one obsolete.
        List<FileMetadata> obsolete = [];
        VersionEdit add = new();
        add.NewFiles.Add((0, VersionEditCodecTests.File(7, "a", 1, "b", 1)));
        TreeVersion v1 = TreeVersion.Empty(obsolete.Add).Apply(add, "MANIFEST");
        FileMetadata original = v1.Files(0)[0];
        VersionEdit move = new();
        move.DeletedFiles.Add((0, 7));
        move.NewFiles.Add((3, VersionEditCodecTests.File(7, "a", 1, "b", 1)));

        TreeVersion v2 = v1.Apply(move, "MANIFEST");
        v1.Release();

        Assert.Empty(obsolete);
        Assert.Same(original, v2.Files(3)[0]);
        v2.Release();
        Assert.Equal([7UL], obsolete.Select(f => f.Number));
    }

    [Fact]
    public void Release_LastVersionListingATable_ReportsItObsolete()
    {
        List<FileMetadata> obsolete = [];
        TreeVersion v1 = TreeVersion.Empty(obsolete.Add);
        VersionEdit add = new();
        add.NewFiles.Add((0, VersionEditCodecTests.File(1, "a", 1, "b", 1)));
        TreeVersion v2 = v1.Apply(add, "MANIFEST");
        VersionEdit remove = new();
        remove.DeletedFiles.Add((0, 1));
        TreeVersion v3 = v2.Apply(remove, "MANIFEST");

        Assert.True(v2.TryAcquire());
        v2.Release();
        Assert.Empty(obsolete);
        v2.Release();
        Assert.Equal([1UL], obsolete.Select(f => f.Number));
        Assert.False(v2.TryAcquire());
        Assert.Empty(v3.Files(0).ToArray());
    }

    [Fact]
    public void Apply_OverlapInSortedLevel_IsCorruption()
    {
        VersionEdit edit = new();
        edit.NewFiles.Add((2, VersionEditCodecTests.File(1, "a", 1, "k", 1)));
        edit.NewFiles.Add((2, VersionEditCodecTests.File(2, "j", 2, "z", 2)));

        Assert.Throws<CorruptionException>(() => TreeVersion.Empty(null).Apply(edit, "MANIFEST"));
    }

    [Fact]
    public void Apply_DeletingMissingTable_IsCorruption()
    {
        VersionEdit edit = new();
        edit.DeletedFiles.Add((1, 42));

        CorruptionException ex = Assert.Throws<CorruptionException>(() => TreeVersion.Empty(null).Apply(edit, "MANIFEST-000003"));
        Assert.Equal("MANIFEST-000003", ex.FilePath);
    }
}
