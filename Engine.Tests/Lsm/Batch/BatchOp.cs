using System.Text;
using Engine.Lsm.Batch;
using Engine.Lsm.Keys;

namespace Engine.Tests.Lsm.Batch;

/// <summary>One batch operation as plain data, for comparing what was written with what is read back.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record BatchOp(KeyKind Kind, byte[] Key, byte[] Value)
{
    public BatchOp(KeyKind kind, string key, string value)
        : this(kind, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value))
    {
    }

    public bool Equals(BatchOp? other) =>
        other is not null && Kind == other.Kind && Key.AsSpan().SequenceEqual(other.Key) && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(Kind, Key.Length, Value.Length);

    public override string ToString() => $"{Kind} {Convert.ToHexString(Key)} {Convert.ToHexString(Value)}";

    /// <summary>Decodes every operation of an encoded batch.</summary>
    public static List<BatchOp> ReadAll(ReadOnlySpan<byte> encoded, string path = "<test>", long offset = 0)
    {
        List<BatchOp> ops = [];
        BatchReader reader = new(encoded, path, offset);
        while (reader.TryReadNext(out KeyKind kind, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value))
        {
            ops.Add(new BatchOp(kind, key.ToArray(), value.ToArray()));
        }

        return ops;
    }

    /// <summary>Adds this operation to <paramref name="batch"/>.</summary>
    public void AddTo(WriteBatch batch)
    {
        switch (Kind)
        {
            case KeyKind.Set:
                batch.Put(Key, Value);
                break;
            case KeyKind.Delete:
                batch.Delete(Key);
                break;
            case KeyKind.RangeDelete:
                batch.DeleteRange(Key, Value);
                break;
            default:
                throw new InvalidOperationException($"no such operation kind {Kind}");
        }
    }
}
