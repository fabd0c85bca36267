using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Concurrency;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Api.LocalFirst.Documents.Indexes;

namespace Engine.Api.LocalFirst.Documents;

public sealed partial class DocumentCollection
{
    /// <summary>Stores <paramref name="document"/> under a new time-ordered id (a UUIDv7) and returns the id.</summary>
    /// <exception cref="ArgumentException">The document is not a JSON object, or holds something not representable.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<string> InsertAsync(JsonElement document, CancellationToken cancellationToken = default)
    {
        byte[] stored = DocumentEncoder.Encode(document, nameof(document));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        string id = _store.DocumentCatalog.Ids.Next();
        Write(id, WriteMode.Insert, _ => stored);
        return ValueTask.FromResult(id);
    }

    /// <inheritdoc cref="InsertAsync(JsonElement, CancellationToken)"/>
    public ValueTask<string> InsertAsync(JsonObject document, CancellationToken cancellationToken = default) =>
        InsertAsync(ToElement(document, nameof(document)), cancellationToken);

    /// <summary>Stores <paramref name="document"/> under <paramref name="id"/>, which must not exist.</summary>
    /// <exception cref="ArgumentException">The id is empty or too long, or the document is not a representable JSON object.</exception>
    /// <exception cref="DuplicateKeyException">A document with this id exists; nothing was written.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask InsertWithIdAsync(string id, JsonElement document, CancellationToken cancellationToken = default)
    {
        ValidateName(id, nameof(id));
        byte[] stored = DocumentEncoder.Encode(document, nameof(document));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        Write(id, WriteMode.Insert, _ => stored);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc cref="InsertWithIdAsync(string, JsonElement, CancellationToken)"/>
    public ValueTask InsertWithIdAsync(string id, JsonObject document, CancellationToken cancellationToken = default) =>
        InsertWithIdAsync(id, ToElement(document, nameof(document)), cancellationToken);

    /// <summary>Replaces the document <paramref name="id"/> whole.</summary>
    /// <returns>False, writing nothing, when there is no such document.</returns>
    /// <exception cref="ArgumentException">The id is empty or too long, or the document is not a representable JSON object.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<bool> UpdateAsync(string id, JsonElement document, CancellationToken cancellationToken = default)
    {
        ValidateName(id, nameof(id));
        byte[] stored = DocumentEncoder.Encode(document, nameof(document));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        return ValueTask.FromResult(Write(id, WriteMode.Replace, _ => stored));
    }

    /// <inheritdoc cref="UpdateAsync(string, JsonElement, CancellationToken)"/>
    public ValueTask<bool> UpdateAsync(string id, JsonObject document, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, ToElement(document, nameof(document)), cancellationToken);

    /// <summary>
    /// Applies the JSON merge patch <paramref name="mergePatch"/> (RFC 7396) to the document <paramref name="id"/>:
    /// a null member removes that field, an object member merges into the field, any other member (arrays included)
    /// replaces it.
    /// </summary>
    /// <returns>False, writing nothing, when there is no such document.</returns>
    /// <exception cref="ArgumentException">
    /// The id is empty or too long, or the patch is not a JSON object (RFC 7396 would replace the document with it, and a
    /// document is an object), or the result holds something not representable.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<bool> PatchAsync(string id, JsonElement mergePatch, CancellationToken cancellationToken = default)
    {
        ValidateName(id, nameof(id));
        if (mergePatch.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A merge patch of a document is a JSON object, not {mergePatch.ValueKind}.", nameof(mergePatch));
        }

        JsonNode patch = JsonNode.Parse(mergePatch.GetRawText())!;
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        return ValueTask.FromResult(Write(id, WriteMode.Patch, current =>
        {
            JsonNode merged = JsonMergePatch.Apply(ToJsonObject(current.Key, current.Stored), patch)!;
            return DocumentEncoder.Encode(ToElement(merged, nameof(mergePatch)), nameof(mergePatch));
        }));
    }

    /// <summary>Deletes the document <paramref name="id"/> and its index entries.</summary>
    /// <returns>False when there is no such document.</returns>
    /// <exception cref="ArgumentException">The id is empty or too long.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ValidateName(id, nameof(id));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        return ValueTask.FromResult(Write(id, WriteMode.Delete, static _ => null));
    }

    /// <summary>
    /// The read-modify-write of one document: under the collection's shared lock (so the index list cannot change
    /// until the batch commits) and the document key's lock, reads the current value, computes the new one, and
    /// commits it with every index entry that moves, in one batch.
    /// </summary>
    /// <returns>False when the mode needs an existing document and there is none.</returns>
    private bool Write(string id, WriteMode mode, Func<(byte[] Key, byte[] Stored), byte[]?> next)
    {
        byte[] key = DocumentKeys.Document(Name, id);
        _ = Indexes();
        _state.Lock.EnterReadLock();
        try
        {
            IReadOnlyList<DocumentIndex> indexes = _state.Indexes;
            using KeyLocks.Scope documentLock = _store.Locks.Acquire(key);
            byte[]? current = Database.Get(key);
            if (mode == WriteMode.Insert && current is not null)
            {
                throw new DuplicateKeyException(Name, id);
            }

            if (mode != WriteMode.Insert && current is null)
            {
                return false;
            }

            byte[]? replacement = next((key, current!));
            using WriteBatch batch = new();
            AddIndexChanges(batch, indexes, key, id, current, replacement);
            if (replacement is null)
            {
                batch.Delete(key);
            }
            else
            {
                batch.Put(key, replacement);
            }

            Database.Write(batch, _store.Options.Durability);
            return true;
        }
        finally
        {
            _state.Lock.ExitReadLock();
        }
    }

    /// <summary>Adds to <paramref name="batch"/> the entry deletes and puts that take the indexes from one value to another.</summary>
    private void AddIndexChanges(WriteBatch batch, IReadOnlyList<DocumentIndex> indexes, byte[] key, string id, byte[]? before, byte[]? after)
    {
        if (indexes.Count == 0)
        {
            return;
        }

        ReadOnlyMemory<byte> beforeBody = before is null ? default : Body(key, before);
        ReadOnlyMemory<byte> afterBody = after is null ? default : DocumentFormat.Body(after);
        foreach (DocumentIndex index in indexes)
        {
            byte[]? oldEntry = before is null ? null : EntryKey(index, key, beforeBody, id);
            byte[]? newEntry = after is null ? null : index.EntryKey(afterBody, id);
            if (oldEntry is not null && newEntry is not null && oldEntry.AsSpan().SequenceEqual(newEntry))
            {
                continue;
            }

            if (oldEntry is not null)
            {
                batch.Delete(oldEntry);
            }

            if (newEntry is not null)
            {
                batch.Put(newEntry, []);
            }
        }
    }

    private byte[] EntryKey(DocumentIndex index, byte[] key, ReadOnlyMemory<byte> body, string id)
    {
        try
        {
            return index.EntryKey(body, id);
        }
        catch (FormatException ex)
        {
            throw Corrupt(key, ex);
        }
    }

    private enum WriteMode
    {
        Insert,
        Replace,
        Patch,
        Delete,
    }
}
