using System.IO.Hashing;
using System.Text;
using Engine.Core.Storage;
using Engine.Fuzz.Driver;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>
/// One block parsed directly by the block reader (<see cref="BlockReader"/>, <see cref="BlockCursor"/> through
/// <see cref="BlockIterator"/>): restart validation, iteration both ways, seeks.
/// </summary>
/// <remarks>
/// <code>
/// input := | flags (1 B) | block contents, trailer excluded |
/// flags bit 0: bytewise key order (metaindex, properties) instead of internal order (data, index, range-del)
/// flags bit 1: skip <see cref="BlockReader.Validate"/>: the decoder alone must still reject damage with a
///              typed exception, but forward and backward iteration need not agree
/// </code>
/// A validated block must read the same entries forward and backward (compared by hash, the first
/// <see cref="MaxBackwardSteps"/> from the end, so a block of one huge restart interval stays linear). A seek to any
/// key cut from the input lands at or after it; when the block's keys strictly increase, a seek to an entry's key lands
/// on that entry, and every seek lands exactly on the first entry at or after its target (or before it, for
/// <c>SeekLT</c>). Rejection is <see cref="CorruptionException"/>. One thread at a time (scratch is reused).
/// </remarks>
internal sealed class BlockTarget : IFuzzTarget
{
    private const string BlockPath = "<block>";
    private const int MaxBackwardSteps = 512;
    private const int EntryTargets = 8;
    private const int SliceTargets = 6;

    private readonly List<(ulong Key, ulong Value)> _forward = [];
    private readonly List<(byte[] Key, int Ordinal)> _targets = [];
    private byte[] _previous = new byte[64];

    public string Name => "block";

    public string Description => "Engine.Lsm.Sst.BlockIterator over one block: validate, iterate both ways (must agree), seek";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        BlockKeyOrder order = (input[0] & 1) != 0 ? BlockKeyOrder.Bytewise : BlockKeyOrder.Internal;
        bool validated = (input[0] & 2) == 0;
        byte[] block = input[1..].ToArray();
        if (validated)
        {
            new BlockReader(block, order, BlockPath, 0).Validate();
        }

