using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Api.LocalFirst.Documents.Filters;
using Engine.Api.LocalFirst.Documents.Indexes;
using Engine.Lsm.Db;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// Running a query: the documents the plan reads are filtered on their stored bytes, in reused buffers; with a sort
/// and a limit only the best <c>skip + limit</c> are kept (a bounded heap); only the documents returned are decoded.
/// </summary>
public sealed partial class DocumentCollection
{
    /// <summary>How many index entries one batched read of their documents takes.</summary>
    private const int IndexBatch = 256;

    /// <summary>Orders sort keys greatest first, so the heap's top is the worst document kept.</summary>
    private static readonly Comparer<byte[]> s_worstFirst = Comparer<byte[]>.Create(static (a, b) => b.AsSpan().SequenceCompareTo(a));

    private IEnumerable<StoredDocument<JsonObject>> Run(DocQuery query, FieldPath[] projection, CancellationToken cancellationToken)
    {
        PlannedQuery plan = QueryPlanner.Plan(ReadyIndexes(), query);
        if (plan.IsEmpty || query.Limit == 0)
        {
            yield break;
        }

        using Snapshot snapshot = Database.GetSnapshot();
        IEnumerable<DocumentBuffer> matches = Matches(plan, query, snapshot, cancellationToken);
        if (plan.ProvidesOrder || (plan.Index is null && query.Sort is not { Count: > 0 }))
        {
            // The plan reads in result order: stream, decoding only what is returned.
            int skipped = 0;
            int returned = 0;
            foreach (DocumentBuffer match in matches)
            {
                if (skipped < query.Skip)
                {
                    skipped++;
                    continue;
                }

                yield return Result(match.Key.ToArray(), match.Stored.ToArray(), projection);
                if (++returned == query.Limit)
                {
                    yield break;
                }
            }

            yield break;
        }

        (byte[] Key, byte[] Stored)[] sorted = Sorted(matches, query);
        int last = query.Limit is int limit ? (int)Math.Min(sorted.Length, (long)query.Skip + limit) : sorted.Length;
        for (int i = query.Skip; i < last; i++)
        {
            yield return Result(sorted[i].Key, sorted[i].Stored, projection);
        }
    }

    private StoredDocument<JsonObject> Result(byte[] key, byte[] stored, FieldPath[] projection)
    {
        JsonObject document = ToJsonObject(key, stored);
        return new StoredDocument<JsonObject>(DocumentKeys.IdOfDocument(key, StorePath), projection.Length == 0 ? document : Project(document, projection));
    }

    /// <summary>
    /// The documents the plan reads that pass the whole filter, in the plan's order, each in the same reused buffer:
    /// the caller copies what it keeps.
    /// </summary>
    private IEnumerable<DocumentBuffer> Matches(PlannedQuery plan, DocQuery query, Snapshot snapshot, CancellationToken cancellationToken)
    {
        DocumentBuffer document = new();
        DocumentView view = new();
        DocFilter? filter = query.Filter;
        using DatabaseIterator iterator = Database.NewIterator(new ReadOptions
        {
            Snapshot = snapshot,
            Range = plan.Index is null ? DocumentKeys.Documents(Name) : plan.Range,
        });
        iterator.First();
        if (plan.Index is null)
        {
            for (; iterator.Valid; iterator.Next())
            {
                cancellationToken.ThrowIfCancellationRequested();
                document.Load(iterator.Key, iterator.Value);
                if (filter is null || Passes(filter, view, document))
                {
                    yield return document;
                }
            }

            yield break;
        }

        // The entries' documents are read in batches, each one pass over the tables; a streaming plan with a limit
        // starts with a batch just big enough, in case the first entries suffice.
        byte[] prefix = DocumentKeys.DocumentPrefix(Name);
        int batch = plan.ProvidesOrder && query.Limit is int limit ? (int)Math.Clamp((long)query.Skip + limit, 1, IndexBatch) : IndexBatch;
        List<byte[]> keys = new(batch);
        ValueBatch values = new();
        while (iterator.Valid)
        {
            keys.Clear();
            for (; iterator.Valid && keys.Count < batch; iterator.Next())
            {
                cancellationToken.ThrowIfCancellationRequested();
                keys.Add(DocumentKeyOfEntry(plan.Index, prefix, iterator.Key));
            }

            batch = IndexBatch;
            Database.MultiGetIndexed(keys, values, snapshot);
            for (int i = 0; i < keys.Count; i++)
            {
                if (!Load(document, keys[i], values, i))
                {
                    throw new CorruptionException(StorePath, keys[i], $"the entry of index '{plan.Index.Name}' names a missing document");
                }

                if (filter is null || Passes(filter, view, document))
                {
                    yield return document;
                }
            }
        }
    }

