using System;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// Thrown by a <see cref="TeeSyncStore"/> built with <see cref="TeeOptions.ThrowOnDivergence"/> when its two stores
/// disagree.
/// </summary>
/// <remarks>Immutable; may be shared across threads.</remarks>
public sealed class TeeDivergenceException : Exception
{
    /// <summary>Creates the exception for <paramref name="divergence"/>.</summary>
    public TeeDivergenceException(TeeDivergence divergence)
        : base("tee divergence: " + (divergence ?? throw new ArgumentNullException(nameof(divergence))))
    {
        Divergence = divergence;
    }

    /// <summary>What the stores disagree on.</summary>
    public TeeDivergence Divergence { get; }
}
