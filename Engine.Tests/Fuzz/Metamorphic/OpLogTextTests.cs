using CsCheck;
using Engine.Fuzz.Metamorphic;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Fuzz.Metamorphic;

/// <summary>The text form of operation logs: every operation prints and parses back to itself; malformed lines are rejected.</summary>
[Trait("Category", "Unit")]
public sealed class OpLogTextTests(ITestOutputHelper output)
{
    private static readonly Gen<string> s_keys =
        from bytes in Gen.Frequency(
                (6, Gen.Byte[(byte)'a', (byte)'z']),
                (2, Gen.Byte),
                (1, Gen.OneOf<byte>((byte)'%', (byte)'*', (byte)'=', (byte)'#', (byte)' '))).Array[1, 6]
        select KeyText.FromBytes(bytes);

    private static readonly Gen<string> s_values = Gen.Frequency(
        (1, Gen.Const(ValueToken.Empty)),
        (5, from id in Gen.Int[0, 1_000_000] from length in Gen.Int[0, ValueToken.MaxLength] select ValueToken.Of(id, length)));

    private static readonly Gen<ReadSpec?> s_specs =
        from lower in OrNull(s_keys)
        from upper in OrNull(s_keys)
        from prefix in OrNull(s_keys)
        from snapshot in Gen.Frequency((1, Gen.Const((int?)null)), (1, Gen.Int[0, 99].Select(s => (int?)s)))
        from reverse in Gen.Bool
        select lower is null && upper is null && prefix is null && snapshot is null && !reverse
            ? null
            : new ReadSpec { Lower = lower, Upper = upper, Prefix = prefix, Snapshot = snapshot, Reverse = reverse };

    private static readonly Gen<MetamorphicOp> s_ops =
        from kind in Gen.OneOf(Enum.GetValues<OpKind>())
        from handle in Gen.Int[0, 10_000]
        from key in s_keys
        from end in s_keys
        from value in s_values
        from durability in Gen.OneOf(Durability.Buffered, Durability.Flushed, Durability.Synced)
        from spec in s_specs
        from seed in Gen.Int
        from unbounded in Gen.Int[0, 3]
        select Op(kind, handle, key, end, value, durability, spec, seed, unbounded);

    [Fact]
    public void FormatThenParse_AnyOperation_GivesItBack()
    {
        s_ops.Sample(output, op =>
        {
            string line = OpLogWriter.Format(op);
            MetamorphicOp parsed = OpLogReader.ParseLine(line);
            Assert.Equal(op, parsed);
            Assert.Equal(line, OpLogWriter.Format(parsed));
        }, iter: 2000);
    }

