using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>
/// The test side's own model of document values: an independent statement of the total order the store documents
/// (null &lt; false &lt; true &lt; numbers &lt; strings &lt; arrays &lt; objects, numbers numerically, strings by UTF-8,
/// objects as their properties sorted by name), field lookup by dotted path, and generators of small documents whose
/// values collide often.
/// </summary>
internal static class JsonModel
{
    /// <summary>Strings that tie, prefix each other, hold NUL and non-ASCII.</summary>
    private static readonly string[] s_strings = ["", "a", "ab", "b", "B", "a\0", "é", "zz"];

    /// <summary>A scalar: null, a boolean, a small integer, a half-integer double or a string.</summary>
    public static readonly Gen<JsonNode?> Scalar = Gen.Int[0, 9].SelectMany(kind => kind switch
    {
        0 => Gen.Bool.Select(_ => (JsonNode?)null),
        1 => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        2 or 3 => Gen.Int[-3, 3].Select(i => (JsonNode?)JsonValue.Create(i)),
        4 => Gen.Int[-6, 6].Select(i => (JsonNode?)JsonValue.Create(i / 2.0)),
        _ => Gen.Int[0, s_strings.Length - 1].Select(i => (JsonNode?)JsonValue.Create(s_strings[i])),
    });

    /// <summary>A value: mostly scalars, some short arrays and small objects.</summary>
    public static readonly Gen<JsonNode?> Value = Gen.Int[0, 9].SelectMany(kind => kind switch
    {
        0 => Scalar.Array[0, 2].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())])),
        1 => Scalar.Select(x => (JsonNode?)new JsonObject { ["x"] = x?.DeepClone() }),
        _ => Scalar,
    });

    /// <summary>A field's value, or absent (null).</summary>
    private static readonly Gen<JsonNode?[]?> s_field = Gen.Int[0, 5].SelectMany(kind => kind == 0 ? Gen.Bool.Select(_ => (JsonNode?[]?)null) : Value.Select(v => (JsonNode?[]?)[v]));

    /// <summary>A document over the fields a, b and n (n an object with x, or a scalar).</summary>
    public static readonly Gen<JsonObject> Document = Gen.Select(s_field, s_field, s_field, Gen.Int[0, 3], (a, b, x, nKind) =>
    {
        JsonObject document = [];
        if (a is not null)
        {
            document["a"] = a[0]?.DeepClone();
        }

        if (b is not null)
        {
            document["b"] = b[0]?.DeepClone();
        }

        if (nKind == 1)
        {
            document["n"] = 5;
        }
        else if (nKind >= 2)
        {
            JsonObject n = [];
            if (x is not null)
            {
                n["x"] = x[0]?.DeepClone();
            }

            document["n"] = n;
        }

        return document;
    });

    /// <summary>The field at a dotted path; found is false when missing.</summary>
    public static (bool Found, JsonNode? Value) Lookup(JsonObject document, string path)
    {
        JsonNode? current = document;
        foreach (string segment in path.Split('.'))
        {
            if (current is not JsonObject o || !o.TryGetPropertyValue(segment, out JsonNode? child))
            {
                return (false, null);
            }

            current = child;
        }

        return (true, current);
    }

    /// <summary>The type rank: missing &lt; null &lt; false &lt; true &lt; number &lt; string &lt; array &lt; object.</summary>
    public static int Rank(bool found, JsonNode? value) => !found ? 0 : value switch
    {
        null => 1,
        JsonArray => 6,
        JsonObject => 7,
        _ => value.GetValueKind() switch
        {
            JsonValueKind.False => 2,
            JsonValueKind.True => 3,
            JsonValueKind.Number => 4,
            _ => 5,
        },
    };

    /// <summary>Compares two values (either may be missing) in the documented total order.</summary>
    public static int Compare(bool foundA, JsonNode? a, bool foundB, JsonNode? b)
    {
        int rank = Rank(foundA, a).CompareTo(Rank(foundB, b));
        if (rank != 0 || !foundA || a is null)
        {
            return rank;
        }

        switch (Rank(foundA, a))
        {
            case 4:
                return Number(a).CompareTo(Number(b!));
            case 5:
                return Encoding.UTF8.GetBytes(a.GetValue<string>()).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b!.GetValue<string>()));
            case 6:
                JsonArray left = a.AsArray();
                JsonArray right = b!.AsArray();
                for (int i = 0; i < Math.Min(left.Count, right.Count); i++)
                {
                    int item = Compare(true, left[i], true, right[i]);
                    if (item != 0)
                    {
                        return item;
                    }
                }

                return left.Count.CompareTo(right.Count);
            case 7:
                var l = a.AsObject().OrderBy(p => Encoding.UTF8.GetBytes(p.Key), ByteOrder.Instance).ToList();
                var r = b!.AsObject().OrderBy(p => Encoding.UTF8.GetBytes(p.Key), ByteOrder.Instance).ToList();
                for (int i = 0; i < Math.Min(l.Count, r.Count); i++)
                {
                    int key = ByteOrder.Instance.Compare(Encoding.UTF8.GetBytes(l[i].Key), Encoding.UTF8.GetBytes(r[i].Key));
                    if (key != 0)
                    {
                        return key;
                    }

                    int value = Compare(true, l[i].Value, true, r[i].Value);
                    if (value != 0)
                    {
                        return value;
                    }
                }

                return l.Count.CompareTo(r.Count);
            default:
                return 0;
        }
    }

    /// <summary>A number node's value, however it was created.</summary>
    public static double Number(JsonNode value) => double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Unsigned bytewise order.</summary>
    public sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
