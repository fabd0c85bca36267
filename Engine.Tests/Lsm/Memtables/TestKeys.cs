using System.Buffers.Binary;
using System.Text;
using Engine.Lsm.Keys;

namespace Engine.Tests.Lsm.Memtables;

/// <summary>Builds and prints internal keys for the memtable tests. Stateless; thread-safe.</summary>
internal static class TestKeys
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Internal(string userKey, ulong sequence, KeyKind kind) =>
        Internal(Bytes(userKey), SequenceNumber.MakeTrailer(sequence, kind));

    public static byte[] Internal(byte[] userKey, ulong trailer)
    {
        byte[] key = new byte[userKey.Length + InternalKey.TrailerSize];
        userKey.CopyTo(key, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(key.AsSpan(userKey.Length), trailer);
        return key;
    }

    /// <summary>"user@seq#kind", for assertion messages.</summary>
    public static string Describe(ReadOnlySpan<byte> internalKey)
    {
        ulong trailer = InternalKey.Trailer(internalKey);
        return $"{Encoding.UTF8.GetString(InternalKey.UserKey(internalKey))}@{SequenceNumber.SequenceOf(trailer)}#{SequenceNumber.KindOf(trailer)}";
    }

    /// <summary>Orders byte arrays as internal keys, for the model collections.</summary>
    public static IComparer<byte[]> Comparer { get; } = Comparer<byte[]>.Create((a, b) => InternalKey.Compare(a, b));
}
