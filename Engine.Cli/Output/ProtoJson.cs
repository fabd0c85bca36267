using System.Collections;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Cli.Output;

/// <summary>
/// Protobuf messages as JSON (protobuf's JSON mapping, lowerCamelCase names), with the annotations the engine has no
/// schema for kept rather than failing: an <c>Any</c> of a type outside the compiled protos (most connector traits)
/// becomes <c>{"@type": URL, "@binary": BASE64}</c>, its bytes unchanged.
/// </summary>
/// <remarks>Stateless apart from immutable caches; thread-safe.</remarks>
internal static class ProtoJson
{
    // Stands in for an Any of an unknown type while the formatter runs; replaced in the JSON afterwards.
    private const string PlaceholderPrefix = "\u0001engine-any:";

    private static readonly TypeRegistry s_registry = TypeRegistry.FromFiles(
        C1.Connector.V2.ResourceReflection.Descriptor,
        C1.Connector.V2.EntitlementReflection.Descriptor,
        C1.Connector.V2.GrantReflection.Descriptor,
        C1.Connector.V2.AnnotationGrantReflection.Descriptor,
        C1.Connector.V2.AssetReflection.Descriptor,
        C1.Reader.V2.SyncReflection.Descriptor,
        C1.C1Z.V1.AnnotationSyncDetailsReflection.Descriptor,
        WrappersReflection.Descriptor,
        StructReflection.Descriptor,
        TimestampReflection.Descriptor,
        DurationReflection.Descriptor,
        EmptyReflection.Descriptor);

    private static readonly JsonFormatter s_formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false).WithTypeRegistry(s_registry));

    /// <summary>The message as one line of JSON.</summary>
    public static string Format(IMessage message)
    {
        List<Any> unknown = [];
        IMessage copy = message.Descriptor.Parser.ParseFrom(message.ToByteString());
        Replace(copy, unknown);
        string json = s_formatter.Format(copy);
        if (unknown.Count == 0)
        {
            return json;
        }

        JsonNode root = JsonNode.Parse(json)!;
        return Restore(root, unknown)?.ToJsonString() ?? root.ToJsonString();
    }

    /// <summary>Swaps every Any of an unregistered type under <paramref name="message"/> for a placeholder, collecting the originals.</summary>
    private static void Replace(IMessage message, List<Any> unknown)
    {
        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message || field.IsMap)
            {
                continue;
            }

            object? value = field.Accessor.GetValue(message);
            if (field.IsRepeated && value is IList list)
            {
                for (int i = 0; i < list.Count; i++)
                {
                    list[i] = Swap((IMessage)list[i]!, unknown);
                }
            }
            else if (value is IMessage child)
            {
                IMessage swapped = Swap(child, unknown);
                if (!ReferenceEquals(swapped, child))
                {
                    field.Accessor.SetValue(message, swapped);
                }
            }
        }
    }

    private static IMessage Swap(IMessage message, List<Any> unknown)
    {
        if (message is Any any)
        {
            if (s_registry.Find(Any.GetTypeName(any.TypeUrl)) is not null)
            {
                return any;
            }

            unknown.Add(any);
            return Any.Pack(new StringValue { Value = PlaceholderPrefix + (unknown.Count - 1) });
        }

        Replace(message, unknown);
        return message;
    }

    /// <summary>The node with each placeholder object replaced by its original's type URL and bytes (null: keep the node).</summary>
    private static JsonObject? Restore(JsonNode? node, List<Any> unknown)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["value"] is JsonValue marker && marker.TryGetValue(out string? text) && text.StartsWith(PlaceholderPrefix, System.StringComparison.Ordinal))
                {
                    Any original = unknown[int.Parse(text[PlaceholderPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture)];
                    return new JsonObject { ["@type"] = original.TypeUrl, ["@binary"] = original.Value.ToBase64() };
                }

                foreach (string key in new List<string>(ObjectKeys(obj)))
                {
                    if (Restore(obj[key], unknown) is JsonNode replaced)
                    {
                        obj[key] = replaced;
                    }
                }

                return null;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (Restore(array[i], unknown) is JsonNode replaced)
                    {
                        array[i] = replaced;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static IEnumerable<string> ObjectKeys(JsonObject obj)
    {
        foreach (KeyValuePair<string, JsonNode?> property in obj)
        {
            yield return property.Key;
        }
    }
}
