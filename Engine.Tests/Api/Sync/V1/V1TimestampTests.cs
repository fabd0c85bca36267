using Engine.Api.Sync.V1;

namespace Engine.Tests.Api.Sync.V1;

public sealed class V1TimestampTests
{
    private static readonly TimeZoneInfo s_utc = TimeZoneInfo.Utc;

    private static readonly TimeZoneInfo s_plusTwo = TimeZoneInfo.CreateCustomTimeZone("plus-two", TimeSpan.FromHours(2), "plus-two", "plus-two");

    [Theory]
    [InlineData("2025-12-17 13:10:15.617459")]
    [InlineData("2025-12-17 13:10:15.61")]
    [InlineData("2025-12-17 13:10:15")]
    [InlineData("2025-12-17 13:10:15.123456789")]
    [InlineData("1999-01-01 00:00:00.000000001")]
    public void The_reference_text_round_trips(string text)
    {
        Assert.True(V1Timestamp.TryParse(text, s_plusTwo, out long nanos));
        Assert.Equal(text, V1Timestamp.Format(nanos, s_plusTwo));
    }

    [Fact]
    public void Wall_clock_text_is_read_in_the_given_zone()
    {
        Assert.True(V1Timestamp.TryParse("2025-12-17 13:10:15.5", s_plusTwo, out long local));
        Assert.True(V1Timestamp.TryParse("2025-12-17 11:10:15.5", s_utc, out long utc));
        Assert.Equal(utc, local);
        long expected = (new DateTimeOffset(2025, 12, 17, 11, 10, 15, TimeSpan.Zero).ToUnixTimeSeconds() * 1_000_000_000) + 500_000_000;
        Assert.Equal(expected, utc);
    }

    [Theory]
    [InlineData("2025-12-17T13:10:15.5Z", 13)]
    [InlineData("2025-12-17 15:10:15.5+02:00", 13)]
    [InlineData("2025-12-17 08:10:15.5-05:00", 13)]
    public void An_explicit_zone_wins_over_the_given_one(string text, int utcHour)
    {
        Assert.True(V1Timestamp.TryParse(text, s_plusTwo, out long nanos));
        Assert.Equal(utcHour, DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000).UtcDateTime.Hour);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-12-17")]
    [InlineData("2025/12/17 13:10:15")]
    [InlineData("2025-12-17 13:10:15.")]
    [InlineData("2025-12-17 13:10:15.1234567891")]
    [InlineData("2025-12-17 13:10:15 UTC")]
    [InlineData("2025-13-17 13:10:15")]
    public void Malformed_text_is_refused(string text) => Assert.False(V1Timestamp.TryParse(text, s_utc, out _));

    [Fact]
    public void Instants_before_the_epoch_render_their_fraction_forward()
    {
        long nanos = -1; // 1969-12-31 23:59:59.999999999 UTC
        Assert.Equal("1969-12-31 23:59:59.999999999", V1Timestamp.Format(nanos, s_utc));
        Assert.True(V1Timestamp.TryParse("1969-12-31 23:59:59.999999999", s_utc, out long back));
        Assert.Equal(nanos, back);
    }
}
