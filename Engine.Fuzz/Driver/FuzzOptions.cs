namespace Engine.Fuzz.Driver;

/// <summary>How long and how hard <see cref="FuzzRunner"/> drives a target.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record FuzzOptions
{
    /// <summary>The seed of the mutator; one seed and one corpus give one sequence of inputs.</summary>
    public int Seed { get; init; }

    /// <summary>Wall time to fuzz for; null runs until <see cref="MaxIterations"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Inputs to run at most; null runs until <see cref="Duration"/>.</summary>
    public long? MaxIterations { get; init; }

    /// <summary>Wall time one input may take before it counts as a hang. Generous: the first input also pays for JIT.</summary>
    public TimeSpan InputTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes one input may allocate per byte of its length, on top of <see cref="AllocationSlackBytes"/>.</summary>
    public long AllocationBytesPerInputByte { get; init; } = 64;

    /// <summary>Bytes any input may allocate whatever its length: scratch buffers, exception objects, first-call setup.</summary>
    public long AllocationSlackBytes { get; init; } = 1 << 20;

    /// <summary>The longest input the mutator produces, in bytes.</summary>
    public int MaxInputLength { get; init; } = 64 << 10;

    /// <summary>The most bytes an input of <paramref name="inputLength"/> bytes may allocate.</summary>
    public long AllocationLimit(int inputLength) => (AllocationBytesPerInputByte * inputLength) + AllocationSlackBytes;
}
