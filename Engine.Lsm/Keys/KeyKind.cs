namespace Engine.Lsm.Keys;

/// <summary>The kind of an entry, stored in the low byte of its trailer.</summary>
/// <remarks>
/// The numeric values are part of the on-disk formats (WAL batches, SSTables): never renumber.
/// Among entries with the same user key and sequence number, higher kinds sort first.
/// </remarks>
internal enum KeyKind : byte
{
    /// <summary>A point tombstone: the key has no value at this sequence number.</summary>
    Delete = 0,

    /// <summary>A value.</summary>
    Set = 1,

    /// <summary>A range tombstone: the entry's key is the inclusive start, its value the exclusive end.</summary>
    RangeDelete = 2,

    /// <summary>Not stored: the largest kind, used to build search keys that sort before every stored entry of a sequence number.</summary>
    Max = 0xFF,
}
