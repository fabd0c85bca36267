using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>JSON merge patch, RFC 7396: what <see cref="DocumentCollection.PatchAsync(string, System.Text.Json.JsonElement, System.Threading.CancellationToken)"/> applies.</summary>
/// <remarks>
/// A patch that is an object merges into the target member by member: a <c>null</c> member removes that member, an
/// object member merges recursively, any other member (arrays included) replaces. A patch that is not an object
/// replaces the target whole. Stateless; thread-safe.
/// </remarks>
internal static class JsonMergePatch
{
    /// <summary>The result of applying <paramref name="patch"/> to <paramref name="target"/>; the target may be changed in place.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        JsonObject result = target as JsonObject ?? new JsonObject();
        foreach (KeyValuePair<string, JsonNode?> member in patchObject)
        {
            if (member.Value is null)
            {
                result.Remove(member.Key);
                continue;
            }

            JsonNode? current = result.TryGetPropertyValue(member.Key, out JsonNode? existing) ? existing : null;
            if (current is not null)
            {
                // Detach first: a node has one parent, and the merged value goes back under the same name.
                result.Remove(member.Key);
            }

            result[member.Key] = Apply(current, member.Value);
        }

        return result;
    }
}
