namespace Engine.Bench.Kv;

/// <summary>
/// The key numbers one workload visits: present keys are even (<c>2i</c>, i &lt; n), absent keys odd (<c>2i + 1</c>).
/// fillseq counts up, fillrandom visits every present key once in a Fisher–Yates order, readmissing draws absent keys,
/// and every other tag draws present keys uniformly (with repeats). Each tag's generator starts at
/// <c>seed * 256 + tag</c>.
/// </summary>
/// <remarks>
/// <see cref="Next"/> mutates the sequence: one thread. <see cref="At"/> only reads the permutation, so several threads
/// may share one fillseq or fillrandom sequence through it.
/// </remarks>
internal sealed class KeySequence
{
    private readonly KeyTag _tag;
    private readonly ulong _n;
    private readonly uint[]? _permutation;
    private SplitMix64 _rng;
    private ulong _position;

    /// <summary>Builds the sequence; for fillrandom this shuffles n numbers, so build it before the clock starts.</summary>
    public KeySequence(KeyTag tag, ulong n, ulong seed)
    {
        _tag = tag;
        _n = n;
        _rng = new SplitMix64((seed * 256) + (ulong)tag);
        if (tag != KeyTag.FillRandom)
        {
            return;
        }

        uint[] permutation = new uint[n];
        for (uint j = 0; j < n; j++)
        {
            permutation[j] = j;
        }

        for (ulong j = n - 1; j > 0; j--)
        {
            ulong r = _rng.Next() % (j + 1);
            (permutation[j], permutation[r]) = (permutation[r], permutation[j]);
        }

        _permutation = permutation;
    }

    /// <summary>The next key number.</summary>
    public ulong Next() => _tag switch
    {
        KeyTag.FillSeq => 2 * _position++,
        KeyTag.FillRandom => 2 * (ulong)_permutation![_position++],
        KeyTag.ReadMissing => (2 * (_rng.Next() % _n)) + 1,
        _ => 2 * (_rng.Next() % _n),
    };

    /// <summary>The <paramref name="index"/>-th key number of a fillseq or fillrandom sequence.</summary>
    public ulong At(ulong index) => _tag switch
    {
        KeyTag.FillSeq => 2 * index,
        KeyTag.FillRandom => 2 * (ulong)_permutation![index],
        _ => throw new InvalidOperationException("Only fillseq and fillrandom sequences are indexable."),
    };
}
