using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Concurrency;
using Engine.Api.LocalFirst.Documents.Indexes;
using Engine.Api.Sync.Records;

namespace Engine.Api.LocalFirst.Documents;

public sealed partial class DocumentCollection
{
    /// <summary>How many documents one backfill batch indexes: large enough to amortise a commit, small enough that writers wait little.</summary>
    internal const int BackfillChunkSize = 1000;

    /// <summary>
    /// Creates the index <paramref name="name"/> over <paramref name="fields"/> and fills it from the documents already
    /// stored. <see cref="IndexKind.Ascending"/> and <see cref="IndexKind.Descending"/> give every field that
    /// direction; <see cref="IndexKind.Compound"/> needs two or more fields, all ascending (use
    /// <see cref="CreateIndexAsync(string, IReadOnlyList{FieldOrder}, CancellationToken)"/> for a direction per field).
    /// </summary>
    /// <remarks>
    /// Writes go on while the index builds: it is recorded as building at once, so every write maintains it, and the
    /// backfill indexes the stored documents in batches of <see cref="BackfillChunkSize"/>. Only then does the
    /// definition commit as ready and queries start to use it. A crash or close before that leaves no trace that
    /// queries see; the next use of the collection discards the partial index, and the caller creates it again.
    /// Creating an index that exists with the same fields and kind does nothing.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is null.</exception>
    /// <exception cref="ArgumentException">The name or a field path is empty or invalid, there are no fields, or the kind does not fit them.</exception>
    /// <exception cref="DuplicateKeyException">An index with this name and another shape exists, or is being built.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the partial index is removed.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask CreateIndexAsync(string name, IReadOnlyList<string> fields, IndexKind kind = IndexKind.Ascending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A defined index kind.");
        }

        if (kind == IndexKind.Compound && fields.Count < 2)
        {
            throw new ArgumentException("A compound index has two or more fields.", nameof(fields));
        }

        FieldOrder[] orders = [.. fields.Select(f => new FieldOrder(f, kind == IndexKind.Descending))];
        return Create(name, orders, kind, cancellationToken);
    }

    /// <summary>
    /// Creates the index <paramref name="name"/> over <paramref name="fields"/>, each with its own direction, as
    /// <see cref="CreateIndexAsync(string, IReadOnlyList{string}, IndexKind, CancellationToken)"/> does. One field makes an
    /// <see cref="IndexKind.Ascending"/> or <see cref="IndexKind.Descending"/> index, more a <see cref="IndexKind.Compound"/> one.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is null.</exception>
    /// <exception cref="ArgumentException">The name or a field path is empty or invalid, or there are no fields.</exception>
    /// <exception cref="DuplicateKeyException">An index with this name and another shape exists, or is being built.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the partial index is removed.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask CreateIndexAsync(string name, IReadOnlyList<FieldOrder> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        IndexKind kind = fields.Count > 1 ? IndexKind.Compound : fields.Count == 1 && fields[0] is { Descending: true } ? IndexKind.Descending : IndexKind.Ascending;
        return Create(name, [.. fields], kind, cancellationToken);
    }

    /// <summary>Drops the index <paramref name="name"/>: its definition and every entry, in one batch.</summary>
    /// <returns>False when there is no such index.</returns>
    /// <exception cref="ArgumentException">The name is empty or invalid.</exception>
    /// <exception cref="StorageException">The index is being built (code <see cref="StorageErrorCode.FailedPrecondition"/>).</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<bool> DropIndexAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name, nameof(name));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        _ = Indexes();
        _state.Lock.EnterWriteLock();
        try
        {
            DocumentIndex? index = _state.Indexes.FirstOrDefault(i => i.Name == name);
            if (index is null)
            {
                return ValueTask.FromResult(false);
            }

            if (index.State == IndexState.Building)
            {
                throw new StorageException(StorageErrorCode.FailedPrecondition, $"the index '{name}' of '{Name}' is being built");
            }

            RemoveLocked(index);
            return ValueTask.FromResult(true);
        }
        finally
        {
            _state.Lock.ExitWriteLock();
        }
    }

    /// <summary>The collection's indexes, ready and building.</summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public IReadOnlyList<IndexInfo> GetIndexes()
    {
        _store.ThrowIfDisposed();
        return [.. Indexes().Select(i => i.ToInfo())];
    }

    private ValueTask Create(string name, FieldOrder[] fields, IndexKind kind, CancellationToken cancellationToken)
    {
        ValidateName(name, nameof(name));
        if (fields.Length == 0)
        {
            throw new ArgumentException("An index has at least one field.", nameof(fields));
        }

        foreach (FieldOrder field in fields)
        {
            FieldOrder.Validate(field, nameof(fields));
        }

        DocumentIndex building = new(Name, name, fields, kind, IndexState.Building);
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        if (!Begin(building))
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            Backfill(building, cancellationToken);
            Finish(building);
        }
        catch
        {
            _state.Lock.EnterWriteLock();
            try
            {
                RemoveLocked(building);
            }
            finally
            {
                _state.Lock.ExitWriteLock();
            }

            throw;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Commits the building definition, after which every writer maintains the index.</summary>
    /// <returns>False when an index of that name and shape is ready already.</returns>
    private bool Begin(DocumentIndex building)
    {
        _ = Indexes();
        _state.Lock.EnterWriteLock();
        try
        {
            DocumentIndex? existing = _state.Indexes.FirstOrDefault(i => i.Name == building.Name);
            if (existing is not null)
            {
                return existing.State == IndexState.Ready && existing.SameShape(building)
                    ? false
                    : throw new DuplicateKeyException(Name, building.Name);
            }

            PutDefinition(building);
            _state.Indexes = [.. _state.Indexes, building];
            return true;
        }
        finally
        {
            _state.Lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Indexes every stored document, a chunk at a time: each chunk's document keys are locked, the documents re-read
    /// as they are now and their entries committed in one batch, so a concurrent update either comes before (and the
    /// backfill indexes its result) or after (and moves the entry itself).
    /// </summary>
    private void Backfill(DocumentIndex index, CancellationToken cancellationToken)
    {
        KeyRange documents = DocumentKeys.Documents(Name);
        byte[]? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _store.ThrowIfDisposed();
            List<byte[]> keys = NextKeys(documents, after);
            if (keys.Count == 0)
            {
                return;
            }

            using (KeyLocks.Scope locks = _store.Locks.AcquireAll(keys.ToArray()))
            {
                using WriteBatch batch = new();
                foreach (byte[] key in keys)
                {
                    byte[]? stored = Database.Get(key);
                    if (stored is not null)
                    {
                        string id = DocumentKeys.IdOfDocument(key, StorePath);
                        batch.Put(EntryKey(index, key, Body(key, stored), id), []);
                    }
                }

                if (batch.Count > 0)
                {
                    Database.Write(batch, _store.Options.Durability);
                }
            }

            after = keys[^1];
        }
    }

    /// <summary>Up to a chunk of document keys after <paramref name="after"/> (from the start when null).</summary>
    private List<byte[]> NextKeys(KeyRange documents, byte[]? after)
    {
        List<byte[]> keys = new(BackfillChunkSize);
        using DatabaseIterator iterator = Database.NewIterator(new ReadOptions { Range = documents });
        if (after is null)
        {
            iterator.First();
        }
        else
        {
            iterator.SeekGE(after);
            if (iterator.Valid && iterator.Key.SequenceEqual(after))
            {
                iterator.Next();
            }
        }

        for (; iterator.Valid && keys.Count < BackfillChunkSize; iterator.Next())
        {
            keys.Add(iterator.Key.ToArray());
        }

        return keys;
    }

    /// <summary>Commits the definition as ready; from then on queries may read the index.</summary>
    private void Finish(DocumentIndex building)
    {
        DocumentIndex ready = building.With(Name, IndexState.Ready);
        _state.Lock.EnterWriteLock();
        try
        {
            PutDefinition(ready);
            _state.Indexes = [.. _state.Indexes.Select(i => ReferenceEquals(i, building) ? ready : i)];
        }
        finally
        {
            _state.Lock.ExitWriteLock();
        }
    }

    private void PutDefinition(DocumentIndex index) =>
        Database.Put(DocumentKeys.Definition(Name, index.Name), RecordSerializer.Serialize(index.ToRecord()), _store.Options.Durability);

    /// <summary>Deletes the definition and every entry of <paramref name="index"/> in one batch and forgets it.</summary>
    private void RemoveLocked(DocumentIndex index)
    {
        using WriteBatch batch = new();
        batch.Delete(DocumentKeys.Definition(Name, index.Name));
        batch.DeleteRange(index.Prefix, PrefixEnd(index.Prefix));
        Database.Write(batch, _store.Options.Durability);
        _state.Indexes = [.. _state.Indexes.Where(i => !ReferenceEquals(i, index))];
    }
}
