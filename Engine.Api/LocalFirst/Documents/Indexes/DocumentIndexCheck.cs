using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Api.LocalFirst.Admin;

namespace Engine.Api.LocalFirst.Documents.Indexes;

/// <summary>
/// The document store's part of <see cref="LocalStore.VerifyAsync"/>: for every complete index, every document of its
/// collection has exactly the entry its indexed values give, and every entry points at an existing document whose
/// values give that very entry. A problem names the collection, the index and the document id
/// (<c>collection/index/id</c>).
/// </summary>
/// <remarks>
/// Reads one snapshot, in which a document and its entries are always consistent (they commit in one batch), so
/// concurrent writers cause no false reports. An index still building is skipped: writers maintain it but its backfill
/// may not have reached every document. Costs a scan of every indexed collection and of every entry, with one point
/// read each. Stateless; thread-safe.
/// </remarks>
internal sealed class DocumentIndexCheck : ILocalStoreCheck
{
    public string Name => "document-indexes";

    public void Check(LocalStore store, ICollection<LocalStoreProblem> problems, CancellationToken cancellationToken)
    {
        string storePath = store.Directory;
        try
        {
            using Snapshot snapshot = store.Database.GetSnapshot();
            foreach (KeyValuePair<byte[], byte[]> definition in store.Database.Scan(DocumentKeys.AllDefinitions, snapshot))
            {
                cancellationToken.ThrowIfCancellationRequested();
                (string collection, string indexName) = DocumentKeys.OfDefinition(definition.Key, storePath);
                DocumentIndex index;
                try
                {
                    index = DocumentCollection.ParseDefinition(collection, indexName, definition.Key, definition.Value, storePath);
                }
                catch (CorruptionException ex)
                {
                    problems.Add(new LocalStoreProblem(Name, $"{collection}/{indexName}", ex.Message));
                    continue;
                }

                if (index.State == IndexState.Ready)
                {
                    CheckDocuments(store.Database, snapshot, collection, index, storePath, problems, cancellationToken);
                    CheckEntries(store.Database, snapshot, collection, index, storePath, problems, cancellationToken);
                }
            }
        }
        catch (StorageException ex)
        {
            // The engine's own check reports damage to the records; this one cannot go on past it.
            problems.Add(new LocalStoreProblem(Name, storePath, $"the document index check stopped early: {ex.Message}"));
        }
    }

    /// <summary>Every document has its entry.</summary>
    private void CheckDocuments(
        Database database, Snapshot snapshot, string collection, DocumentIndex index, string storePath, ICollection<LocalStoreProblem> problems, CancellationToken cancellationToken)
    {
        foreach (KeyValuePair<byte[], byte[]> document in database.Scan(DocumentKeys.Documents(collection), snapshot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = DocumentKeys.IdOfDocument(document.Key, storePath);
            string subject = $"{collection}/{index.Name}/{id}";
            byte[] entry;
            try
            {
                entry = index.EntryKey(DocumentFormat.Body(document.Value), id);
            }
            catch (FormatException ex)
            {
                problems.Add(new LocalStoreProblem(Name, subject, $"document '{id}' of '{collection}' does not parse: {ex.Message}"));
                continue;
            }

            if (database.Get(entry, snapshot) is null)
            {
                problems.Add(new LocalStoreProblem(Name, subject, $"document '{id}' of '{collection}' has no entry in index '{index.Name}'"));
            }
        }
    }

    /// <summary>Every entry belongs to a document and holds that document's indexed values.</summary>
    private void CheckEntries(
        Database database, Snapshot snapshot, string collection, DocumentIndex index, string storePath, ICollection<LocalStoreProblem> problems, CancellationToken cancellationToken)
    {
        foreach (KeyValuePair<byte[], byte[]> entry in database.Scan(KeyRange.Prefix(index.Prefix), snapshot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id;
            try
            {
                id = DocumentKeys.IdOfEntry(index.IdTupleOf(entry.Key), entry.Key, storePath);
            }
            catch (Exception ex) when (ex is FormatException or CorruptionException or ArgumentOutOfRangeException)
            {
                problems.Add(new LocalStoreProblem(Name, $"{collection}/{index.Name}/{Convert.ToHexString(entry.Key)}", $"an entry of index '{index.Name}' of '{collection}' does not parse: {ex.Message}"));
                continue;
            }

            string subject = $"{collection}/{index.Name}/{id}";
            byte[]? stored = database.Get(DocumentKeys.Document(collection, id), snapshot);
            if (stored is null)
            {
                problems.Add(new LocalStoreProblem(Name, subject, $"an entry of index '{index.Name}' points at document '{id}', which '{collection}' does not hold"));
                continue;
            }

            try
            {
                if (!entry.Key.AsSpan().SequenceEqual(index.EntryKey(DocumentFormat.Body(stored), id)))
                {
                    problems.Add(new LocalStoreProblem(Name, subject, $"an entry of index '{index.Name}' does not hold the indexed values of document '{id}' of '{collection}'"));
                }
            }
            catch (FormatException)
            {
                // The document scan reports a document that does not parse.
            }
        }
    }
}
