using System;

namespace Engine.Lsm.Compaction;

/// <summary>
/// Decides, during compaction, whether the newest version of a key stays or is removed: the hook behind TTL expiry
/// and retention, after RocksDB's compaction filter.
/// </summary>
/// <remarks>
/// <para>
/// The compaction calls <see cref="Decide"/> for a value (never a tombstone) that is the newest version of its key
/// among the compaction's inputs, that is visible at the store's tip, and that no live snapshot can see: its sequence
/// number lies above the newest snapshot's and at or below the visible sequence number when the compaction started.
/// Older versions of the key stay for the snapshots that see them, and deeper levels may hold more, so a removed
/// value becomes a point tombstone with the same sequence number (never a silent drop that would let an older
/// version show through); the tombstone is dropped later, as every tombstone is, once nothing below it can hold the
/// key.
/// </para>
/// <para>
/// A snapshot taken while the compaction runs, after it read the snapshot list, may see the removal once the output
/// is installed. A filter should therefore remove only what the layer above already treats as absent (an entry whose
/// time to live ran out is invisible to every reader of the key-value store from that moment on), so that the
/// physical removal changes nothing a reader can observe.
/// </para>
/// <para>Called from background compaction threads, several at once: implementations are thread-safe and do not
/// block. An exception fails the compaction (and, in the background, the store) like an I/O error.</para>
/// </remarks>
internal abstract class CompactionFilter
{
    /// <summary>Whether the value <paramref name="value"/> of <paramref name="userKey"/> stays.</summary>
    public abstract CompactionDecision Decide(ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value);
}
