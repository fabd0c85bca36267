namespace Engine.Api.LocalFirst.Documents;

/// <summary>A document returned by a query: its id and its content.</summary>
/// <typeparam name="T">The content's type: <see cref="System.Text.Json.Nodes.JsonObject"/>, or the collection's POCO type.</typeparam>
/// <param name="Id">The document's id in its collection.</param>
/// <param name="Value">The document, or only the projected fields when the query has a projection.</param>
public sealed record StoredDocument<T>(string Id, T Value);
