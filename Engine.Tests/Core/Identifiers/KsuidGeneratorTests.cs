using Engine.Core.Identifiers;

namespace Engine.Tests.Core.Identifiers;

[Trait("Category", "Unit")]
public sealed class KsuidGeneratorTests
{
    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_FrozenClock_StrictlyIncreasesWithinTheSecond()
    {
        ManualClock clock = new(s_start);
        KsuidGenerator generator = new(clock);

        Ksuid previous = generator.Next();
        for (int i = 0; i < 10_000; i++)
        {
            Ksuid next = generator.Next();
            Assert.True(next > previous);
            Assert.Equal(s_start, next.Timestamp);
            previous = next;
        }
    }

    [Fact]
    public void Next_WithinOneSecond_CountsUpByOne()
    {
        KsuidGenerator generator = new(new ManualClock(s_start));

        Ksuid first = generator.Next();
        Assert.True(first.TryGetSuccessor(out Ksuid expected));

        Assert.Equal(expected, generator.Next());
    }

    [Fact]
    public void Next_ClockAdvances_TakesNewTimestamp()
    {
        ManualClock clock = new(s_start);
        KsuidGenerator generator = new(clock);
        Ksuid first = generator.Next();

        clock.Now = s_start.AddSeconds(3);
        Ksuid later = generator.Next();

        Assert.True(later > first);
        Assert.Equal(s_start.AddSeconds(3), later.Timestamp);
    }

    [Fact]
    public void Next_ClockStepsBack_KeepsIncreasing()
    {
        ManualClock clock = new(s_start.AddSeconds(10));
        KsuidGenerator generator = new(clock);
        Ksuid first = generator.Next();

        clock.Now = s_start;
        Ksuid second = generator.Next();
        Ksuid third = generator.Next();

        Assert.True(second > first);
        Assert.True(third > second);
        Assert.Equal(first.Timestamp, second.Timestamp);
    }

    [Fact]
    public void Next_ManyThreads_AllDistinctAndIncreasingPerThread()
    {
        const int Threads = 4;
        const int PerThread = 20_000;
        KsuidGenerator generator = new();
        Ksuid[][] results = new Ksuid[Threads][];

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            Ksuid[] ids = new Ksuid[PerThread];
            for (int i = 0; i < PerThread; i++)
            {
                ids[i] = generator.Next();
            }

            results[t] = ids;
        });

        foreach (Ksuid[] ids in results)
        {
            for (int i = 1; i < ids.Length; i++)
            {
                Assert.True(ids[i] > ids[i - 1]);
            }
        }

        Assert.Equal(Threads * PerThread, results.SelectMany(ids => ids).Distinct().Count());
    }

    /// <summary>A clock the test sets by hand.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
