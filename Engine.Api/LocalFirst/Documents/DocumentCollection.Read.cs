using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Api.LocalFirst.Documents.Indexes;

namespace Engine.Api.LocalFirst.Documents;

public sealed partial class DocumentCollection
{
    /// <summary>The document <paramref name="id"/>, or null when there is none.</summary>
    /// <exception cref="ArgumentException">The id is empty or too long.</exception>
    /// <exception cref="CorruptionException">The stored document does not parse.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<JsonObject?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        byte[]? stored = GetStored(id, cancellationToken, out byte[] key);
        return ValueTask.FromResult(stored is null ? null : ToJsonObject(key, stored));
    }

    /// <summary>
    /// The documents that match <paramref name="query"/>, in its order, read as of one consistent point (a snapshot
    /// taken when enumeration starts). Results stream when the plan reads them in result order (no sort, or an index
    /// that gives the sort); otherwise the matching documents are gathered and sorted first.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query has a negative skip or limit, or an empty field path.</exception>
    /// <exception cref="CorruptionException">A stored document or index entry does not parse (thrown while enumerating).</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public IAsyncEnumerable<StoredDocument<JsonObject>> QueryAsync(DocQuery query, CancellationToken cancellationToken = default) =>
        Query(query, cancellationToken).ToAsyncEnumerable();

    /// <summary>The plan <see cref="QueryAsync"/> would run for <paramref name="query"/>: the index it reads, or a collection scan, and why.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query has a negative skip or limit, or an empty field path.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public QueryPlan Explain(DocQuery query)
    {
        Validate(query);
        _store.ThrowIfDisposed();
        return QueryPlanner.Plan(ReadyIndexes(), query).ToPlan();
    }

    /// <summary>The stored bytes of the document <paramref name="id"/>, or null.</summary>
    internal byte[]? GetStored(string id, CancellationToken cancellationToken, out byte[] key)
    {
        ValidateName(id, nameof(id));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        key = DocumentKeys.Document(Name, id);
        return Database.Get(key);
    }

    /// <summary>The query's results, synchronously, with the query checked before the first one is asked for.</summary>
    internal IEnumerable<StoredDocument<JsonObject>> Query(DocQuery query, CancellationToken cancellationToken)
    {
        Validate(query);
        _store.ThrowIfDisposed();
        FieldPath[] projection = [.. (query.Projection ?? []).Select(p => FieldPath.Parse(p, nameof(query)))];
        return Run(query, projection, cancellationToken);
    }

    private static JsonObject Project(JsonObject document, FieldPath[] projection)
    {
        JsonObject result = [];
        foreach (FieldPath path in projection)
        {
            string[] segments = path.Path.Split('.');
            JsonNode? value = document;
            bool found = true;
            foreach (string segment in segments)
            {
                if (value is JsonObject parent && parent.TryGetPropertyValue(segment, out JsonNode? child))
                {
                    value = child;
                }
                else
                {
                    found = false;
                    break;
                }
            }

            if (!found)
            {
                continue;
            }

            JsonObject target = result;
            foreach (string segment in segments[..^1])
            {
                if (target[segment] is not JsonObject next)
                {
                    next = [];
                    target[segment] = next;
                }

                target = next;
            }

            target[segments[^1]] = value?.DeepClone();
        }

        return result;
    }

    private IEnumerable<DocumentIndex> ReadyIndexes() => Indexes().Where(i => i.State == IndexState.Ready);

    private static void Validate(DocQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip, nameof(query));
        if (query.Limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "The limit is negative.");
        }

        foreach (FieldOrder order in query.Sort ?? [])
        {
            FieldOrder.Validate(order, nameof(query));
            _ = FieldPath.Parse(order.Field, nameof(query));
        }

        foreach (string field in query.Projection ?? [])
        {
            _ = FieldPath.Parse(field, nameof(query));
        }
    }
}
