using System;

namespace Engine.Lsm.Iterators;

/// <summary>
/// A cursor over internal keys (user key + trailer) in internal-key order, with their values.
/// Memtables, tables, levels and the merge of them all implement it.
/// </summary>
/// <remarks>
/// Spans returned by <see cref="Key"/> and <see cref="Value"/> are valid until the next positioning call.
/// An iterator belongs to one thread. Positioning calls on a source that finds corrupt bytes throw
/// <see cref="Engine.Api.CorruptionException"/>.
/// </remarks>
internal interface IInternalIterator : IDisposable
{
    /// <summary>True when the iterator is positioned on an entry.</summary>
    bool Valid { get; }

    /// <summary>The current entry's internal key. Only when <see cref="Valid"/>.</summary>
    ReadOnlySpan<byte> Key { get; }

    /// <summary>The current entry's value. Only when <see cref="Valid"/>.</summary>
    ReadOnlySpan<byte> Value { get; }

    /// <summary>Positions on the first entry whose internal key is at or after <paramref name="internalKey"/>.</summary>
    void SeekGE(ReadOnlySpan<byte> internalKey);

    /// <summary>Positions on the last entry whose internal key is before <paramref name="internalKey"/>.</summary>
    void SeekLT(ReadOnlySpan<byte> internalKey);

    /// <summary>Positions on the first entry.</summary>
    void First();

    /// <summary>Positions on the last entry.</summary>
    void Last();

    /// <summary>Moves to the next entry; invalid past the last.</summary>
    void Next();

    /// <summary>Moves to the previous entry; invalid before the first.</summary>
    void Prev();
}