        using MemMappedFile file = new(BlockPath, block);
        using BlockIterator iterator = new(file, new BlockHandle(0, block.Length), order);
        bool sorted = Forward(iterator, order, block.Length);
        Backward(iterator, validated);
        CollectTargets(iterator, order, block);
        foreach ((byte[] target, int ordinal) in _targets)
        {
            Seek(iterator, order, target, validated && sorted ? ordinal : -2);
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is CorruptionException;

    public IEnumerable<byte[]> Seeds()
    {
        List<(byte[] Key, byte[] Value)> entries = [.. SeedTables.Entries(30)];
        yield return Block(0, 16, BlockKeyOrder.Internal, entries);
        yield return Block(0, 1, BlockKeyOrder.Internal, entries.Take(6));
        yield return Block(2, 4, BlockKeyOrder.Internal, entries);
        yield return Block(0, 16, BlockKeyOrder.Internal, []);

        // Keys that share long prefixes, so most entries reassemble their key from the previous one.
        string prefix = new('p', 40);
        yield return Block(0, 8, BlockKeyOrder.Internal, Enumerable.Range(0, 20).Select(i =>
            (SeedTables.Key(Encoding.ASCII.GetBytes($"{prefix}{i:D3}"), 50, KeyKind.Set), new byte[i % 4])));

        // Bytewise, as the metaindex and properties blocks are.
        string[] names = ["engine.data.size", "engine.num.entries", "filter.bloom", "properties", "rangedel"];
        yield return Block(1, 1, BlockKeyOrder.Bytewise, names.Select(name => (Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        // The index block of a real table.
        byte[] table = SeedTables.Build(40, SeedTables.Shapes[0].Options, tombstones: false);
        BlockHandle index = SeedTables.FooterOf(table).IndexHandle;
        yield return [0, .. table.AsSpan((int)index.Offset, index.Size)];
    }

    private static byte[] Block(byte flags, int restartInterval, BlockKeyOrder order, IEnumerable<(byte[] Key, byte[] Value)> entries)
    {
        using BlockBuilder builder = new(restartInterval, order);
        foreach ((byte[] key, byte[] value) in entries)
        {
            builder.Add(key, value);
        }

        return [flags, .. builder.Finish()];
    }

    private static int Compare(BlockKeyOrder order, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        order == BlockKeyOrder.Internal ? InternalKey.Compare(a, b) : a.SequenceCompareTo(b);

    /// <summary>Hashes every entry in order into <see cref="_forward"/>; true when the keys strictly increase.</summary>
    private bool Forward(BlockIterator iterator, BlockKeyOrder order, int length)
    {
        _forward.Clear();
        bool sorted = true;
        int previousLength = 0;
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            // An entry takes at least three bytes (its three varints).
            if (_forward.Count > length / 3)
            {
                throw new FuzzCheckException($"a block of {length} bytes yields more than {length / 3} entries");
            }

            ReadOnlySpan<byte> key = iterator.Key;
            if (_forward.Count > 0 && Compare(order, _previous.AsSpan(0, previousLength), key) >= 0)
            {
                sorted = false;
            }

            if (_previous.Length < key.Length)
            {
                _previous = new byte[Math.Max(key.Length, _previous.Length * 2)];
            }

            key.CopyTo(_previous);
            previousLength = key.Length;
            _forward.Add((XxHash64.HashToUInt64(key), XxHash64.HashToUInt64(iterator.Value)));
        }

        return sorted;
    }

    private void Backward(BlockIterator iterator, bool mustAgree)
    {
        int ordinal = _forward.Count - 1;
        int steps = 0;
        for (iterator.Last(); iterator.Valid && steps < MaxBackwardSteps; iterator.Prev())
        {
            ulong key = XxHash64.HashToUInt64(iterator.Key);
            ulong value = XxHash64.HashToUInt64(iterator.Value);
            if (mustAgree && (ordinal < 0 || _forward[ordinal] != (key, value)))
            {
                throw new FuzzCheckException($"backward step {steps} differs from forward entry {ordinal} of {_forward.Count}");
            }

            steps++;
            ordinal--;
        }

        if (mustAgree && steps < MaxBackwardSteps && ordinal != -1)
        {
            throw new FuzzCheckException($"backward iteration ends after {steps} of {_forward.Count} entries");
        }
    }

    /// <summary>Seek targets: entry keys at a stride (with their ordinals) and slices of the input (ordinal -1).</summary>
    private void CollectTargets(BlockIterator iterator, BlockKeyOrder order, ReadOnlySpan<byte> block)
    {
        _targets.Clear();
        int stride = Math.Max(1, _forward.Count / EntryTargets);
        int ordinal = 0;
        for (iterator.First(); iterator.Valid; iterator.Next(), ordinal++)
        {
            if (ordinal % stride == 0 || ordinal == _forward.Count - 1)
            {
                _targets.Add((iterator.Key.ToArray(), ordinal));
            }
        }

        int minimum = order == BlockKeyOrder.Internal ? InternalKey.TrailerSize : 0;
        for (int i = 0; i < SliceTargets && block.Length >= minimum; i++)
        {
            int start = (int)((uint)(i * 7919) % (uint)(block.Length - minimum + 1));
            int length = Math.Min(block.Length - start, minimum + (block.Length > 0 ? block[(start + i) % block.Length] % 24 : 0));
            _targets.Add((block.Slice(start, length).ToArray(), -1));
        }
    }

    /// <summary>
    /// Seeks to <paramref name="target"/> both ways. <paramref name="ordinal"/>: the entry the target was taken from,
    /// -1 for a slice of the input, -2 when the block is not known to be well formed and only the weak property holds.
    /// </summary>
    private void Seek(BlockIterator iterator, BlockKeyOrder order, byte[] target, int ordinal)
    {
        bool exact = ordinal >= -1;
        iterator.SeekGE(target);
        if (iterator.Valid && Compare(order, iterator.Key, target) < 0)
        {
            throw new FuzzCheckException("SeekGE lands on a key before its target");
        }

        if (exact)
        {
            if (ordinal >= 0 && !(iterator.Valid && _forward[ordinal] == (XxHash64.HashToUInt64(iterator.Key), XxHash64.HashToUInt64(iterator.Value))))
            {
                throw new FuzzCheckException($"SeekGE to the key of entry {ordinal} lands elsewhere");
            }

            // Whatever precedes the landing place sorts before the target.
            if (iterator.Valid)
            {
                iterator.Prev();
            }
            else
            {
                iterator.Last();
            }

            if (iterator.Valid && Compare(order, iterator.Key, target) >= 0)
            {
                throw new FuzzCheckException("SeekGE passes over an entry at or after its target");
            }
        }

        iterator.SeekLT(target);
        if (exact && iterator.Valid && Compare(order, iterator.Key, target) >= 0)
        {
            throw new FuzzCheckException("SeekLT lands on a key at or after its target");
        }

        if (ordinal >= 0 && (iterator.Valid != ordinal > 0
            || (ordinal > 0 && _forward[ordinal - 1] != (XxHash64.HashToUInt64(iterator.Key), XxHash64.HashToUInt64(iterator.Value)))))
        {
            throw new FuzzCheckException($"SeekLT to the key of entry {ordinal} does not land on the entry before it");
        }
    }
}
