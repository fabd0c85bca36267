using System;

namespace Engine.Api.Encryption;

/// <summary>
/// The cost of deriving a key-encryption key from a passphrase with Argon2id (RFC 9106). The defaults are RFC 9106's
/// second recommended option, for machines where 2 GiB per derivation is too much: 64 MiB of memory, 3 passes, 4 lanes
/// (about half a second in managed code on a current core). Stored in the key file, so a file opens with the
/// parameters it was written with.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record Argon2Parameters
{
    /// <summary>64 MiB, 3 iterations, parallelism 4.</summary>
    public static readonly Argon2Parameters Default = new();

    /// <summary>Memory in KiB; between 8 × <see cref="Parallelism"/> and 4 GiB. Default 65,536 (64 MiB).</summary>
    public int MemoryKiB { get; init; } = 64 * 1024;

    /// <summary>Passes over the memory; between 1 and 64. Default 3.</summary>
    public int Iterations { get; init; } = 3;

    /// <summary>Lanes computed in parallel; between 1 and 64. Default 4.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the property out of range.</summary>
    internal void Validate()
    {
        if (Parallelism is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "between 1 and 64");
        }

        if (Iterations is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "between 1 and 64");
        }

        if (MemoryKiB < 8 * Parallelism || MemoryKiB > 4 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MemoryKiB), MemoryKiB, "between 8 × Parallelism and 4 GiB");
        }
    }
}
