using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Engine.Api.Gateway;

namespace Engine.Server.Authentication;

/// <summary>
/// Development identities: bearer tokens mapped to a provider and a provider user id, read from a JSON file.
/// </summary>
/// <remarks>
/// The format: <c>{"tokens": {"TOKEN": {"provider": "dev", "user_id": "alice", "email": "a@example.com", "name": "Alice"}}}</c>;
/// <c>email</c> and <c>name</c> are optional. Tokens are compared exactly. For development and tests only: the tokens
/// sit in the file in clear text and never expire.
/// </remarks>
public sealed class DevTokenFile
{
    private readonly FrozenDictionary<string, ExternalIdentity> _identities;

    private DevTokenFile(FrozenDictionary<string, ExternalIdentity> identities) => _identities = identities;

    /// <summary>How many tokens the file holds.</summary>
    public int Count => _identities.Count;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">The file is not of the documented format.</exception>
    public static DevTokenFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses the file's content; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">The content is not of the documented format.</exception>
    public static DevTokenFile Parse(ReadOnlySpan<byte> json, string source = "token file")
    {
        Dictionary<string, ExternalIdentity> identities = new(StringComparer.Ordinal);
        try
        {
            Utf8JsonReader reader = new(json);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("tokens", out JsonElement tokens)
                || tokens.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{source}: expected {{\"tokens\": {{\"TOKEN\": {{\"provider\", \"user_id\"}}}}}}");
            }

            foreach (JsonProperty token in tokens.EnumerateObject())
            {
                if (token.Name.Length == 0)
                {
                    throw new FormatException($"{source}: an empty token");
                }

                identities[token.Name] = new ExternalIdentity(
                    Required(token.Value, "provider", source, token.Name),
                    Required(token.Value, "user_id", source, token.Name),
                    Optional(token.Value, "email"),
                    Optional(token.Value, "name"));
            }
        }
        catch (JsonException error)
        {
            throw new FormatException($"{source}: {error.Message}", error);
        }

        return new DevTokenFile(identities.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The identity of <paramref name="token"/>, or null for an unknown token.</summary>
    public ExternalIdentity? Find(string token) => _identities.GetValueOrDefault(token);

    private static string Required(JsonElement entry, string name, string source, string token) =>
        entry.ValueKind == JsonValueKind.Object
        && entry.TryGetProperty(name, out JsonElement value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"{source}: token '{token}' needs a non-empty string '{name}'");

    private static string? Optional(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
