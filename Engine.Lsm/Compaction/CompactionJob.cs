using System.Collections.Generic;
using Engine.Api.Events;
using Engine.Lsm.Manifest;

namespace Engine.Lsm.Compaction;

/// <summary>
/// One compaction: tables of <see cref="StartLevel"/> merged with the tables of <see cref="OutputLevel"/> they
/// overlap, into new tables of <see cref="OutputLevel"/>.
/// </summary>
/// <remarks>
/// Built by <see cref="CompactionPicker"/> under the store's mutex and then only read: by the task that runs it, and
/// by the picker, which keeps later compactions clear of its input tables and of its key range in the output level.
/// Immutable after construction; thread-safe.
/// </remarks>
internal sealed class CompactionJob
{
    public CompactionJob(
        int startLevel,
        int outputLevel,
        IReadOnlyList<FileMetadata> startInputs,
        IReadOnlyList<FileMetadata> outputInputs,
        IReadOnlyList<FileMetadata> grandparents,
        KeyRange range,
        CompactionReason reason,
        double score,
        long maxGrandparentOverlapBytes)
    {
        StartLevel = startLevel;
        OutputLevel = outputLevel;
        StartInputs = startInputs;
        OutputInputs = outputInputs;
        Grandparents = grandparents;
        Range = range;
        Reason = reason;
        Score = score;
        MaxGrandparentOverlapBytes = maxGrandparentOverlapBytes;
    }

    public int StartLevel { get; }

    public int OutputLevel { get; }

    /// <summary>The tables taken from <see cref="StartLevel"/>.</summary>
    public IReadOnlyList<FileMetadata> StartInputs { get; }

    /// <summary>The tables of <see cref="OutputLevel"/> that overlap the start inputs.</summary>
    public IReadOnlyList<FileMetadata> OutputInputs { get; }

    /// <summary>The tables of the level below the output that overlap <see cref="Range"/>; outputs are cut to limit their overlap.</summary>
    public IReadOnlyList<FileMetadata> Grandparents { get; }

    /// <summary>The user keys every input lies in; the outputs lie in it too.</summary>
    public KeyRange Range { get; }

    public CompactionReason Reason { get; }

    /// <summary>The score of the start level when picked (1 or more means over target); 0 for manual compactions.</summary>
    public double Score { get; }

    /// <summary>Bytes of grandparent tables one output table may overlap before it is cut.</summary>
    public long MaxGrandparentOverlapBytes { get; }

    /// <summary>
    /// True when the job is one table with nothing to merge it with: it moves down by a manifest edit alone.
    /// Manual compactions always rewrite, so that they drop what they can.
    /// </summary>
    public bool IsTrivialMove =>
        Reason != CompactionReason.Manual
        && StartInputs.Count == 1
        && OutputInputs.Count == 0
        && GrandparentBytes <= MaxGrandparentOverlapBytes;

    /// <summary>The bytes of every input table.</summary>
    public long InputBytes => StartInputBytes + OutputInputBytes;

    /// <summary>The bytes of the tables taken from <see cref="StartLevel"/>.</summary>
    public long StartInputBytes => Sum(StartInputs);

    /// <summary>The bytes of the tables of <see cref="OutputLevel"/> merged with them.</summary>
    public long OutputInputBytes => Sum(OutputInputs);

    private long GrandparentBytes => Sum(Grandparents);

    /// <summary>Every input table with its level.</summary>
    public IEnumerable<(int Level, FileMetadata File)> Inputs()
    {
        foreach (FileMetadata file in StartInputs)
        {
            yield return (StartLevel, file);
        }

        foreach (FileMetadata file in OutputInputs)
        {
            yield return (OutputLevel, file);
        }
    }

    /// <summary>True when <paramref name="file"/> is one of the inputs.</summary>
    public bool Uses(FileMetadata file)
    {
        foreach ((int _, FileMetadata input) in Inputs())
        {
            if (input.Number == file.Number)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() =>
        $"L{StartLevel}->L{OutputLevel} {Reason} score {Score:F2}: {StartInputs.Count}+{OutputInputs.Count} tables, {InputBytes} B, {Range}";

    private static long Sum(IReadOnlyList<FileMetadata> files)
    {
        long total = 0;
        foreach (FileMetadata file in files)
        {
            total += file.Size;
        }

        return total;
    }
}
