using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// A collection of documents read and written as <typeparamref name="T"/>, converted with System.Text.Json and the
/// options the collection was opened with; the documents are the same as those of the untyped
/// <see cref="DocumentCollection"/> of the same name. Thread-safe.
/// </summary>
/// <typeparam name="T">The document type; it must serialize to a JSON object.</typeparam>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A collection of documents, the name the document store's users know; it is no .NET collection type.")]
public sealed class DocumentCollection<T>
{
    private readonly JsonSerializerOptions _options;

    internal DocumentCollection(DocumentCollection untyped, JsonSerializerOptions options)
    {
        Untyped = untyped;
        _options = options;
    }

    /// <summary>The collection's name.</summary>
    public string Name => Untyped.Name;

    /// <summary>The same collection as raw JSON: indexes, queries and documents are shared.</summary>
    public DocumentCollection Untyped { get; }

    /// <summary>Stores <paramref name="document"/> under a new time-ordered id (a UUIDv7) and returns the id.</summary>
    /// <exception cref="ArgumentException">The document does not serialize to a representable JSON object.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<string> InsertAsync(T document, CancellationToken cancellationToken = default) =>
        Untyped.InsertAsync(ToElement(document), cancellationToken);

    /// <summary>Stores <paramref name="document"/> under <paramref name="id"/>, which must not exist.</summary>
    /// <exception cref="ArgumentException">The id is empty or too long, or the document does not serialize to a representable JSON object.</exception>
    /// <exception cref="DuplicateKeyException">A document with this id exists; nothing was written.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask InsertWithIdAsync(string id, T document, CancellationToken cancellationToken = default) =>
        Untyped.InsertWithIdAsync(id, ToElement(document), cancellationToken);

    /// <summary>The document <paramref name="id"/>, or the default of <typeparamref name="T"/> when there is none.</summary>
    /// <exception cref="ArgumentException">The id is empty or too long.</exception>
    /// <exception cref="CorruptionException">The stored document does not parse.</exception>
    /// <exception cref="JsonException">The document does not convert to <typeparamref name="T"/>.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<T?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        byte[]? stored = Untyped.GetStored(id, cancellationToken, out byte[] key);
        return ValueTask.FromResult(stored is null ? default : JsonSerializer.Deserialize<T>(Untyped.ToJsonUtf8(key, stored), _options));
    }

    /// <summary>Replaces the document <paramref name="id"/> whole.</summary>
    /// <returns>False, writing nothing, when there is no such document.</returns>
    /// <exception cref="ArgumentException">The id is empty or too long, or the document does not serialize to a representable JSON object.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<bool> UpdateAsync(string id, T document, CancellationToken cancellationToken = default) =>
        Untyped.UpdateAsync(id, ToElement(document), cancellationToken);

    /// <inheritdoc cref="DocumentCollection.PatchAsync(string, JsonElement, CancellationToken)"/>
    public ValueTask<bool> PatchAsync(string id, JsonElement mergePatch, CancellationToken cancellationToken = default) =>
        Untyped.PatchAsync(id, mergePatch, cancellationToken);

    /// <inheritdoc cref="DocumentCollection.DeleteAsync(string, CancellationToken)"/>
    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Untyped.DeleteAsync(id, cancellationToken);

    /// <summary>
    /// The documents that match <paramref name="query"/>, converted to <typeparamref name="T"/> (with a projection,
    /// the fields not projected keep their defaults). Otherwise as <see cref="DocumentCollection.QueryAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query has a negative skip or limit, or an empty field path.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public IAsyncEnumerable<StoredDocument<T>> QueryAsync(DocQuery query, CancellationToken cancellationToken = default) =>
        Untyped.Query(query, cancellationToken).Select(d => new StoredDocument<T>(d.Id, d.Value.Deserialize<T>(_options)!)).ToAsyncEnumerable();

    /// <inheritdoc cref="DocumentCollection.Explain(DocQuery)"/>
    public QueryPlan Explain(DocQuery query) => Untyped.Explain(query);

    /// <inheritdoc cref="DocumentCollection.CreateIndexAsync(string, IReadOnlyList{string}, IndexKind, CancellationToken)"/>
    public ValueTask CreateIndexAsync(string name, IReadOnlyList<string> fields, IndexKind kind = IndexKind.Ascending, CancellationToken cancellationToken = default) =>
        Untyped.CreateIndexAsync(name, fields, kind, cancellationToken);

    /// <inheritdoc cref="DocumentCollection.CreateIndexAsync(string, IReadOnlyList{FieldOrder}, CancellationToken)"/>
    public ValueTask CreateIndexAsync(string name, IReadOnlyList<FieldOrder> fields, CancellationToken cancellationToken = default) =>
        Untyped.CreateIndexAsync(name, fields, cancellationToken);

    /// <inheritdoc cref="DocumentCollection.DropIndexAsync(string, CancellationToken)"/>
    public ValueTask<bool> DropIndexAsync(string name, CancellationToken cancellationToken = default) =>
        Untyped.DropIndexAsync(name, cancellationToken);

    private JsonElement ToElement(T document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.SerializeToElement(document, _options);
    }
}
