namespace Engine.Fuzz.Metamorphic;

/// <summary>Keys, ranges, prefixes and read bounds of generated operations.</summary>
internal sealed partial class MetamorphicGenerator
{
    /// <summary>A key to write or read: hot a quarter of the time, extended now and then.</summary>
    private string Key()
    {
        int index = _random.Next(4) == 0 ? _hotKeys[_random.Next(_hotKeys.Length)] : _random.Next(_keySpace);
        string key = "k" + Number(index);
        return _random.Next(100) switch
        {
            < 6 => key + "." + _random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture),
            < 8 => KeyText.FromBytes([.. System.Text.Encoding.ASCII.GetBytes(key), 0xFF]),
            < 9 => KeyText.FromBytes([.. System.Text.Encoding.ASCII.GetBytes(key), 0x00]),
            _ => key,
        };
    }

    /// <summary>A key to read or delete: half the time one of the last keys written, so that reads find something.</summary>
    private string ReadKey() => _recentCount > 0 && _random.Next(2) == 0
        ? _recentKeys[_random.Next(Math.Min(_recentCount, _recentKeys.Length))]
        : Key();

    /// <summary>A seek target: usually a key of the space, sometimes one before or after all of them.</summary>
    private string SeekKey() => _random.Next(20) switch
    {
        0 => "a",
        1 => "k",
        2 => "k" + Number(_keySpace) + "~",
        3 => "z",
        _ => ReadKey(),
    };

    /// <summary>A range [start, end) with start below end: mostly a few keys wide, sometimes most of the space.</summary>
    private (string Start, string End) Range()
    {
        while (true)
        {
            string start = _random.Next(4) == 0 ? Key() : "k" + Number(_random.Next(_keySpace));
            int first = int.Parse(start.AsSpan(1, 4), System.Globalization.CultureInfo.InvariantCulture);
            int span = _random.Next(30) == 0 ? _random.Next(1, _keySpace + 1) : _random.Next(1, 12);
            string end = _random.Next(4) == 0 ? Key() : "k" + Number(first + span);
            int order = KeyText.ToBytes(start).AsSpan().SequenceCompareTo(KeyText.ToBytes(end));
            if (order != 0)
            {
                return order < 0 ? (start, end) : (end, start);
            }
        }
    }

    /// <summary>The bounds of a manual compaction: each end open a third of the time.</summary>
    private (string? Start, string? End) CompactRange()
    {
        (string start, string end) = Range();
        return (_random.Next(3) == 0 ? null : start, _random.Next(3) == 0 ? null : end);
    }

    /// <summary>A key prefix: the first 2 to 5 characters of a key, or a key with a 0xFF byte after it.</summary>
    private string Prefix()
    {
        string key = "k" + Number(_random.Next(_keySpace));
        return _random.Next(8) == 0
            ? KeyText.FromBytes([.. System.Text.Encoding.ASCII.GetBytes(key), 0xFF])
            : key[..(_random.Next(2, 6))];
    }

    /// <summary>Bounds for an iterator or a scan; null when it reads everything at the latest state.</summary>
    private ReadSpec? ReadSpec(bool scan)
    {
        string? lower = _random.Next(100) < 35 ? SeekKey() : null;
        string? upper = _random.Next(100) < 35 ? SeekKey() : null;
        string? prefix = _random.Next(100) < 15 ? Prefix() : null;
        int? snapshot = _snapshots.Count > 0 && _random.Next(100) < 30 ? Pick(_snapshots) : null;
        bool reverse = scan && _random.Next(2) == 0;
        if (lower is null && upper is null && prefix is null && snapshot is null && !reverse)
        {
            return null;
        }

        return new ReadSpec { Lower = lower, Upper = upper, Prefix = prefix, Snapshot = snapshot, Reverse = reverse };
    }

    private OpKind PickKind()
    {
        double roll = _random.NextDouble() * s_totalWeight;
        foreach ((OpKind kind, double weight) in s_weights)
        {
            roll -= weight;
            if (roll < 0)
            {
                return kind;
            }
        }

        return OpKind.Put;
    }
}
