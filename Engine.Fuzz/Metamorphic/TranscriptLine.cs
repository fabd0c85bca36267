namespace Engine.Fuzz.Metamorphic;

/// <summary>The output of one read: the index of the operation in the log, and what it read.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal readonly record struct TranscriptLine(int OpIndex, string Output)
{
    /// <summary>The line with the operation that produced it: <c>#12 iter.next it3 -&gt; k0042=v17.300</c>.</summary>
    public string Describe(IReadOnlyList<MetamorphicOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        string op = OpIndex < 0 ? "(open)" : OpIndex < ops.Count ? ops[OpIndex].ToString() : "(close)";
        return $"#{OpIndex} {op} -> {Output}";
    }
}
