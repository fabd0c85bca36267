using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Engine.Api;
using Engine.Core.Buffers;
using Engine.Core.Errors;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Memtables;

/// <summary>
/// A skiplist of (internal key, value) entries whose nodes live in an <see cref="Arena"/> and link to each
/// other by arena offsets, ordered by <see cref="InternalKey.Compare(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.
/// The design follows Pebble's arenaskl and RocksDB's InlineSkipList, simplified for a single writer.
/// </summary>
/// <remarks>
/// <para>Node layout (all integers are native-endian int32; a node starts at a 4-byte-aligned offset):</para>
/// <code>
/// +0       +4         +8       +12        +16           +16+4h            +16+4h+k
/// +--------+----------+--------+----------+-------------+-----------------+---------------+
/// | keyLen | valueLen | height | prev0    | next[0..h)  | key (k bytes)   | value (v b.)  |
/// +--------+----------+--------+----------+-------------+-----------------+---------------+
///   k        v          h = 1..20          h links       user key + 8-byte trailer
/// </code>
/// <para>
/// A link is the arena offset of another node; 0 means "none". <c>prev</c> exists at level 0 only: the single
/// writer never needs backward links to insert, and level 0 is enough for O(1) amortised reverse steps. The
/// tower is truncated to the node's height, and the key and value sit right behind it in the same
/// allocation. The head node has height <see cref="MaxHeight"/> and an empty key that is never compared; it
/// is allocated first and its offset never changes. Heights are drawn with p = 1/4 from a per-list
/// xorshift generator, so a fixed seed gives the same shape every run.
/// </para>
/// <para>
/// Thread-safety: one writer at a time (the caller serialises <see cref="TryAdd"/>) and any number of
/// lock-free readers. The publication protocol:
/// </para>
/// <list type="number">
/// <item>The writer allocates the node and writes every field with plain stores: lengths, height, its own
/// <c>prev</c> and <c>next</c> links (the successors found by the search), key and value.</item>
/// <item>It links the node into its predecessors bottom-up with release stores
/// (<see cref="NativeSlab.WriteInt32Release"/>). The level-0 store is the moment the entry becomes
/// visible; higher levels only speed up later searches, and a reader that does not see them yet still
/// finds the node through level 0.</item>
/// <item>Last, it points the level-0 successor's <c>prev</c> at the node with a release store.</item>
/// </list>
/// <para>
/// Readers load links with acquire (<see cref="NativeSlab.ReadInt32Acquire"/>), so any node they reach is
/// fully written. A reader stepping backwards can see a stale <c>prev</c> (step 3 not done yet): it then
/// walks forward along level 0 from that node until it reaches the node it came from, which yields the true
/// predecessor, consistent with what forward iteration sees. Nodes are never removed or modified after
/// publication except for their links, so spans into keys and values stay valid while the arena lives.
/// </para>
/// </remarks>
internal sealed partial class ArenaSkipList
{
    /// <summary>The tallest tower a node may have.</summary>
    public const int MaxHeight = 20;

    /// <summary>The alignment of every node, so that links can be read and written atomically.</summary>
    public const int NodeAlignment = 4;

    /// <summary>The bytes before the tower: key length, value length, height and the level-0 prev link.</summary>
    public const int NodeHeaderSize = 16;

    /// <summary>The bytes of one link.</summary>
    public const int LinkSize = 4;

    /// <summary>The arena bytes an empty list takes: its head node, plus worst-case alignment padding.</summary>
    public const int EmptyListSize = NodeHeaderSize + (LinkSize * MaxHeight) + NodeAlignment - 1;

    private const int KeyLengthField = 0;
    private const int ValueLengthField = 4;
    private const int HeightField = 8;
    private const int PrevField = 12;

    private readonly Arena _arena;
    private readonly NativeSlab _slab;
    private readonly int _head;

    // Written by the single writer; read by any thread through Volatile.
    private int _height;
    private int _count;
    private int _bytesUsed;

    /// <summary>Creates an empty list in <paramref name="arena"/>, drawing node heights from <paramref name="seed"/>.</summary>
    /// <exception cref="StorageException">The arena cannot hold the head node.</exception>
    public ArenaSkipList(Arena arena, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(arena);
        _arena = arena;
        _slab = arena.Slab;
        _rngState = SeedState(seed);

        int before = arena.Size;
        if (!arena.TryAllocate(NodeHeaderSize + (LinkSize * MaxHeight), NodeAlignment, out _head))
        {
            ThrowHelper.ThrowInvalidArgument($"arena of {arena.Capacity} bytes cannot hold a skiplist head");
        }

        // The arena is uninitialised: every field of the head is written, every link starts empty.
        _slab.WriteInt32(_head + KeyLengthField, 0);
        _slab.WriteInt32(_head + ValueLengthField, 0);
        _slab.WriteInt32(_head + HeightField, MaxHeight);
        _slab.WriteInt32(_head + PrevField, 0);
        for (int level = 0; level < MaxHeight; level++)
        {
            _slab.WriteInt32(NextField(_head, level), 0);
            _splicePrev[level] = _head;
            _spliceNext[level] = 0;
        }

        _height = 1;
        _bytesUsed = arena.Size - before;
    }

    /// <summary>The number of entries.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The arena bytes this list's nodes take, head and alignment padding included.</summary>
    public int ArenaBytesUsed => Volatile.Read(ref _bytesUsed);

    /// <summary>
    /// The largest number of arena bytes one entry can take (tallest tower and worst-case padding included),
    /// for a key of <paramref name="internalKeyLength"/> bytes and a value of <paramref name="valueLength"/> bytes.
    /// </summary>
    public static long MaxNodeSize(int internalKeyLength, int valueLength) =>
        NodeHeaderSize + ((long)LinkSize * MaxHeight) + (long)internalKeyLength + valueLength + NodeAlignment - 1;

    /// <summary>The whole internal key of <paramref name="node"/> (user key and trailer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<byte> KeyAt(int node) =>
        _slab.Span(KeyStart(node), _slab.ReadInt32(node + KeyLengthField));

    /// <summary>The value of <paramref name="node"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<byte> ValueAt(int node) =>
        _slab.Span(
            KeyStart(node) + _slab.ReadInt32(node + KeyLengthField),
            _slab.ReadInt32(node + ValueLengthField));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextField(int node, int level) => node + NodeHeaderSize + (LinkSize * level);

    // The fields read here were written before the node was published, so plain loads suffice.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int KeyStart(int node) => node + NodeHeaderSize + (LinkSize * _slab.ReadInt32(node + HeightField));

    /// <summary>Per-level node offsets: the writer's splice, kept inline so inserts allocate nothing.</summary>
    /// <remarks>Mutable struct: do not make fields of this type readonly.</remarks>
    [InlineArray(MaxHeight)]
    private struct LevelOffsets
    {
        private int _element0;
    }
}
