using Engine.Fuzz.Driver;
using Engine.Lsm.Batch;
using Engine.Lsm.Keys;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>The batch decoder (<see cref="BatchReader"/>), as recovery runs it on each WAL record.</summary>
/// <remarks>
/// The input is an encoded batch. <see cref="BatchReader.Validate"/> and a walk with <see cref="BatchReader.TryReadNext"/>
/// must agree: both accept with the same count, or both throw <see cref="CorruptionException"/>. An accepted batch
/// must survive <see cref="WriteBatch.SetFromEncoded"/> byte for byte. One thread at a time.
/// </remarks>
internal sealed class BatchTarget : IFuzzTarget
{
    public string Name => "batch";

    public string Description => "Engine.Lsm.Batch.BatchReader: Validate, then walk every operation";

    public void Run(ReadOnlySpan<byte> input)
    {
        int validated;
        try
        {
            validated = BatchReader.Validate(input, "<batch>", 0);
        }
        catch (CorruptionException)
        {
            if (TryWalk(input, out int walked))
            {
                throw new FuzzCheckException($"Validate rejects a batch that a walk reads ({walked} operations)");
            }

            return;
        }

        if (!TryWalk(input, out int count) || count != validated)
        {
            throw new FuzzCheckException($"Validate accepts {validated} operations but a walk does not read them");
        }

        using WriteBatch batch = new();
        batch.SetFromEncoded(input);
        if (batch.Count != validated || !batch.Data.SequenceEqual(input))
        {
            throw new FuzzCheckException("SetFromEncoded does not keep an accepted batch as it is");
        }
    }

    public bool IsExpectedRejection(Exception exception) => false;

    public IEnumerable<byte[]> Seeds()
    {
        yield return Encode(0, _ => { });
        yield return Encode(1, b => b.Put("k"u8, "v"u8));
        yield return Encode(100, b =>
        {
            b.Put("apple"u8, "red"u8);
            b.Delete("banana"u8);
            b.DeleteRange("c"u8, "d"u8);
            b.Put("empty-value"u8, []);
        });
        yield return Encode(72_057_594_037_927_000, b =>
        {
            for (int i = 0; i < 30; i++)
            {
                b.Put(System.Text.Encoding.ASCII.GetBytes($"key/{i:D4}"), new byte[i * 9]);
            }
        });
    }

    private static byte[] Encode(ulong sequence, Action<WriteBatch> fill)
    {
        using WriteBatch batch = new();
        fill(batch);
        batch.Sequence = sequence;
        return batch.Data.ToArray();
    }

    private static bool TryWalk(ReadOnlySpan<byte> input, out int count)
    {
        count = 0;
        try
        {
            BatchReader reader = new(input, "<batch>", 0);
            while (reader.TryReadNext(out KeyKind _, out ReadOnlySpan<byte> key, out _))
            {
                if (key.IsEmpty)
                {
                    throw new FuzzCheckException("the reader returned an empty key");
                }
            }

            count = reader.ReadCount;
            return count == reader.Count;
        }
        catch (CorruptionException)
        {
            return false;
        }
    }
}
