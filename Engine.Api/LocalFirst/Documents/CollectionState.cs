using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Engine.Api.LocalFirst.Documents.Indexes;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// What a store keeps in memory about one collection: its index definitions and the lock that orders definition
/// changes against writers. Thread-safe.
/// </summary>
/// <remarks>
/// Writers hold <see cref="Lock"/> shared from reading <see cref="Indexes"/> until their batch commits; creating,
/// finishing and dropping an index hold it exclusively. So a writer either commits before a definition changes or
/// sees the change: a document committed after an index starts building always carries that index's entry. The lock
/// is synchronous: every document operation runs to completion on its calling thread.
/// </remarks>
internal sealed class CollectionState(string name)
{
    public string Name { get; } = name;

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Whether the definitions were read from the store; set once, under the write lock.</summary>
    public bool Loaded { get; set; }

    /// <summary>Every index, building or ready; replaced whole, under the write lock.</summary>
    public IReadOnlyList<DocumentIndex> Indexes { get; set; } = [];

    /// <summary>The indexes queries may read.</summary>
    public IEnumerable<DocumentIndex> ReadyIndexes => Indexes.Where(i => i.State == IndexState.Ready);
}
