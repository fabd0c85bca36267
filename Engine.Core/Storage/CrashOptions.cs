using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Storage;

/// <summary>How a <see cref="MemFileSystem.CrashClone(CrashOptions)"/> chooses what a simulated crash keeps.</summary>
/// <remarks>
/// <para>
/// Durable state (synced bytes, and the directory operations those syncs made durable) always survives. Of the
/// rest: <see cref="CrashKeep.None"/> keeps nothing, <see cref="CrashKeep.All"/> keeps everything, and
/// <see cref="CrashKeep.Random"/> keeps each pending directory operation with probability
/// <see cref="KeepProbability"/> (replayed in issue order) and, per file, a prefix of its unsynced writes of
/// uniformly random length (<see cref="PreserveWriteOrder"/>) or each write with probability
/// <see cref="KeepProbability"/>. The same file system state and <see cref="Seed"/> give the same crash.
/// </para>
/// <para>Immutable; may be shared across threads.</para>
/// </remarks>
internal sealed record CrashOptions
{
    /// <summary>Keep only durable state.</summary>
    public static CrashOptions KeepNone { get; } = new();

    /// <summary>Keep everything, unsynced state included.</summary>
    public static CrashOptions KeepAll { get; } = new() { Keep = CrashKeep.All };

    public CrashKeep Keep { get; init; } = CrashKeep.None;

    /// <summary>Seeds the random choices of <see cref="CrashKeep.Random"/> and <see cref="TearLastWrite"/>.</summary>
    public int Seed { get; init; }

    /// <summary>The chance, from 0 to 1, that <see cref="CrashKeep.Random"/> keeps one pending operation.</summary>
    public double KeepProbability { get; init; } = 0.5;

    /// <summary>
    /// When set, a file whose kept unsynced changes end in a write keeps only a random strict prefix of that write:
    /// the torn tail of an append cut short by power loss.
    /// </summary>
    public bool TearLastWrite { get; init; }

    /// <summary>
    /// When true (the default), <see cref="CrashKeep.Random"/> keeps a prefix of each file's unsynced writes, as
    /// appends behave. When false it keeps an arbitrary subset, so a later write may survive an earlier one and
    /// leave a hole of zeros.
    /// </summary>
    public bool PreserveWriteOrder { get; init; } = true;

    /// <summary>Random crash with the given seed and default probabilities.</summary>
    public static CrashOptions Random(int seed) => new() { Keep = CrashKeep.Random, Seed = seed };

    /// <summary>Throws <see cref="StorageErrorCode.InvalidArgument"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (!(KeepProbability is >= 0 and <= 1))
        {
            ThrowHelper.ThrowInvalidArgument($"{nameof(CrashOptions)}.{nameof(KeepProbability)} must be between 0 and 1, not {KeepProbability}");
        }

        if (Keep is not (CrashKeep.None or CrashKeep.All or CrashKeep.Random))
        {
            ThrowHelper.ThrowInvalidArgument($"{nameof(CrashOptions)}.{nameof(Keep)} has no value {Keep}");
        }
    }
}
