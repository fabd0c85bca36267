using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Storage;

/// <summary>Which operations a <see cref="FaultInjectingFileSystem"/> makes fail, when, and how.</summary>
/// <remarks>
/// <para>
/// An operation matches when its kind is in <see cref="Kinds"/> and, if <see cref="PathContains"/> is set, its path
/// (either path of a rename) contains that text. Matching operations are counted from 1 from the moment the policy
/// is installed. With <see cref="FailAt"/> = k, the k-th matching operation fails; with <see cref="FailAt"/> = 0,
/// each matching operation fails with <see cref="Probability"/>, drawn from a <see cref="System.Random"/> seeded
/// with <see cref="Seed"/>. With <see cref="Sticky"/>, every matching operation after the first fault fails too,
/// as a dead disk does; without it, faults are one-shot.
/// </para>
/// <para>Immutable; may be shared across threads. Build one with <see cref="FailNth"/> or <see cref="Randomly"/> and
/// adjust it with <c>with</c>.</para>
/// </remarks>
internal sealed record FaultPolicy
{
    public FileOperationKind Kinds { get; init; }

    /// <summary>The matching operation to fail, counting from 1; 0 to use <see cref="Probability"/> instead.</summary>
    public long FailAt { get; init; }

    /// <summary>The chance, from 0 to 1, that a matching operation fails when <see cref="FailAt"/> is 0.</summary>
    public double Probability { get; init; }

    /// <summary>Seeds the draws of <see cref="Probability"/> and <see cref="TornWrites"/>.</summary>
    public int Seed { get; init; }

    /// <summary>Keep failing every matching operation after the first fault.</summary>
    public bool Sticky { get; init; }

    public InjectedFaultKind Fault { get; init; } = InjectedFaultKind.IOError;

    /// <summary>
    /// A failing append writes a random strict prefix of its data before it throws, as a write cut short does;
    /// without it a failing append writes nothing.
    /// </summary>
    public bool TornWrites { get; init; }

    /// <summary>Only operations on paths containing this text (ordinal) match; null matches every path.</summary>
    public string? PathContains { get; init; }

    /// <summary>Fails the <paramref name="n"/>-th operation (from 1) of the given kinds, once.</summary>
    public static FaultPolicy FailNth(FileOperationKind kinds, long n) => new() { Kinds = kinds, FailAt = n };

    /// <summary>Fails each operation of the given kinds with a probability, deterministically for a seed.</summary>
    public static FaultPolicy Randomly(FileOperationKind kinds, double probability, int seed) =>
        new() { Kinds = kinds, Probability = probability, Seed = seed };

    /// <summary>Throws <see cref="StorageErrorCode.InvalidArgument"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (FailAt < 0)
        {
            ThrowHelper.ThrowInvalidArgument($"{nameof(FaultPolicy)}.{nameof(FailAt)} must be 0 or more, not {FailAt}");
        }

        if (!(Probability is >= 0 and <= 1))
        {
            ThrowHelper.ThrowInvalidArgument($"{nameof(FaultPolicy)}.{nameof(Probability)} must be between 0 and 1, not {Probability}");
        }

        if ((Kinds & ~FileOperationKind.All) != 0)
        {
            ThrowHelper.ThrowInvalidArgument($"{nameof(FaultPolicy)}.{nameof(Kinds)} has unknown bits: {Kinds}");
        }
    }
}
