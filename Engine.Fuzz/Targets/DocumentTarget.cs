using System.Buffers;
using System.Text.Json;
using Engine.Api.LocalFirst.Documents;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Fuzz.Driver;

namespace Engine.Fuzz.Targets;

/// <summary>The stored document decoder (MessagePack to JSON), the JSON encoder back, and the ordered field encoding.</summary>
/// <remarks>
/// The input is a stored document value. A value that decodes must re-encode from its JSON and decode to the same JSON,
/// and every top-level field's ordered encoding must measure to its own length. Rejection is <see cref="FormatException"/>.
/// </remarks>
internal sealed class DocumentTarget : IFuzzTarget
{
    public string Name => "document";

    public string Description => "Engine.Api.LocalFirst.Documents.Codec: stored document to JSON and back, ordered field encodings";

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[] stored = input.ToArray();
        byte[] json = DocumentDecoder.ToJsonUtf8(stored);
        using JsonDocument document = JsonDocument.Parse(json);
        byte[] again = DocumentEncoder.Encode(document.RootElement, "document");
        if (!DocumentDecoder.ToJsonUtf8(again).AsSpan().SequenceEqual(json))
        {
            throw new FuzzCheckException("decode, encode, decode changed the JSON");
        }

        ArrayBufferWriter<byte> encoded = new();
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (property.Name.Length == 0 || property.Name.Contains('.', StringComparison.Ordinal))
            {
                continue;
            }

            encoded.ResetWrittenCount();
            FieldPath.Parse(property.Name, "field").WriteOrdered(DocumentFormat.Body(again), encoded);
            if (OrderedValue.Measure(encoded.WrittenSpan, inverted: false) != encoded.WrittenCount)
            {
                throw new FuzzCheckException($"the ordered encoding of '{property.Name}' does not measure to its length");
            }
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is FormatException;

    public IEnumerable<byte[]> Seeds()
    {
        yield return Encode("""{}""");
        yield return Encode("""{"a":1,"b":-2.5,"c":"x\u0000y","d":[true,false,null],"e":{"f":18446744073709551615}}""");
        yield return Encode("""{"deep":{"list":[[1],[2,[3]]],"s":"é"},"n":-9223372036854775808}""");
    }

    private static byte[] Encode(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return DocumentEncoder.Encode(document.RootElement, "document");
    }
}
