using System;

namespace Engine.Server;

/// <summary>How the HTTP layer bounds requests; set once through <see cref="SyncServerServiceCollectionExtensions.AddSyncServer"/>.</summary>
public sealed class SyncServerOptions
{
    /// <summary>
    /// The default body limit: 100 ops with a payload of 256 KiB each (the gateway's per-op limit) plus 8 KiB per op for
    /// the op's other fields and JSON escaping headroom, 26,400 KiB in all (27,033,600 bytes).
    /// </summary>
    public const long DefaultMaxRequestBodyBytes = 100L * ((256 + 8) * 1024);

    /// <summary>The reference's HTTP bound on a pull's <c>limit</c>; larger values are a 400, not clamped.</summary>
    public const int MaxPullLimit = 1000;

    /// <summary>The largest request body, in bytes; a larger body answers 413 before anything is parsed or written.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBodyBytes, 1L);
}
