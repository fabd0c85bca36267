using System;
using System.Collections.Concurrent;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>The document store's in-memory state for one open <see cref="LocalStore"/>: collections and the id generator. Thread-safe.</summary>
internal sealed class DocumentCatalog(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, CollectionState> _collections = new(StringComparer.Ordinal);

    public UuidV7Generator Ids { get; } = new(clock);

    /// <summary>The state of <paramref name="collection"/>, created on first use (its definitions load lazily).</summary>
    public CollectionState Get(string collection) => _collections.GetOrAdd(collection, static name => new CollectionState(name));
}