    [Fact]
    public void WriteThenRead_GeneratedLog_GivesTheSameOperationsAndSeeds()
    {
        int seed = TestSeed.Get(output, nameof(WriteThenRead_GeneratedLog_GivesTheSameOperationsAndSeeds));
        OpLog log = new MetamorphicGenerator(seed).Generate(3000) with { OptionsSeed = seed ^ 0x5555 };

        string text = OpLogWriter.Write(log, ["a comment", "over\ntwo lines"]);
        OpLog read = OpLogReader.Read(text, "log.ops");

        Assert.Equal(log.Seed, read.Seed);
        Assert.Equal(log.OptionsSeed, read.OptionsSeed);
        Assert.Equal(log.Ops, read.Ops);
        Assert.Equal(text, OpLogWriter.Write(read, ["a comment", "over\ntwo lines"]));
        Assert.StartsWith(OpLogWriter.Banner + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HandWrittenLog_AcceptsBlankLinesCommentsAndExtraSpaces()
    {
        OpLog log = OpLogReader.Read("\n# anything\n  put   k1 v3.10 synced \r\n\nscan reverse snap=s2 lower=a\ncompact * k9\n", "hand.ops");

        Assert.Null(log.Seed);
        Assert.Equal(
            [
                new MetamorphicOp { Kind = OpKind.Put, Key = "k1", Value = "v3.10", Durability = Durability.Synced },
                new MetamorphicOp { Kind = OpKind.Scan, Read = new ReadSpec { Lower = "a", Snapshot = 2, Reverse = true } },
                new MetamorphicOp { Kind = OpKind.Compact, Key = null, End = "k9" },
            ],
            log.Ops);
    }

    [Theory]
    [InlineData("frobnicate k1", "unknown operation")]
    [InlineData("put k1", "needs a value")]
    [InlineData("put k1 v1.x", "not a value token")]
    [InlineData("put k1 v01.5", "not a value token")]
    [InlineData("put k1 v1.5 durable", "unexpected 'durable'")]
    [InlineData("put %G1 v1.5", "not a key")]
    [InlineData("put k%4 v1.5", "not a key")]
    [InlineData("get *", "not a key")]
    [InlineData("delete-range k1", "needs a key")]
    [InlineData("batch.put s1 k1 v1.1", "not a handle bN")]
    [InlineData("iter.next it01", "not a handle itN")]
    [InlineData("iter.next it-1", "not a handle itN")]
    [InlineData("iter.new it1 lower=", "not a read bound")]
    [InlineData("iter.new it1 reverse", "not a read bound")]
    [InlineData("scan lower=a lower=b", "given twice")]
    [InlineData("scan snap=t1", "not a handle sN")]
    [InlineData("crash soon", "not a number")]
    [InlineData("flush now", "unexpected 'now'")]
    public void ParseLine_Malformed_ThrowsCorruptionNamingTheLine(string line, string reason)
    {
        CorruptionException ex = Assert.Throws<CorruptionException>(() => OpLogReader.ParseLine(line, "bad.ops", 40, 7));

        Assert.Equal("bad.ops", ex.FilePath);
        Assert.Equal(40, ex.Offset);
        Assert.Contains("line 7", ex.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedThirdLine_ReportsItsLineAndOffset()
    {
        CorruptionException ex = Assert.Throws<CorruptionException>(() => OpLogReader.Read("flush\n# seed 4\nput k1\n", "bad.ops"));

        Assert.Equal(15, ex.Offset);
        Assert.Contains("line 3", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedSeedHeader_ThrowsCorruption()
    {
        Assert.Throws<CorruptionException>(() => OpLogReader.Read("# seed twelve\nflush\n", "bad.ops"));
    }

    [Fact]
    public void KeyText_AnyBytes_RoundTripsThroughCanonicalText()
    {
        Gen.Byte.Array.Nonempty.Sample(output, bytes =>
        {
            string text = KeyText.FromBytes(bytes);
            Assert.Equal(bytes, KeyText.ToBytes(text));
            Assert.DoesNotContain(' ', text);
            Assert.True(KeyText.TryNormalize(text, out string? canonical));
            Assert.Equal(text, canonical);
            string lowerEscapes = System.Text.RegularExpressions.Regex.Replace(text, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
            Assert.True(KeyText.TryNormalize(lowerEscapes, out string? normalized));
            Assert.Equal(text, normalized);
        }, iter: 1000);
    }

    [Fact]
    public void ValueToken_Describe_NamesExactExpansionsOnly()
    {
        byte[] value = ValueToken.Expand("v7.300");
        byte[] changed = (byte[])value.Clone();
        changed[^1] ^= 1;

        Assert.Equal(6 + 1 + 300, value.Length);
        Assert.Equal("v7.300", ValueToken.Describe(value));
        Assert.Equal(ValueToken.Empty, ValueToken.Describe(ValueToken.Expand(ValueToken.Empty)));
        Assert.StartsWith("?len=307,xxh=", ValueToken.Describe(changed), StringComparison.Ordinal);
        Assert.StartsWith("?len=306,xxh=", ValueToken.Describe(value.AsSpan(0, 306)), StringComparison.Ordinal);
        Assert.Equal(ValueToken.Expand("v8.40"), ValueToken.Expand("v8.40"));
        Assert.NotEqual(ValueToken.Expand("v8.40").AsSpan(6).ToArray(), ValueToken.Expand("v9.40").AsSpan(6).ToArray());
    }

    [Fact]
    public void OpNames_EveryKind_HasADistinctNameThatParses()
    {
        OpKind[] kinds = Enum.GetValues<OpKind>();

        Assert.Equal(kinds, OpNames.AllKinds);
        Assert.True(kinds.Length >= 25);
        foreach (OpKind kind in kinds)
        {
            Assert.True(OpNames.TryParse(OpNames.Of(kind), out OpKind parsed));
            Assert.Equal(kind, parsed);
        }
    }

    private static MetamorphicOp Op(OpKind kind, int handle, string key, string end, string value, Durability durability, ReadSpec? spec, int seed, int unbounded) => kind switch
    {
        OpKind.Put => new MetamorphicOp { Kind = kind, Key = key, Value = value, Durability = durability },
        OpKind.Delete => new MetamorphicOp { Kind = kind, Key = key, Durability = durability },
        OpKind.DeleteRange => new MetamorphicOp { Kind = kind, Key = key, End = end, Durability = durability },
        OpKind.BatchCommit => new MetamorphicOp { Kind = kind, Handle = handle, Durability = durability },
        OpKind.BatchPut => new MetamorphicOp { Kind = kind, Handle = handle, Key = key, Value = value },
        OpKind.BatchDelete or OpKind.SnapshotGet or OpKind.IterSeekGE or OpKind.IterSeekLT => new MetamorphicOp { Kind = kind, Handle = handle, Key = key },
        OpKind.BatchDeleteRange => new MetamorphicOp { Kind = kind, Handle = handle, Key = key, End = end },
        OpKind.Get => new MetamorphicOp { Kind = kind, Key = key },
        OpKind.IterNew => new MetamorphicOp { Kind = kind, Handle = handle, Read = spec is null || spec with { Reverse = false } == ReadSpec.Unbounded ? null : spec with { Reverse = false } },
        OpKind.Scan => new MetamorphicOp { Kind = kind, Read = spec },
        OpKind.Compact => new MetamorphicOp { Kind = kind, Key = (unbounded & 1) == 0 ? key : null, End = (unbounded & 2) == 0 ? end : null },
        OpKind.Crash => new MetamorphicOp { Kind = kind, Seed = seed },
        OpKind.Flush or OpKind.Reopen or OpKind.Verify or OpKind.WaitIdle => new MetamorphicOp { Kind = kind },
        _ => new MetamorphicOp { Kind = kind, Handle = handle },
    };

    /// <summary>Null or a value of <paramref name="gen"/>, alike.</summary>
    private static Gen<string?> OrNull(Gen<string> gen) => Gen.Frequency((1, Gen.Const((string?)null)), (1, gen.Select(s => (string?)s)));
}
