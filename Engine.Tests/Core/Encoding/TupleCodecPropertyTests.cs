using System.Buffers;
using CsCheck;
using Engine.Core.Encoding;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Core.Encoding;

[Trait("Category", "Randomized")]
public sealed class TupleCodecPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void RoundTrip_RandomTuples_DecodeToTheSameTupleAndReencodeToTheSameBytes()
    {
        TupleGenerators.Tuple.Sample(output, tuple =>
        {
            byte[] encoded = TupleModel.Encode(tuple);
            object?[] decoded = TupleModel.Decode(encoded);
            Assert.True(
                TupleModel.TuplesEqual(tuple, decoded) && TupleModel.Encode(decoded).AsSpan().SequenceEqual(encoded),
                $"{TupleModel.Show(tuple)} -> {Convert.ToHexString(encoded)} -> {TupleModel.Show(decoded)}");
        }, iter: 1000);
    }

    [Fact]
    public void Order_RandomPairs_BytewiseOrderEqualsTupleOrder()
    {
        TupleGenerators.PairWithSharedPrefix.Sample(output, pair =>
        {
            byte[] a = TupleModel.Encode(pair.A);
            byte[] b = TupleModel.Encode(pair.B);
            int bytewise = Math.Sign(a.AsSpan().SequenceCompareTo(b));
            int reference = Math.Sign(TupleModel.CompareTuples(pair.A, pair.B));
            Assert.True(
                bytewise == reference,
                $"{TupleModel.Show(pair.A)} vs {TupleModel.Show(pair.B)}: bytes {bytewise}, tuples {reference}; {Convert.ToHexString(a)} vs {Convert.ToHexString(b)}");
        }, iter: 3000);
    }

    [Fact]
    public void Order_RandomSingleElements_BytewiseOrderEqualsElementOrder()
    {
        Gen<(object? A, object? B)> pairs = Gen.Select(TupleGenerators.Element(1), TupleGenerators.Element(1));
        pairs.Sample(output, pair =>
        {
            byte[] a = TupleModel.Encode([pair.A]);
            byte[] b = TupleModel.Encode([pair.B]);
            return Math.Sign(a.AsSpan().SequenceCompareTo(b)) == Math.Sign(TupleModel.CompareElements(pair.A, pair.B));
        }, iter: 3000);
    }

    [Fact]
    public void Prefix_ExtendedTuple_StartsWithPrefixAndSortsBelowUpperBound()
    {
        Gen<(object?[] Prefix, object?[] Suffix)> gen = Gen.Select(TupleGenerators.Tuple, TupleGenerators.Tuple);
        gen.Sample(output, input =>
        {
            byte[] prefix = TupleModel.Encode(input.Prefix);
            byte[] extended = TupleModel.Encode([.. input.Prefix, .. input.Suffix]);
            ArrayBufferWriter<byte> bound = new();
            bool hasBound = TupleCodec.TryWritePrefixUpperBound(prefix, bound);
            bool strictPrefix = input.Suffix.Length == 0 ? extended.AsSpan().SequenceEqual(prefix) : extended.Length > prefix.Length;
            return extended.AsSpan().StartsWith(prefix)
                && strictPrefix
                && (!hasBound || extended.AsSpan().SequenceCompareTo(bound.WrittenSpan) < 0)
                && (hasBound || prefix.AsSpan().IndexOfAnyExcept((byte)0xFF) < 0);
        }, iter: 1000);
    }

    [Fact]
    public void PrefixUpperBound_RandomKeys_StartsWithPrefixExactlyWhenInRange()
    {
        Gen<byte[]> key = Gen.OneOf<byte>(0x00, 0x01, 0xFE, 0xFF).Array[0, 6];
        Gen.Select(key, key).Sample(output, input =>
        {
            (byte[] prefix, byte[] candidate) = input;
            ArrayBufferWriter<byte> bound = new();
            bool hasBound = TupleCodec.TryWritePrefixUpperBound(prefix, bound);
            bool inRange = candidate.AsSpan().SequenceCompareTo(prefix) >= 0
                && (!hasBound || candidate.AsSpan().SequenceCompareTo(bound.WrittenSpan) < 0);

            byte[] inPlace = prefix.ToArray();
            bool incremented = TupleCodec.TryIncrementPrefix(inPlace, out int length);
            return inRange == candidate.AsSpan().StartsWith(prefix)
                && incremented == hasBound
                && (!hasBound || inPlace.AsSpan(0, length).SequenceEqual(bound.WrittenSpan));
        }, iter: 3000);
    }

    [Fact]
    public void Decode_RandomBytes_ThrowsOnlyCorruption()
    {
        Gen<byte> codeHeavy = Gen.Frequency<byte>(
            (4, Gen.OneOf<byte>(0x00, 0x01, 0x02, 0x05, 0x0C, 0x13, 0x14, 0x15, 0x1C, 0x26, 0x27, 0xFF)),
            (1, Gen.Byte));
        Gen<byte[]> input = codeHeavy.Array[0, 24];
        input.Sample(output, bytes =>
        {
            try
            {
                object?[] decoded = TupleModel.Decode(bytes);

                // Whatever decodes must be the one encoding of its tuple.
                return TupleModel.Encode(decoded).AsSpan().SequenceEqual(bytes);
            }
            catch (CorruptionException ex)
            {
                return ex.FilePath == "<tuple>" && ex.Offset >= 0 && ex.Offset < bytes.Length;
            }
        }, iter: 5000);
    }

    [Fact]
    public void Decode_TruncatedEncodings_ThrowOnlyCorruption()
    {
        TupleGenerators.Tuple.Sample(output, tuple =>
        {
            byte[] encoded = TupleModel.Encode(tuple);
            for (int cut = 0; cut < encoded.Length; cut++)
            {
                try
                {
                    TupleModel.Decode(encoded.AsSpan(0, cut));
                }
                catch (CorruptionException)
                {
                }
            }

            return true;
        }, iter: 500);
    }
}
