using System;

// Declared in Engine.Api although the file lives in Engine.Lsm/Ingest, for the reason given in DatabaseMetrics.cs: the
// engine reads the source itself while it writes tables, so the contract has one definition and no adapter per entry.
namespace Engine.Api;

/// <summary>
/// A forward-only source of entries in strictly ascending key order (ordinal byte order), each a put or a delete: what
/// <c>Database.Ingest</c> writes straight into tables.
/// </summary>
/// <remarks>
/// The engine calls <see cref="MoveNext"/> and reads the current entry's members on one thread, once per entry, and
/// never keeps the spans past the next <see cref="MoveNext"/>: a source may hand out views of a reused buffer. The
/// source needs no thread-safety of its own.
/// </remarks>
public interface ISortedEntrySource
{
    /// <summary>Moves to the next entry; false at the end.</summary>
    /// <returns>True when there is a current entry; false when the source is exhausted.</returns>
    bool MoveNext();

    /// <summary>The current entry's key: not empty, at most <c>Database.MaxKeySizeBytes</c>, above the previous key.</summary>
    /// <remarks>Valid until the next <see cref="MoveNext"/>.</remarks>
    ReadOnlySpan<byte> Key { get; }

    /// <summary>The current entry's value; empty for a delete. At most <c>Database.MaxValueSizeBytes</c>.</summary>
    /// <remarks>Valid until the next <see cref="MoveNext"/>.</remarks>
    ReadOnlySpan<byte> Value { get; }

    /// <summary>True when the current entry deletes its key rather than setting it.</summary>
    bool IsDelete { get; }
}
