using System.Text.Json;
using Engine.Api.LocalFirst.Documents;

namespace Engine.Api.LocalFirst;

public sealed partial class LocalStore
{
    private DocumentCatalog? _documentCatalog;

    /// <summary>The document store's in-memory state: collections' index definitions and the id generator.</summary>
    internal DocumentCatalog DocumentCatalog =>
        System.Threading.LazyInitializer.EnsureInitialized(ref _documentCatalog, () => new DocumentCatalog(Clock));

    /// <summary>The collection of JSON documents called <paramref name="name"/> (created by its first write).</summary>
    /// <exception cref="System.ArgumentException">The name is empty, longer than <see cref="DocumentCollection.MaxNameBytes"/> in UTF-8, or not valid Unicode.</exception>
    /// <exception cref="System.ObjectDisposedException">The store is closed.</exception>
    public DocumentCollection Collection(string name)
    {
        ThrowIfDisposed();
        return new DocumentCollection(this, name);
    }

    /// <summary>
    /// The collection called <paramref name="name"/> as typed documents, converted with System.Text.Json and
    /// <paramref name="options"/> (<see cref="JsonSerializerOptions.Default"/> when null).
    /// </summary>
    /// <typeparam name="T">The document type; it must serialize to a JSON object.</typeparam>
    /// <exception cref="System.ArgumentException">The name is empty, longer than <see cref="DocumentCollection.MaxNameBytes"/> in UTF-8, or not valid Unicode.</exception>
    /// <exception cref="System.ObjectDisposedException">The store is closed.</exception>
    public DocumentCollection<T> Collection<T>(string name, JsonSerializerOptions? options = null) => new(Collection(name), options ?? JsonSerializerOptions.Default);
}
