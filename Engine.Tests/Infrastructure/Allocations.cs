namespace Engine.Tests.Infrastructure;

/// <summary>Measures managed allocation on the current thread for the zero-allocation tests.</summary>
internal static class Allocations
{
    /// <summary>
    /// Runs <paramref name="body"/> three times and returns the fewest bytes one run allocated on this thread. A
    /// per-call allocation shows in every run; the runtime's one-off allocations on the thread (tier-up, on-stack
    /// replacement of a hot loop, more likely when the suite runs in parallel on a loaded machine) show in one at most.
    /// </summary>
    public static long FewestOfThree(Action body)
    {
        long fewest = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
