using System.Text.Json;

namespace Engine.Bench.Micro;

/// <summary>
/// The allocated bytes per operation each micro-benchmark may reach, keyed "Class.Method", read from a JSON object.
/// A benchmark without an entry fails the check: a new benchmark must state its budget. Immutable.
/// </summary>
internal sealed class AllocationBudget
{
    private readonly Dictionary<string, long> _limits;

    private AllocationBudget(Dictionary<string, long> limits) => _limits = limits;

    public static AllocationBudget Load(string path)
    {
        Dictionary<string, long>? limits = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(path));
        if (limits is null || limits.Values.Any(v => v < 0))
        {
            throw new InvalidDataException($"{path}: expected a JSON object of benchmark names to non-negative byte counts");
        }

        return new AllocationBudget(limits);
    }

    /// <summary>Null when the benchmark is within budget, otherwise why not.</summary>
    public string? Check(string benchmark, long? allocatedPerOperation)
    {
        if (!_limits.TryGetValue(benchmark, out long limit))
        {
            return "no budget entry";
        }

        if (allocatedPerOperation is not { } allocated)
        {
            return "allocation not measured";
        }

        return allocated > limit ? $"allocates {allocated} B/op, budget {limit} B/op" : null;
    }

    public long? Limit(string benchmark) => _limits.TryGetValue(benchmark, out long limit) ? limit : null;
}
