using System.Buffers;
using Engine.Core.Encoding;

namespace Engine.Tests.Core.Encoding;

/// <summary>
/// A plain model of tuples for tests: an element is <c>null</c>, <c>byte[]</c>, <c>string</c>,
/// <c>long</c>, <c>ulong</c>, <c>bool</c> or a nested <c>object?[]</c>. Holds the reference comparer that
/// the encoding's byte order is checked against, written from the definition rather than from the codec.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class TupleModel
{
    public static byte[] Encode(object?[] tuple)
    {
        ArrayBufferWriter<byte> output = new();
        TupleWriter writer = new(output);
        AppendAll(ref writer, tuple);
        Assert.Equal(0, writer.Depth);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes into the model; integers come back as <c>long</c> when they fit, else <c>ulong</c>.</summary>
    public static object?[] Decode(ReadOnlySpan<byte> encoded)
    {
        TupleReader reader = new(encoded);
        object?[] result = DecodeAll(ref reader);
        Assert.Equal(encoded.Length, reader.Position);
        return result;
    }

    /// <summary>Element-by-element comparison by the definition: kind rank first, then the value; a prefix sorts first.</summary>
    public static int CompareTuples(object?[] a, object?[] b)
    {
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            int c = CompareElements(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    public static int CompareElements(object? a, object? b)
    {
        int rank = Rank(a).CompareTo(Rank(b));
        if (rank != 0)
        {
            return rank;
        }

        return (a, b) switch
        {
            (null, null) => 0,
            (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
            (string x, string y) => System.Text.Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y)),
            (object?[] x, object?[] y) => CompareTuples(x, y),
            (bool x, bool y) => x.CompareTo(y),
            _ => ToInt128(a).CompareTo(ToInt128(b)),
        };
    }

    public static bool TuplesEqual(object?[] a, object?[] b) => CompareTuples(a, b) == 0;

    public static string Show(object?[] tuple) => "(" + string.Join(", ", tuple.Select(ShowElement)) + ")";

    private static string ShowElement(object? e) => e switch
    {
        null => "null",
        byte[] bytes => "b\"" + Convert.ToHexString(bytes) + "\"",
        string s => "\"" + string.Concat(s.Select(c => c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString())) + "\"",
        object?[] nested => Show(nested),
        bool b => b ? "true" : "false",
        ulong u => u + "UL",
        _ => e.ToString()!,
    };

    private static int Rank(object? e) => e switch
    {
        null => 0,
        byte[] => 1,
        string => 2,
        object?[] => 3,
        long or ulong => 4,
        bool => 5,
        _ => throw new ArgumentException($"not a tuple element: {e.GetType()}"),
    };

    private static Int128 ToInt128(object? e) => e switch
    {
        long l => l,
        ulong u => u,
        _ => throw new ArgumentException("not an integer"),
    };

    private static void AppendAll(ref TupleWriter writer, object?[] tuple)
    {
        foreach (object? element in tuple)
        {
            switch (element)
            {
                case null:
                    writer.AppendNull();
                    break;
                case byte[] bytes:
                    writer.AppendBytes(bytes);
                    break;
                case string s:
                    writer.AppendString(s);
                    break;
                case long l:
                    writer.AppendInt64(l);
                    break;
                case ulong u:
                    writer.AppendUInt64(u);
                    break;
                case bool b:
                    writer.AppendBool(b);
                    break;
                case object?[] nested:
                    writer.BeginNested();
                    AppendAll(ref writer, nested);
                    writer.EndNested();
                    break;
                default:
                    throw new ArgumentException($"not a tuple element: {element.GetType()}");
            }
        }
    }

    private static object?[] DecodeAll(ref TupleReader reader)
    {
        List<object?> elements = [];
        while (reader.TryReadNext(out TupleElementKind kind))
        {
            switch (kind)
            {
                case TupleElementKind.Null:
                    elements.Add(null);
                    break;
                case TupleElementKind.Bytes:
                    ArrayBufferWriter<byte> bytes = new();
                    Assert.Equal(reader.GetByteCount(), reader.CopyBytesTo(bytes));
                    elements.Add(bytes.WrittenSpan.ToArray());
                    break;
                case TupleElementKind.String:
                    elements.Add(reader.GetString());
                    break;
                case TupleElementKind.Integer:
                    elements.Add(reader.TryGetInt64(out long l) ? l : reader.GetUInt64());
                    break;
                case TupleElementKind.Boolean:
                    elements.Add(reader.GetBoolean());
                    break;
                case TupleElementKind.Nested:
                    TupleReader nested = reader.GetNested();
                    elements.Add(DecodeAll(ref nested));
                    break;
                default:
                    throw new InvalidOperationException($"unexpected kind {kind}");
            }
        }

        Assert.False(reader.HasCurrent);
        return [.. elements];
    }
}
