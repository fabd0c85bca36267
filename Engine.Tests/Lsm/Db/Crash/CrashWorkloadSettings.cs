using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>The shape of one crash workload: who writes how much, and where crashes are captured. Immutable.</summary>
internal sealed record CrashWorkloadSettings
{
    public required LsmOptions Options { get; init; }

    public int Writers { get; init; } = 1;

    public int BatchesPerWriter { get; init; } = 100;

    public int KeySpace { get; init; } = 60;

    /// <summary>Keep snapshots and iterators open and moving while the writers run.</summary>
    public bool Readers { get; init; } = true;

    /// <summary>Capture before every k-th file operation in turn; 0 to capture at random operations instead.</summary>
    public int CaptureEvery { get; init; }

    /// <summary>With <see cref="CaptureEvery"/> 0: the chance that one file operation is preceded by a capture.</summary>
    public double CaptureProbability { get; init; } = 0.05;

    public int MaxCaptures { get; init; } = 100;
}