    private static bool Load(DocumentBuffer document, byte[] key, ValueBatch values, int index)
    {
        if (!values.TryGet(index, out ReadOnlySpan<byte> stored))
        {
            return false;
        }

        document.Load(key, stored);
        return true;
    }

    private bool Passes(DocFilter filter, DocumentView view, DocumentBuffer document)
    {
        try
        {
            view.Reset(DocumentFormat.Body(document.Stored));
            return filter.Matches(view);
        }
        catch (FormatException ex)
        {
            throw new CorruptionException(StorePath, document.Key, $"the document does not parse: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The key of the document an index entry names: the document prefix, then the entry's id tuple. An id tuple that
    /// does not parse names no stored document, so it shows as a missing one.
    /// </summary>
    private byte[] DocumentKeyOfEntry(DocumentIndex index, byte[] prefix, ReadOnlySpan<byte> entry)
    {
        ReadOnlySpan<byte> idTuple;
        try
        {
            idTuple = index.IdTupleOf(entry);
        }
        catch (FormatException ex)
        {
            throw new CorruptionException(StorePath, entry, $"the entry of index '{index.Name}' does not parse: {ex.Message}", ex);
        }

        byte[] key = new byte[prefix.Length + idTuple.Length];
        prefix.CopyTo(key, 0);
        idTuple.CopyTo(key.AsSpan(prefix.Length));
        return key;
    }

    /// <summary>
    /// The documents in sort order: by the sort fields' ordered encodings (inverted where descending), then by id, the
    /// order an index over exactly those fields yields. With a limit, only the first <c>skip + limit</c>.
    /// </summary>
    private (byte[] Key, byte[] Stored)[] Sorted(IEnumerable<DocumentBuffer> matches, DocQuery query)
    {
        IReadOnlyList<FieldOrder> sort = query.Sort ?? [];
        FieldPath[] paths = new FieldPath[sort.Count];
        for (int i = 0; i < paths.Length; i++)
        {
            paths[i] = FieldPath.Parse(sort[i].Field, nameof(query));
        }

        int prefixLength = DocumentKeys.DocumentPrefix(Name).Length;
        long wanted = query.Limit is int limit ? (long)query.Skip + limit : long.MaxValue;
        int keep = wanted < int.MaxValue ? (int)wanted : int.MaxValue;
        PriorityQueue<(byte[] Key, byte[] Stored), byte[]> best = new(s_worstFirst);
        ArrayBufferWriter<byte> sortKey = new(64);
        foreach (DocumentBuffer match in matches)
        {
            sortKey.ResetWrittenCount();
            try
            {
                DocumentIndex.WriteFields(DocumentFormat.Body(match.Stored), sortKey, sort, paths);
            }
            catch (FormatException ex)
            {
                throw new CorruptionException(StorePath, match.Key, $"the document does not parse: {ex.Message}", ex);
            }

            // Ties on the fields go by id: the document key after the prefix is the id tuple.
            sortKey.Write(match.Key[prefixLength..]);
            if (best.Count < keep)
            {
                best.Enqueue((match.Key.ToArray(), match.Stored.ToArray()), sortKey.WrittenSpan.ToArray());
            }
            else if (best.TryPeek(out _, out byte[]? worst) && sortKey.WrittenSpan.SequenceCompareTo(worst) < 0)
            {
                best.DequeueEnqueue((match.Key.ToArray(), match.Stored.ToArray()), sortKey.WrittenSpan.ToArray());
            }
        }

        (byte[] Key, byte[] Stored)[] ordered = new (byte[] Key, byte[] Stored)[best.Count];
        for (int i = ordered.Length - 1; i >= 0; i--)
        {
            ordered[i] = best.Dequeue();
        }

        return ordered;
    }
}
