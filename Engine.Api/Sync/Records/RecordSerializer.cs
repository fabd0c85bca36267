using System;
using MessagePack;
using MessagePack.Resolvers;

namespace Engine.Api.Sync.Records;

/// <summary>MessagePack for the records that are ours alone (sync runs, session values, manifests).</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class RecordSerializer
{
    /// <summary>The standard resolver (our record types are internal) with untrusted-data protection: stored bytes may be damaged.</summary>
    private static readonly MessagePackSerializerOptions s_options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData).WithResolver(StandardResolverAllowPrivate.Instance);

    public static byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, s_options);

    /// <summary>Deserializes a stored record; false when the bytes are not a record of this type.</summary>
    public static bool TryDeserialize<T>(ReadOnlyMemory<byte> bytes, out T? value)
    {
        try
        {
            value = MessagePackSerializer.Deserialize<T>(bytes, s_options);
            return value is not null;
        }
        catch (MessagePackSerializationException)
        {
            value = default;
            return false;
        }
    }
}
