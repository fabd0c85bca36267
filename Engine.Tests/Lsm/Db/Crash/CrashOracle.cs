namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>
/// Decides whether a recovered store is one a crash may leave: it must equal the state after some prefix of the
/// committed batches in sequence order (no holes, nothing invented, no resurrected delete, no half batch), and that
/// prefix must hold every batch the crash had to keep. Not thread-safe; one instance per check.
/// </summary>
internal sealed class CrashOracle
{
    private readonly Dictionary<string, byte[]> _recovered;
    private readonly Dictionary<string, byte[]> _state = new(StringComparer.Ordinal);

    // Keys whose value in _state differs from _recovered (absent counts as a value).
    private int _mismatches;

    private CrashOracle(Dictionary<string, byte[]> recovered)
    {
        _recovered = recovered;
        _mismatches = recovered.Count;
    }

    /// <summary>
    /// Returns the length of the shortest acceptable prefix, or throws naming what is wrong.
    /// <paramref name="batches"/> must be sorted by sequence.
    /// </summary>
    public static int Check(IReadOnlyList<CommittedBatch> batches, Dictionary<string, byte[]> recovered, int epoch, bool processCrash)
    {
        int required = 0;
        for (int i = 0; i < batches.Count; i++)
        {
            if (batches[i].AckEpoch < epoch && batches[i].MustSurvive(processCrash))
            {
                required = i + 1;
            }
        }

        CrashOracle oracle = new(recovered);
        for (int prefix = 0; prefix <= batches.Count; prefix++)
        {
            if (prefix >= required && oracle._mismatches == 0)
            {
                return prefix;
            }

            if (prefix < batches.Count)
            {
                oracle.Apply(batches[prefix]);
            }
        }

        throw new Xunit.Sdk.XunitException(Describe(batches, recovered, required));
    }

    private void Apply(CommittedBatch batch)
    {
        foreach (CrashOp op in batch.Ops)
        {
            switch (op.Kind)
            {
                case CrashOpKind.Put:
                    Set(op.Key, op.Value);
                    break;
                case CrashOpKind.Delete:
                    Set(op.Key, null);
                    break;
                default:
                    foreach (string key in _state.Keys.Where(k => string.CompareOrdinal(k, op.Key) >= 0 && string.CompareOrdinal(k, op.End) < 0).ToList())
                    {
                        Set(key, null);
                    }

                    break;
            }
        }
    }

    private void Set(string key, byte[]? value)
    {
        _recovered.TryGetValue(key, out byte[]? target);
        bool before = Same(_state.GetValueOrDefault(key), target);
        if (value is null)
        {
            _state.Remove(key);
        }
        else
        {
            _state[key] = value;
        }

        bool after = Same(value, target);
        _mismatches += (before ? 1 : 0) - (after ? 1 : 0);
    }

    private static bool Same(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    /// <summary>Names the first key that differs from the state after the required prefix, for the failure message.</summary>
    private static string Describe(IReadOnlyList<CommittedBatch> batches, Dictionary<string, byte[]> recovered, int required)
    {
        CrashOracle oracle = new(recovered);
        for (int i = 0; i < required; i++)
        {
            oracle.Apply(batches[i]);
        }

        string? key = oracle._state.Keys.Concat(recovered.Keys).Order(StringComparer.Ordinal)
            .FirstOrDefault(k => !Same(oracle._state.GetValueOrDefault(k), recovered.GetValueOrDefault(k)));
        string Show(byte[]? v) => v is null ? "absent" : $"'{System.Text.Encoding.ASCII.GetString(v, 0, Math.Min(v.Length, 24))}'";
        return $"The recovered store ({recovered.Count} keys) is not the state after any prefix of the {batches.Count} committed " +
            $"batches that keeps the {required} it must keep. First difference from that prefix: key {key} is " +
            $"{Show(key is null ? null : recovered.GetValueOrDefault(key))} but the prefix says {Show(key is null ? null : oracle._state.GetValueOrDefault(key))}.";
    }
}
