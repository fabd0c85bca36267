using Engine.Api.LocalFirst.TimeSeries;
using Engine.Fuzz.Driver;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>The time-series point record (<see cref="PointRecord"/>): version, value and tag section.</summary>
/// <remarks>
/// The input is a stored point value. A record the parser accepts must be the one canonical encoding of what it
/// decodes to (re-encoding its value and tags gives back the input byte for byte), and the allocation-free tag lookup
/// must find every decoded tag. Rejection is <see cref="CorruptionException"/>, as the store raises it for a stored
/// value. One thread at a time.
/// </remarks>
internal sealed class TimeSeriesPointTarget : IFuzzTarget
{
    public string Name => "ts-point";

    public string Description => "Engine.Api.LocalFirst.TimeSeries.PointRecord: the time-series point value";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!PointRecord.TryParse(input, out double value, out IReadOnlyDictionary<string, string>? tags, out string? error))
        {
            if (tags is not null || error is null)
            {
                throw new FuzzCheckException("a rejected record returned tags or no reason");
            }

            throw new CorruptionException("fuzz", input, error);
        }

        if (!PointRecord.TryReadValue(input, out double again, out ReadOnlySpan<byte> section, out _) || BitConverter.DoubleToInt64Bits(again) != BitConverter.DoubleToInt64Bits(value))
        {
            throw new FuzzCheckException("TryReadValue disagrees with TryParse");
        }

        TagSet canonical = TagSet.Create(tags, "tags");
        byte[] encoded = new byte[PointRecord.GetLength(canonical)];
        PointRecord.Write(encoded, value, canonical);
        if (!encoded.AsSpan().SequenceEqual(input))
        {
            throw new FuzzCheckException($"an accepted record is not canonical: re-encoded as {Convert.ToHexString(encoded)}");
        }

        foreach (TagPair pair in canonical.Pairs)
        {
            if (!PointRecord.SectionContains(section, pair.KeyUtf8, pair.ValueUtf8))
            {
                throw new FuzzCheckException($"SectionContains misses the tag '{pair.Key}'");
            }
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is CorruptionException;

    public IEnumerable<byte[]> Seeds()
    {
        yield return Encode(0, TagSet.Empty);
        yield return Encode(-273.15, Tags(("host", "a")));
        yield return Encode(double.NaN, Tags(("dc", "eu-west"), ("host", ""), ("zone", "é\0ü")));
        yield return Encode(1e300, Tags(("k1", "v"), ("k2", "v"), ("k3", "v"), ("k4", "v"), ("k5", "v")));
    }

    private static TagSet Tags(params (string Key, string Value)[] pairs) =>
        TagSet.Create(pairs.ToDictionary(p => p.Key, p => p.Value), "tags");

    private static byte[] Encode(double value, TagSet tags)
    {
        byte[] record = new byte[PointRecord.GetLength(tags)];
        PointRecord.Write(record, value, tags);
        return record;
    }
}
