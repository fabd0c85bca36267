using System.Text;

using VerifyProblem = Engine.Api.VerifyProblem;

namespace Engine.Tests.Lsm.Db;

/// <summary>Everything a full read of a store returned: a get per key, a scan each way, and the verifier's problems.</summary>
/// <remarks>Immutable once made; thread-safe.</remarks>
internal sealed record StoreReadout(
    IReadOnlyList<byte[]?> Gets,
    IReadOnlyList<(byte[] Key, byte[] Value)> Forward,
    IReadOnlyList<(byte[] Key, byte[] Value)> Backward,
    IReadOnlyList<VerifyProblem> Problems)
{
    /// <summary>
    /// The first way the data of this readout (gets and scans, not the verifier's problems) differs from
    /// <paramref name="expected"/>, or null when it is the same.
    /// </summary>
    public string? FirstDifference(StoreReadout expected, IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(expected);
        for (int i = 0; i < Gets.Count; i++)
        {
            if (!Same(Gets[i], expected.Gets[i]))
            {
                return $"Get({Text(keys[i])}) returned {Text(Gets[i])} instead of {Text(expected.Gets[i])}";
            }
        }

        return Compare("forward scan", Forward, expected.Forward)
            ?? Compare("backward scan", Backward, expected.Backward);
    }

    private static string? Compare(string what, IReadOnlyList<(byte[] Key, byte[] Value)> actual, IReadOnlyList<(byte[] Key, byte[] Value)> expected)
    {
        for (int i = 0; i < Math.Min(actual.Count, expected.Count); i++)
        {
            if (!Same(actual[i].Key, expected[i].Key) || !Same(actual[i].Value, expected[i].Value))
            {
                return $"{what} entry {i} is {Text(actual[i].Key)}={Text(actual[i].Value)} instead of {Text(expected[i].Key)}={Text(expected[i].Value)}";
            }
        }

        return actual.Count != expected.Count ? $"{what} returned {actual.Count} entries instead of {expected.Count}" : null;
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Text(byte[]? bytes) => bytes is null ? "(absent)" : $"\"{Encoding.ASCII.GetString(bytes)}\"";
}
