using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.Gateway;

public sealed class OpFingerprintTests(ITestOutputHelper output)
{
    private static PendingOp Op(string payload, string table = "threads", long clock = 1, string hlc = "h", string device = "d", SyncOp op = SyncOp.Put) =>
        new(table, op, "pk", Encoding.UTF8.GetBytes(payload), new ChangeStamp(device, "op-1", hlc, clock));

    private static byte[] Fingerprint(PendingOp op)
    {
        using JsonDocument document = JsonDocument.Parse(op.PayloadJson!.Value);
        return OpFingerprint.Compute(op, document.RootElement);
    }

    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""")]
    [InlineData("""{"a":{"y":[1,{"q":true,"p":null}],"x":"s"}}""", """ { "a" : { "x" : "s" , "y" : [ 1.0 , { "p" : null , "q" : true } ] } } """)]
    [InlineData("""{"s":"A\u00e9"}""", """{"s":"\u0041é"}""")]
    [InlineData("""{"n":100}""", """{"n":1e2}""")]
    [InlineData("""{"n":-0}""", """{"n":0.000}""")]
    [InlineData("""{"n":0.5}""", """{"n":5E-1}""")]
    [InlineData("""{"a":1,"a":2}""", """{"a":2}""")]
    public void Compute_SameContentSpelledDifferently_IsEqual(string left, string right)
    {
        Assert.Equal(Fingerprint(Op(left)), Fingerprint(Op(right)));
    }

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""")]
    [InlineData("""{"a":1}""", """{"a":"1"}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":null}""", """{}""")]
    [InlineData("""{"a":9007199254740993}""", """{"a":9007199254740992}""")]
    [InlineData("""{"A":1}""", """{"a":1}""")]
    [InlineData("""{"a":true}""", """{"a":1}""")]
    public void Compute_DifferentContent_Differs(string left, string right)
    {
        Assert.NotEqual(Fingerprint(Op(left)), Fingerprint(Op(right)));
    }

    [Fact]
    public void Compute_CoversEveryStampedFieldButTheOpId()
    {
        byte[] baseline = Fingerprint(Op("{}"));

        Assert.NotEqual(baseline, Fingerprint(Op("{}", table: "posts")));
        Assert.NotEqual(baseline, Fingerprint(Op("{}", clock: 2)));
        Assert.NotEqual(baseline, Fingerprint(Op("{}", hlc: "h2")));
        Assert.NotEqual(baseline, Fingerprint(Op("{}", device: "d2")));
        Assert.NotEqual(baseline, Fingerprint(Op("{}", op: SyncOp.Delete)));
        Assert.NotEqual(baseline, OpFingerprint.Compute(Op("{}"), null));
        Assert.NotEqual(baseline, OpFingerprint.ComputeRaw(Op("{}")));
        Assert.Equal(OpFingerprint.Length, baseline.Length);
        Assert.Equal(baseline, Fingerprint(Op("{}") with { Stamp = new ChangeStamp("d", "another-op", "h", 1) }));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("1", "1e0")]
    [InlineData("1.0", "1e0")]
    [InlineData("10E-1", "1e0")]
    [InlineData("0.1e1", "1e0")]
    [InlineData("1200", "12e2")]
    [InlineData("-0.0012", "-12e-4")]
    [InlineData("1.5e+3", "15e2")]
    [InlineData("123456789012345678901234567890", "12345678901234567890123456789e1")]
    [InlineData("1e99999999999999999999", "1e99999999999999999999")]
    public void NormalizeNumber_IsTheExactDecimalValue(string text, string expected)
    {
        Assert.Equal(expected, OpFingerprint.NormalizeNumber(text));
    }

    [Fact]
    public void NormalizeNumber_EqualDecimalsAreEqual_Property()
    {
        Gen<(decimal Value, int Shift)> cases = Gen.Select(Gen.Decimal[-1_000_000m, 1_000_000m], Gen.Int[0, 6]);
        cases.Sample(output, c =>
        {
            decimal value = Math.Round(c.Value, 6);
            string plain = value.ToString(CultureInfo.InvariantCulture);
            string padded = value.ToString("0.000000000", CultureInfo.InvariantCulture);
            decimal scaled = value * (decimal)Math.Pow(10, c.Shift);
            string exponent = scaled.ToString(CultureInfo.InvariantCulture) + "e-" + c.Shift.ToString(CultureInfo.InvariantCulture);
            string expected = OpFingerprint.NormalizeNumber(plain);
            Assert.Equal(expected, OpFingerprint.NormalizeNumber(padded));
            Assert.Equal(expected, OpFingerprint.NormalizeNumber(exponent));
        });
    }

    [Fact]
    public void Compute_ObjectKeyOrderNeverMatters_Property()
    {
        Gen<(string Key, int Value)[]> members = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 6], Gen.Int).Array[0, 12];
        Gen.Select(members, Gen.Int).Sample(output, c =>
        {
            var unique = c.Item1.DistinctBy(m => m.Key, StringComparer.Ordinal).ToArray();
            var shuffled = unique.ToArray();
            Random random = new(c.Item2);
            random.Shuffle(shuffled);
            Assert.Equal(Fingerprint(Op(ToJson(unique))), Fingerprint(Op(ToJson(shuffled))));
        });
    }

    private static string ToJson((string Key, int Value)[] members) =>
        "{" + string.Join(",", members.Select(m => $"\"{m.Key}\":{m.Value.ToString(CultureInfo.InvariantCulture)}")) + "}";

    [Fact]
    public void PageToken_RoundTrips()
    {
        string token = SnapshotPageToken.Encode("snap-1", new SnapshotPosition("threads", "p/\"k\"", true));

        Assert.True(SnapshotPageToken.TryDecode(token, out string id, out SnapshotPosition after));
        Assert.Equal("snap-1", id);
        Assert.Equal(new SnapshotPosition("threads", "p/\"k\"", true), after);
        Assert.DoesNotContain('=', token);
        Assert.DoesNotContain('+', token);
        using JsonDocument json = JsonDocument.Parse(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (token.Length % 4)) % 4)));
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("tombstone", json.RootElement.GetProperty("after").GetProperty("kind").GetString());
    }
}
