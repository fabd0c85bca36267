using Engine.Core.Identifiers;
using Engine.Fuzz.Driver;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Fuzz.Targets;

/// <summary>KSUID parsing (<see cref="Ksuid"/>): the 27-character base62 text and the 20-byte binary form.</summary>
/// <remarks>
/// The input's bytes are read as Latin-1 characters (so every char below 256 is reachable) and parsed as text, and its
/// first 20 bytes as the binary form. <see cref="Ksuid.TryParse(ReadOnlySpan{char}, out Ksuid)"/> and
/// <see cref="Ksuid.Parse(ReadOnlySpan{char})"/> must agree; an accepted text must format back to itself, and a binary
/// KSUID must survive a text round trip. Rejection is <see cref="StorageException"/> with
/// <see cref="StorageErrorCode.InvalidArgument"/>. One thread at a time.
/// </remarks>
internal sealed class KsuidTarget : IFuzzTarget
{
    public string Name => "ksuid";

    public string Description => "Engine.Core.Identifiers.Ksuid: base62 text and binary parsing";

    public void Run(ReadOnlySpan<byte> input)
    {
        Span<char> text = stackalloc char[Math.Min(input.Length, 64)];
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = (char)input[i];
        }

        bool accepted = Ksuid.TryParse(text, out Ksuid parsed);
        Ksuid thrown = default;
        bool parses = true;
        try
        {
            thrown = Ksuid.Parse(text);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.InvalidArgument)
        {
            parses = false;
        }

        if (accepted != parses || parsed != thrown)
        {
            throw new FuzzCheckException($"TryParse ({accepted}) and Parse ({parses}) disagree");
        }

        Span<char> formatted = stackalloc char[Ksuid.StringLength];
        if (accepted && (!parsed.TryFormat(formatted, out int written) || !formatted[..written].SequenceEqual(text)))
        {
            throw new FuzzCheckException("an accepted text does not format back to itself");
        }

        if (input.Length >= Ksuid.ByteLength)
        {
            Ksuid binary = Ksuid.FromBytes(input[..Ksuid.ByteLength]);
            Span<byte> bytes = stackalloc byte[Ksuid.ByteLength];
            binary.WriteTo(bytes);
            if (!bytes.SequenceEqual(input[..Ksuid.ByteLength]) || Ksuid.Parse(binary.ToString()) != binary)
            {
                throw new FuzzCheckException("a binary KSUID does not round-trip");
            }
        }

        _ = Ksuid.FromBytes(input);
    }

    public bool IsExpectedRejection(Exception exception) =>
        exception is StorageException { Code: StorageErrorCode.InvalidArgument } and not CorruptionException;

    public IEnumerable<byte[]> Seeds()
    {
        byte[] payload = [.. Enumerable.Range(1, Ksuid.PayloadLength).Select(i => (byte)(i * 37))];
        Ksuid sample = Ksuid.FromParts(123_456_789, payload);
        yield return System.Text.Encoding.ASCII.GetBytes(sample.ToString());
        yield return System.Text.Encoding.ASCII.GetBytes(Ksuid.MaxValue.ToString());
        yield return System.Text.Encoding.ASCII.GetBytes(Ksuid.Empty.ToString());
        yield return sample.ToByteArray();
        yield return Ksuid.MaxValue.ToByteArray();
    }
}
