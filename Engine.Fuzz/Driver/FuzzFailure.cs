namespace Engine.Fuzz.Driver;

/// <summary>An input that makes a target fail, with what went wrong.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record FuzzFailure(FailureKind Kind, byte[] Input, string Detail)
{
    /// <summary>The exception, when <see cref="Kind"/> is <see cref="FailureKind.Exception"/>.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The bytes the input allocated, when <see cref="Kind"/> is <see cref="FailureKind.Allocation"/>.</summary>
    public long AllocatedBytes { get; init; }
}
