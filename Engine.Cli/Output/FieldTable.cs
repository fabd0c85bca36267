using System.Text.Json;
using Spectre.Console;

namespace Engine.Cli.Output;

/// <summary>
/// One object as a two-column table (field, value), built from its JSON form so that a protobuf record and a report
/// render the same way: scalars as text, nested objects and arrays as compact JSON.
/// </summary>
internal static class FieldTable
{
    /// <summary>The fields of the JSON object <paramref name="json"/>, but those named in <paramref name="skip"/> (rendered elsewhere).</summary>
    public static Table From(string json, params string[] skip)
    {
        Table table = new();
        table.AddColumns("field", "value");
        using JsonDocument document = JsonDocument.Parse(json);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (System.Array.IndexOf(skip, property.Name) >= 0)
            {
                continue;
            }

            table.AddRow(Markup.Escape(property.Name), Markup.Escape(ValueText(property.Value)));
        }

        return table;
    }

    private static string ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "-",
        _ => value.GetRawText(),
    };
}
