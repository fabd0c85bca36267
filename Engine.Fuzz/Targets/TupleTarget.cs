using System.Buffers;
using Engine.Core.Buffers;
using Engine.Core.Encoding;
using Engine.Fuzz.Driver;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>The order-preserving tuple decoder (<see cref="TupleReader"/>) and every value accessor.</summary>
/// <remarks>
/// The input is an encoded tuple. Every element is read, and decoded with each accessor that fits its kind; nested
/// tuples are walked to a depth of <see cref="MaxDepth"/>. The unescaped length of a byte string must match what the
/// copying accessors produce. Rejection is <see cref="CorruptionException"/>. One thread at a time (the scratch buffer
/// is reused).
/// </remarks>
internal sealed class TupleTarget : IFuzzTarget
{
    private const int MaxDepth = 200;

    private readonly ArrayBufferWriter<byte> _scratch = new();

    public string Name => "tuple";

    public string Description => "Engine.Core.Encoding.TupleReader: elements, nesting and every accessor";

    public void Run(ReadOnlySpan<byte> input)
    {
        TupleReader reader = new(input);
        Walk(ref reader, 0);
    }

    public bool IsExpectedRejection(Exception exception) => exception is CorruptionException;

    public IEnumerable<byte[]> Seeds()
    {
        yield return [];
        yield return Encode(w =>
        {
            w.AppendNull();
            w.AppendBool(true);
            w.AppendBool(false);
            w.AppendInt64(0);
            w.AppendInt64(-1);
            w.AppendInt64(long.MinValue);
            w.AppendUInt64(ulong.MaxValue);
        });
        yield return Encode(w =>
        {
            w.AppendBytes([0, 1, 0xFF, 0]);
            w.AppendString("héllo\0wörld");
            w.AppendUtf8String("plain"u8);
        });
        yield return Encode(w =>
        {
            w.AppendString("outer");
            w.BeginNested();
            w.AppendNull();
            w.AppendInt64(42);
            w.BeginNested();
            w.AppendBytes([0, 0]);
            w.EndNested();
            w.EndNested();
            w.AppendInt64(-300);
        });
    }

    private static byte[] Encode(Action<TupleWriter> write)
    {
        using PooledBufferWriter output = new();
        write(new TupleWriter(output));
        return output.WrittenSpan.ToArray();
    }

    private void Walk(ref TupleReader reader, int depth)
    {
        while (reader.TryReadNext(out TupleElementKind kind))
        {
            switch (kind)
            {
                case TupleElementKind.Integer:
                    bool signed = reader.TryGetInt64(out long int64);
                    bool unsigned = reader.TryGetUInt64(out ulong uint64);
                    if (!signed && !unsigned)
                    {
                        throw new FuzzCheckException("an integer element fits neither Int64 nor UInt64");
                    }

                    if (signed && unsigned && (ulong)int64 != uint64)
                    {
                        throw new FuzzCheckException($"an integer reads as {int64} and as {uint64}");
                    }

                    break;
                case TupleElementKind.Boolean:
                    _ = reader.GetBoolean();
                    break;
                case TupleElementKind.Bytes:
                case TupleElementKind.String:
                    CheckBytes(ref reader, kind);
                    break;
                case TupleElementKind.Nested when depth < MaxDepth:
                    TupleReader nested = reader.GetNested();
                    Walk(ref nested, depth + 1);
                    break;
            }
        }
    }

    private void CheckBytes(ref TupleReader reader, TupleElementKind kind)
    {
        int count = reader.GetByteCount();
        _scratch.ResetWrittenCount();
        if (reader.CopyBytesTo(_scratch) != count || _scratch.WrittenCount != count)
        {
            throw new FuzzCheckException($"CopyBytesTo disagrees with GetByteCount ({count})");
        }

        if (reader.TryGetContiguousBytes(out ReadOnlySpan<byte> contiguous) && !contiguous.SequenceEqual(_scratch.WrittenSpan))
        {
            throw new FuzzCheckException("the contiguous bytes differ from the copied bytes");
        }

        Span<byte> small = stackalloc byte[16];
        if (reader.TryCopyBytesTo(small, out int written) != (count <= small.Length) || (count <= small.Length && written != count))
        {
            throw new FuzzCheckException($"TryCopyBytesTo into 16 bytes is wrong for {count} bytes");
        }

        if (kind == TupleElementKind.String)
        {
            try
            {
                _ = reader.GetString();
            }
            catch (CorruptionException)
            {
                // Invalid UTF-8: the documented rejection.
            }
        }
    }
}
