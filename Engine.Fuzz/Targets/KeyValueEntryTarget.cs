using System.Buffers.Binary;
using Engine.Api.LocalFirst.KeyValue;
using Engine.Fuzz.Driver;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>The key-value entry header (<see cref="KeyValueEntry"/>): flags and the optional expiry before the value.</summary>
/// <remarks>
/// The input is a stored key-value value. A header the parser accepts must lie inside the input and be the one
/// canonical encoding of its expiry (writing the header again gives back the input's header byte for byte), and the
/// expiry must order with <see cref="KeyValueEntry.IsExpired"/> as a time does. Rejection is
/// <see cref="CorruptionException"/>, as the store raises it for a stored value. One thread at a time.
/// </remarks>
internal sealed class KeyValueEntryTarget : IFuzzTarget
{
    private readonly byte[] _header = new byte[KeyValueEntry.ExpiringHeaderLength];

    public string Name => "kv-entry";

    public string Description => "Engine.Api.LocalFirst.KeyValue.KeyValueEntry: the key-value value header with its expiry";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!KeyValueEntry.TryRead(input, out long expiresAt, out int valueOffset))
        {
            throw new CorruptionException("fuzz", input, "not a key-value entry");
        }

        if (valueOffset != KeyValueEntry.HeaderLength(expiresAt) || valueOffset > input.Length)
        {
            throw new FuzzCheckException($"the value starts at {valueOffset}, outside a header of {KeyValueEntry.HeaderLength(expiresAt)} bytes in {input.Length}");
        }

        int written = KeyValueEntry.WriteHeader(_header, expiresAt);
        if (!_header.AsSpan(0, written).SequenceEqual(input[..valueOffset]))
        {
            throw new FuzzCheckException($"an accepted header is not canonical: re-encoded as {Convert.ToHexString(_header, 0, written)}");
        }

        if ((expiresAt > long.MinValue && KeyValueEntry.IsExpired(expiresAt, expiresAt - 1)) || !KeyValueEntry.IsExpired(expiresAt, expiresAt))
        {
            throw new FuzzCheckException($"expiry {expiresAt} does not start at its own millisecond");
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is CorruptionException;

    public IEnumerable<byte[]> Seeds()
    {
        yield return [0];
        yield return [0, .. "value"u8];
        yield return Expiring(1_767_225_600_000, "v"u8);
        yield return Expiring(-1, []);
        yield return Expiring(KeyValueEntry.Never - 1, "last"u8);
    }

    private static byte[] Expiring(long expiresAt, ReadOnlySpan<byte> value)
    {
        byte[] entry = new byte[KeyValueEntry.ExpiringHeaderLength + value.Length];
        entry[0] = KeyValueEntry.ExpiresFlag;
        BinaryPrimitives.WriteInt64BigEndian(entry.AsSpan(1), expiresAt);
        value.CopyTo(entry.AsSpan(KeyValueEntry.ExpiringHeaderLength));
        return entry;
    }
}
