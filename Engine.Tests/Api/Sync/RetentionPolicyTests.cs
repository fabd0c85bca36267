using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;

namespace Engine.Tests.Api.Sync;

/// <summary>The retention policy as pure functions (spec 1.14; checklist item 34, the reference's cleanup_policy cases).</summary>
[Trait("Category", "Unit")]
public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset s_base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Each case: candidates oldest first as "id type start end [linked]" separated by ';' (times in minutes, "-" for
    /// no end), the current sync, the limit, and the ids expected to be deleted in order.
    /// </summary>
    public static TheoryData<string, string, string, int, string> Cases => new()
    {
        { "all unfinished: nothing", "F1 full 0 -; F2 full 1 -; F3 full 2 -", "", 1, "" },
        { "the current sync is never deleted", "F1 full 0 1; F2 full 2 3; F3 full 4 5", "F1", 1, "F2" },
        { "unknown types count as full", "F1 weird 0 1; F2 full 2 3; F3 full 4 5", "", 2, "F1" },
        { "partials that ended before the earliest kept full's start", "F1 full 0 1; P1 partial 2 3; F2 full 4 5; P2 partial 6 7; F3 full 8 9", "", 2, "F1 P1" },
        { "a partial ending exactly at the cutoff's start stays", "F1 full 0 1; P1 partial 2 4; F2 full 4 5; F3 full 8 9", "", 2, "F1" },
        { "resources_only counts as partial", "F1 full 0 1; R1 resources_only 2 3; F2 full 4 5; F3 full 8 9", "", 2, "F1 R1" },
        { "with a sync open the cutoff backs up one (quirk)", "F1 full 0 1; P1 partial 2 3; F2 full 4 5; P2 partial 6 7; F3 full 8 9; C full 10 -", "C", 1, "F1 F2 P1" },
        { "limit 0 with a sync open", "F1 full 0 1; P1 partial 2 3; F2 full 4 5; C full 6 -", "C", 0, "F1 F2 P1" },
        { "limit 0 without one: no cutoff, partials stay", "F1 full 0 1; P1 partial 2 3; F2 full 4 5", "", 0, "F1 F2" },
        { "fulls within the limit: old partials stay", "P1 partial 0 1; F1 full 2 3; F2 full 4 5", "", 2, "" },
        { "more than two diffs: the newest and its partner survive", "D1 partial_upserts 0 1 D2; D2 partial_deletions 0 1 D1; D3 partial_deletions 2 3 D4; D4 partial_upserts 2 3 D3", "", 2, "D1 D2" },
        { "exactly two diffs: nothing", "D1 partial_upserts 0 1 D2; D2 partial_deletions 0 1 D1", "", 2, "" },
        { "the newest diff's partner is not an ended diff", "D1 partial_upserts 0 1; D2 partial_deletions 0 1; D4 partial_deletions 2 - D5; D5 partial_upserts 2 3 D4", "", 2, "D1 D2" },
        { "diff pruning is independent of fulls", "F1 full 0 1; D1 partial_upserts 2 3; D2 partial_deletions 2 3; D3 partial_upserts 4 5", "", 2, "D1 D2" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Item34_SelectSyncsToDelete(string name, string candidates, string current, int limit, string expected)
    {
        List<string> doomed = RetentionPolicy.SelectSyncsToDelete(Parse(candidates), current, limit);

        Assert.True(string.Join(" ", doomed) == expected, $"{name}: expected [{expected}], got [{string.Join(" ", doomed)}]");
    }

    [Theory]
    [InlineData(0, false, null, 2)]
    [InlineData(0, true, null, 1)]
    [InlineData(5, false, "3", 5)]
    [InlineData(0, false, "3", 3)]
    [InlineData(0, true, "3", 2)]
    [InlineData(1, true, null, 0)]
    [InlineData(0, false, "0", 2)]
    [InlineData(0, false, "-4", 2)]
    [InlineData(0, false, "+4", 4)]
    [InlineData(0, false, " 4", 2)]
    [InlineData(0, false, "4x", 2)]
    [InlineData(0, false, "99999999999", int.MaxValue)]
    public void ResolveCleanupSyncLimit_CallerThenEnvironmentThenTwo_LessOneWhenOpen(int callerLimit, bool open, string? env, int expected) =>
        Assert.Equal(expected, RetentionPolicy.ResolveCleanupSyncLimit(callerLimit, open, env));

    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("tRUE", false)]
    [InlineData("yes", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void SkipCleanupVariable_ParsesAsGoBooleans(string? value, bool expected) => Assert.Equal(expected, RetentionPolicy.IsTrue(value));

    private static List<SyncRunInfo> Parse(string candidates) =>
    [
        .. candidates.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            string[] f = entry.Split(' ');
            return new SyncRunInfo
            {
                Id = f[0],
                Type = f[1],
                StartedAt = s_base.AddMinutes(int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)),
                EndedAt = f[3] == "-" ? null : s_base.AddMinutes(int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)),
                LinkedSyncId = f.Length > 4 ? f[4] : "",
            };
        }),
    ];
}
