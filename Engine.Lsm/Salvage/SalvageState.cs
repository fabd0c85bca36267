using System;
using System.Collections.Generic;
using Engine.Api;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Salvage;

/// <summary>
/// What a salvage has read so far: the newest entry of every key, the range tombstones, the counters and the losses.
/// </summary>
/// <remarks>One salvage, one thread.</remarks>
internal sealed class SalvageState
{
    private readonly Dictionary<byte[], (ulong Sequence, KeyKind Kind, byte[] Value)> _newest = new(ByteArrayEquality.Instance);
    private readonly List<(byte[] Start, byte[] End, ulong Sequence)> _tombstones = [];
    private readonly List<SalvageLoss> _losses = [];

    public int TablesRead { get; set; }

    public long BlocksRead { get; set; }

    public long BlocksLost { get; set; }

    public long WalRecordsRead { get; set; }

    public long WalRecordsLost { get; set; }

    public bool ManifestLost { get; set; }

    public void Lose(string path, long? offset, string reason) => _losses.Add(new SalvageLoss(path, offset, reason));

    /// <summary>Takes one entry found in a table block or a WAL record; the entry with the higher sequence number wins.</summary>
    public void Offer(ReadOnlySpan<byte> userKey, ulong trailer, ReadOnlySpan<byte> value)
    {
        ulong sequence = SequenceNumber.SequenceOf(trailer);
        KeyKind kind = SequenceNumber.KindOf(trailer);
        if (kind == KeyKind.RangeDelete)
        {
            // In a batch a range deletion is an entry whose key is the start and whose value is the end.
            AddRangeTombstone(userKey.ToArray(), value.ToArray(), sequence);
            return;
        }

        byte[] key = userKey.ToArray();
        if (!_newest.TryGetValue(key, out (ulong Sequence, KeyKind Kind, byte[] Value) found) || found.Sequence < sequence)
        {
            _newest[key] = (sequence, kind, kind == KeyKind.Set ? value.ToArray() : []);
        }
    }

    public void AddRangeTombstone(byte[] start, byte[] end, ulong sequence) => _tombstones.Add((start, end, sequence));

    /// <summary>The keys that survive, in key order: their newest entry is a value no newer range tombstone covers.</summary>
    public IEnumerable<(byte[] Key, byte[] Value)> Survivors()
    {
        byte[][] keys = [.. _newest.Keys];
        Array.Sort(keys, static (a, b) => a.AsSpan().SequenceCompareTo(b));
        _tombstones.Sort(static (a, b) => a.Start.AsSpan().SequenceCompareTo(b.Start));

        // A sweep: tombstones join the active set as keys pass their start and leave it once keys pass their end.
        List<(byte[] Start, byte[] End, ulong Sequence)> active = [];
        int next = 0;
        foreach (byte[] key in keys)
        {
            while (next < _tombstones.Count && _tombstones[next].Start.AsSpan().SequenceCompareTo(key) <= 0)
            {
                active.Add(_tombstones[next++]);
            }

            active.RemoveAll(t => t.End.AsSpan().SequenceCompareTo(key) <= 0);
            (ulong sequence, KeyKind kind, byte[] value) = _newest[key];
            if (kind != KeyKind.Set || active.Exists(t => t.Sequence > sequence))
            {
                continue;
            }

            yield return (key, value);
        }
    }

    public SalvageReport ToReport(long keysRecovered) => new()
    {
        KeysRecovered = keysRecovered,
        TablesRead = TablesRead,
        BlocksRead = BlocksRead,
        BlocksLost = BlocksLost,
        WalRecordsRead = WalRecordsRead,
        WalRecordsLost = WalRecordsLost,
        ManifestLost = ManifestLost,
        Losses = [.. _losses],
    };

    /// <summary>Byte-wise equality of keys, for the table of newest entries.</summary>
    private sealed class ByteArrayEquality : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayEquality Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            HashCode hash = default;
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
