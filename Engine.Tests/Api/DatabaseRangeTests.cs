using Engine.Api;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api;

/// <summary>Iteration and scans through <see cref="KeyRange"/>: every bound and prefix, both directions, seeks outside.</summary>
[Trait("Category", "Disk")]
public sealed class DatabaseRangeTests : IDisposable
{
    // Keys around every bound below, including 0xFF keys, whose prefix has no successor.
    private static readonly byte[][] s_keys =
    [
        [0x61], [0x61, 0x61], [0x61, 0x62], [0x62], [0x62, 0x61], [0x62, 0xFF], [0x63], [0x63, 0x00], [0xFF], [0xFF, 0x00], [0xFF, 0xFF],
    ];

    // Bounds to combine: null (no bound), the empty key, keys present and absent, and keys past every key.
    private static readonly byte[]?[] s_bounds =
    [
        null, [], [0x61], [0x61, 0x62], [0x62], [0x62, 0x62], [0x63], [0x7A], [0xFF], [0xFF, 0xFF, 0xFF],
    ];

    private static readonly byte[][] s_prefixes = [[], [0x61], [0x62], [0x62, 0xFF], [0x63], [0x64], [0xFF], [0xFF, 0xFF]];

    private readonly TempDirectory _dir = new("api-range");
    private readonly Database _db;

    public DatabaseRangeTests()
    {
        _db = Database.Open(_dir.Path);

        // Half the keys in a table, half in the memtable, and a deleted key that must not show.
        for (int i = 0; i < s_keys.Length; i += 2)
        {
            _db.Put(s_keys[i], Value(s_keys[i]));
        }

        _db.Put("b-deleted"u8, "x"u8);
        _db.Flush();
        for (int i = 1; i < s_keys.Length; i += 2)
        {
            _db.Put(s_keys[i], Value(s_keys[i]));
        }

        _db.Delete("b-deleted"u8);
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void EveryBoundCombination_ForwardBackwardAndScan_MatchTheKeysInRange()
    {
        foreach (byte[]? lower in s_bounds)
        {
            foreach (byte[]? upper in s_bounds)
            {
                if (lower is not null && upper is not null && lower.AsSpan().SequenceCompareTo(upper) > 0)
                {
                    Assert.Throws<ArgumentException>(() => KeyRange.Between(lower, upper));
                    continue;
                }

                List<string> expected = [.. s_keys.Where(k => (lower is null || k.AsSpan().SequenceCompareTo(lower) >= 0) && (upper is null || k.AsSpan().SequenceCompareTo(upper) < 0)).Select(Convert.ToHexString)];
                CheckRange(KeyRange.Between(lower, upper), expected, $"[{Hex(lower)}, {Hex(upper)})");
            }
        }
    }

    [Fact]
    public void FromAndBelow_WithNullArrays_VisitEveryKey()
    {
        byte[]? none = null;
        List<string> all = [.. s_keys.Select(Convert.ToHexString)];

        CheckRange(KeyRange.From(none), all, "From(null)");
        CheckRange(KeyRange.Below(none), all, "Below(null)");
        CheckRange(new ReadOptions().Range, all, "default");
    }

    [Fact]
    public void EveryPrefix_ForwardBackwardAndScan_MatchTheKeysWithThePrefix()
    {
        foreach (byte[] prefix in s_prefixes)
        {
            List<string> expected = [.. s_keys.Where(k => k.AsSpan().StartsWith(prefix)).Select(Convert.ToHexString)];
            CheckRange(KeyRange.Prefix(prefix), expected, $"prefix {Hex(prefix)}");
        }
    }

    [Fact]
    public void Seeks_OutsideTheRange_LandOnItsEdgesOrNowhere()
    {
        using DatabaseIterator it = _db.NewIterator(new ReadOptions { Range = KeyRange.Between([0x61, 0x62], [0x63]) });

        it.SeekGE([0x61]);
        Assert.Equal("6162", Convert.ToHexString(it.Key));
        it.SeekGE([0x63]);
        Assert.False(it.Valid);
        it.SeekGE([0xFF]);
        Assert.False(it.Valid);
        it.SeekLT([0xFF]);
        Assert.Equal("62FF", Convert.ToHexString(it.Key));
        it.SeekLT([0x61, 0x62]);
        Assert.False(it.Valid);
        it.SeekLT([0x60]);
        Assert.False(it.Valid);
    }

    [Fact]
    public void Scan_AbandonedEarly_ReleasesItsIterator()
    {
        foreach (KeyValuePair<byte[], byte[]> pair in _db.Scan())
        {
            Assert.Equal(Value(pair.Key), pair.Value);
            break;
        }

        Assert.Equal(0, _db.GetMetrics().LiveIterators);
    }

    private void CheckRange(KeyRange range, List<string> expected, string what)
    {
        using DatabaseIterator it = _db.NewIterator(new ReadOptions { Range = range });
        List<string> forward = [];
        for (it.First(); it.Valid; it.Next())
        {
            Assert.Equal(Value(it.Key.ToArray()), it.Value.ToArray());
            forward.Add(Convert.ToHexString(it.Key));
        }

        List<string> backward = [];
        for (it.Last(); it.Valid; it.Prev())
        {
            backward.Add(Convert.ToHexString(it.Key));
        }

        backward.Reverse();
        List<string> scanned = [.. _db.Scan(range).Select(pair => Convert.ToHexString(pair.Key))];
        Assert.True(expected.SequenceEqual(forward), $"{what} forward: [{string.Join(' ', forward)}], expected [{string.Join(' ', expected)}]");
        Assert.True(expected.SequenceEqual(backward), $"{what} backward: [{string.Join(' ', backward)}]");
        Assert.True(expected.SequenceEqual(scanned), $"{what} scan: [{string.Join(' ', scanned)}]");
    }

    private static byte[] Value(byte[] key) => [.. "v"u8, .. key];

    private static string Hex(byte[]? bound) => bound is null ? "null" : Convert.ToHexString(bound);
}
