using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Api.LocalFirst.Documents.Indexes;
using Engine.Api.Sync.Records;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// A collection of JSON documents in a <see cref="LocalStore"/>, read and written as <see cref="JsonElement"/> and
/// <see cref="JsonObject"/>; <see cref="DocumentCollection{T}"/> is the typed view. Every document is a JSON object
/// under a string id, stored as MessagePack. Thread-safe: every member may be called from any thread.
/// </summary>
/// <remarks>
/// <para>
/// A document and all its index entries commit in one atomic batch; an update that changes an indexed field moves the
/// entry in that batch. Operations on one document are serialized by a lock on its key, so read-modify-write (update,
/// patch) never loses a concurrent change. The work is synchronous underneath: the returned tasks complete before
/// the methods return.
/// </para>
/// <para>
/// Number mapping: a JSON number without fraction or exponent that fits a 64-bit integer is stored as an integer and
/// read back as one; every other number as a double (an integer beyond 64 bits, or a decimal with more digits than a
/// double holds, comes back as the nearest double). Not representable, and rejected with
/// <see cref="ArgumentException"/>: a number beyond the double range, a property name repeated in one object, nesting
/// deeper than 64 levels. Format: <c>docs/format/local-first.md</c>, "Documents".
/// </para>
/// </remarks>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A collection of documents, the name the document store's users know; it is no .NET collection type.")]
public sealed partial class DocumentCollection
{
    /// <summary>The longest collection name and the longest id, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 512;

    private readonly LocalStore _store;
    private readonly CollectionState _state;

    internal DocumentCollection(LocalStore store, string name)
    {
        ValidateName(name, nameof(name));
        _store = store;
        Name = name;
        _state = store.DocumentCatalog.Get(name);
    }

    /// <summary>The collection's name.</summary>
    public string Name { get; }

    private Database Database => _store.Database;

    private string StorePath => _store.Directory;

    /// <summary>Checks a collection name, index name or id: non-empty, valid Unicode, at most <see cref="MaxNameBytes"/> in UTF-8.</summary>
    internal static void ValidateName(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, paramName);
        int length;
        try
        {
            length = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The name contains an unpaired surrogate.", paramName, ex);
        }

        if (length > MaxNameBytes)
        {
            throw new ArgumentException($"The name is {length} UTF-8 bytes long; the limit is {MaxNameBytes}.", paramName);
        }
    }

    /// <summary>The collection's indexes, loading them (and discarding any left building by a crash) on first use.</summary>
    private IReadOnlyList<DocumentIndex> Indexes()
    {
        if (!_state.Loaded)
        {
            _state.Lock.EnterWriteLock();
            try
            {
                if (!_state.Loaded)
                {
                    _state.Indexes = LoadIndexesLocked();
                    _state.Loaded = true;
                }
            }
            finally
            {
                _state.Lock.ExitWriteLock();
            }
        }

        return _state.Indexes;
    }

    /// <summary>
    /// Reads the definitions. One left <see cref="IndexState.Building"/> belongs to a backfill that a crash or a close
    /// interrupted: it is discarded, definition and entries in one batch, so an index is never half visible.
    /// </summary>
    private List<DocumentIndex> LoadIndexesLocked()
    {
        List<DocumentIndex> indexes = [];
        using WriteBatch discard = new();
        foreach (KeyValuePair<byte[], byte[]> stored in Database.Scan(DocumentKeys.Definitions(Name)))
        {
            string indexName = DocumentKeys.IdOfDocument(stored.Key, StorePath);
            DocumentIndex index = ParseDefinition(indexName, stored.Key, stored.Value);
            if (index.State == IndexState.Building)
            {
                discard.Delete(stored.Key);
                discard.DeleteRange(index.Prefix, PrefixEnd(index.Prefix));
                continue;
            }

            indexes.Add(index);
        }

        if (discard.Count > 0)
        {
            Database.Write(discard, _store.Options.Durability);
        }

        return indexes;
    }

    private DocumentIndex ParseDefinition(string indexName, byte[] key, byte[] value) => ParseDefinition(Name, indexName, key, value, StorePath);

    /// <summary>Parses the definition of index <paramref name="indexName"/> of <paramref name="collection"/>.</summary>
    /// <exception cref="CorruptionException">The record does not parse or names an invalid field (reported with <paramref name="storePath"/>).</exception>
    internal static DocumentIndex ParseDefinition(string collection, string indexName, byte[] key, byte[] value, string storePath)
    {
        if (!RecordSerializer.TryDeserialize(value, out IndexDefinitionRecord? record)
            || record!.FormatVersion != IndexDefinitionRecord.CurrentVersion
            || record.Fields.Length == 0
            || record.Fields.Length != record.Descending.Length
            || !Enum.IsDefined((IndexKind)record.Kind)
            || !Enum.IsDefined((IndexState)record.State))
        {
            throw new CorruptionException(storePath, key, "the index definition does not parse");
        }

        FieldOrder[] fields = new FieldOrder[record.Fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = new FieldOrder(record.Fields[i], record.Descending[i]);
        }

        try
        {
            return new DocumentIndex(collection, indexName, fields, (IndexKind)record.Kind, (IndexState)record.State);
        }
        catch (ArgumentException ex)
        {
            throw new CorruptionException(storePath, key, "the index definition names an invalid field", ex);
        }
    }

    /// <summary>The exclusive end of the keys starting with <paramref name="prefix"/> (which never ends in 0xFF here).</summary>
    internal static byte[] PrefixEnd(byte[] prefix) => KeyRange.Prefix(prefix).UpperBound.ToArray();

    /// <summary>The MessagePack body of a stored document, or corruption naming its key.</summary>
    private ReadOnlyMemory<byte> Body(byte[] key, byte[] stored)
    {
        try
        {
            return DocumentFormat.Body(stored);
        }
        catch (FormatException ex)
        {
            throw Corrupt(key, ex);
        }
    }

    private CorruptionException Corrupt(byte[] key, FormatException ex) => new(StorePath, key, $"the document does not parse: {ex.Message}", ex);

    /// <summary>The stored document as a <see cref="JsonObject"/>.</summary>
    private JsonObject ToJsonObject(byte[] key, byte[] stored)
    {
        try
        {
            return JsonNode.Parse(DocumentDecoder.ToJsonUtf8(stored))!.AsObject();
        }
        catch (FormatException ex)
        {
            throw Corrupt(key, ex);
        }
    }

    /// <summary>The stored document as UTF-8 JSON.</summary>
    internal byte[] ToJsonUtf8(byte[] key, byte[] stored)
    {
        try
        {
            return DocumentDecoder.ToJsonUtf8(stored);
        }
        catch (FormatException ex)
        {
            throw Corrupt(key, ex);
        }
    }

    private static JsonElement ToElement(JsonNode document, string paramName)
    {
        ArgumentNullException.ThrowIfNull(document, paramName);
        using JsonDocument parsed = JsonDocument.Parse(document.ToJsonString());
        return parsed.RootElement.Clone();
    }
}
