namespace Engine.Bench.Kv;

/// <summary>
/// The splitmix64 generator of the peers rig (shared/peers/README.md, "Key sequence"): every key and value the
/// workloads use comes from it, so its outputs must match the rig's bit for bit.
/// </summary>
/// <remarks>A mutable struct (do not make it readonly): each instance belongs to one thread.</remarks>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    /// <summary>The next output; all arithmetic wraps modulo 2^64.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
