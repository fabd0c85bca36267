using System.Globalization;
using System.Text;

namespace Engine.Bench.Kv;

/// <summary>
/// One JSON object on one line, fields in the order they are added, numbers formatted as the rig's printf does
/// (invariant culture, fixed decimals). The rig's tools read fields by name, so ours go after its own.
/// </summary>
/// <remarks>Not thread-safe; one line per instance.</remarks>
internal sealed class JsonLine
{
    private readonly StringBuilder _text = new("{");

    public JsonLine Add(string name, string value)
    {
        Name(name).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                _text.Append('\\');
            }

            _text.Append(c);
        }

        _text.Append('"');
        return this;
    }

    public JsonLine Add(string name, ulong value)
    {
        Name(name).Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public JsonLine Add(string name, long value)
    {
        Name(name).Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public JsonLine Add(string name, bool value)
    {
        Name(name).Append(value ? "true" : "false");
        return this;
    }

    /// <summary>Adds a number with <paramref name="decimals"/> fixed decimals (printf's <c>%.Nf</c>).</summary>
    public JsonLine Add(string name, double value, int decimals)
    {
        Name(name).Append(value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        return this;
    }

    public JsonLine Add(string name, IReadOnlyList<int> values)
    {
        Name(name).Append('[');
        for (int i = 0; i < values.Count; i++)
        {
            _text.Append(i == 0 ? "" : ",").Append(values[i].ToString(CultureInfo.InvariantCulture));
        }

        _text.Append(']');
        return this;
    }

    public override string ToString() => _text.ToString() + "}";

    private StringBuilder Name(string name) =>
        _text.Append(_text.Length > 1 ? ",\"" : "\"").Append(name).Append("\":");
}
