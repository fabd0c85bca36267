using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Lsm.Compaction;

/// <summary>Builds table metadata and versions for picker and target tests.</summary>
internal static class CompactionTestFiles
{
    public static FileMetadata File(ulong number, string smallest, string largest, long size = 1000, ulong sequence = 1) =>
        new(number, size,
            ArrayInternalIterator.MakeKey(System.Text.Encoding.ASCII.GetBytes(smallest), sequence, KeyKind.Set),
            ArrayInternalIterator.MakeKey(System.Text.Encoding.ASCII.GetBytes(largest), sequence, KeyKind.Set),
            sequence, sequence);

    /// <summary>A table whose largest key is a range tombstone's exclusive end sentinel.</summary>
    public static FileMetadata FileEndingInSentinel(ulong number, string smallest, string end, long size = 1000) =>
        new(number, size,
            ArrayInternalIterator.MakeKey(System.Text.Encoding.ASCII.GetBytes(smallest), 1, KeyKind.Set),
            ArrayInternalIterator.MakeKey(System.Text.Encoding.ASCII.GetBytes(end), SequenceNumber.Max, KeyKind.RangeDelete),
            1, 1);

    public static TreeVersion VersionOf(params (int Level, FileMetadata File)[] files)
    {
        VersionEdit edit = new();
        foreach ((int level, FileMetadata file) in files)
        {
            edit.NewFiles.Add((level, file));
        }

        return TreeVersion.Empty(null).Apply(edit, "MANIFEST");
    }
}
