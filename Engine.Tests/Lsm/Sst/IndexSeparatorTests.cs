using CsCheck;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Sst;

[Trait("Category", "Unit")]
public sealed class IndexSeparatorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("abcd", "abz", "abd")]
    [InlineData("abcdef", "abzz", "abd")]
    [InlineData("apple-pie", "cherry", "b")]
    public void Write_ShortensBetweenKeys(string last, string next, string expectedUserKey)
    {
        byte[] separator = Separator(SstTestData.Key(last, 3, KeyKind.Set), SstTestData.Key(next, 9, KeyKind.Set));
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(expectedUserKey), InternalKey.UserKey(separator).ToArray());
        Assert.Equal(IndexSeparator.SeparatorTrailer, InternalKey.Trailer(separator));
    }

    [Theory]
    [InlineData("abc", "abd")]
    [InlineData("abc", "abz")]
    [InlineData("apple-pie", "banana")]
    [InlineData("abc", "abcd")]
    [InlineData("ab", "ab")]
    [InlineData("ab\u00ff", "ac")]
    [InlineData("a", "z")]
    public void Write_WhenNothingShorterFits_UsesLastKey(string last, string next)
    {
        byte[] lastKey = SstTestData.Key(System.Text.Encoding.Latin1.GetBytes(last), 5, KeyKind.Set);
        byte[] nextKey = SstTestData.Key(System.Text.Encoding.Latin1.GetBytes(next), 4, KeyKind.Set);
        Assert.Equal(lastKey, Separator(lastKey, nextKey));
    }

    [Fact]
    public void Write_AnyOrderedPair_SortsBetweenAndIsNoLonger()
    {
        Gen<byte[]> userKey = Gen.OneOf<byte>(0x00, 0x01, 0x61, 0x62, 0x63, 0xFE, 0xFF).Array[0, 6];
        Gen<byte[]> key = userKey.SelectMany(u => Gen.Int[0, 1000].Select(s => SstTestData.Key(u, (ulong)s, KeyKind.Set)));
        Gen<(byte[], byte[])> pairs = Gen.Select(key, key);
        pairs.Sample(output, pair =>
        {
            (byte[] a, byte[] b) = pair;
            int order = InternalKey.Compare(a, b);
            if (order == 0)
            {
                return true;
            }

            (byte[] last, byte[] next) = order < 0 ? (a, b) : (b, a);
            byte[] separator = Separator(last, next);
            return InternalKey.Compare(last, separator) <= 0 && InternalKey.Compare(separator, next) < 0 && separator.Length <= last.Length;
        }, iter: 2000);
    }

    private static byte[] Separator(byte[] last, byte[] next)
    {
        byte[] buffer = new byte[last.Length];
        return buffer.AsSpan(0, IndexSeparator.Write(last, next, buffer)).ToArray();
    }
}
