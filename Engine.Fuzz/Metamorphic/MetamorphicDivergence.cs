namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Where the transcript of one option set first left the model's: the operation, what the model read and what the
/// store read there (or that the replay hung).
/// </summary>
/// <param name="OptionSet">The index of the option set among those drawn from the options seed.</param>
/// <param name="Options">The option set, on one line (<see cref="MetamorphicOptionSets.Describe"/>).</param>
/// <param name="OpIndex">The index in the log of the operation whose output differs (or which hung).</param>
/// <param name="Expected">The model's transcript line there, with its operation; "(none)" when the model's ended.</param>
/// <param name="Actual">The store's transcript line there, with its operation; "(none)" when the store's ended.</param>
/// <param name="Error">The exception that ended the store's replay, if one did.</param>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record MetamorphicDivergence(int OptionSet, string Options, int OpIndex, string Expected, string Actual, Exception? Error)
{
    /// <summary>A few lines saying where and how the transcripts differ.</summary>
    public string Describe() =>
        $"option set {OptionSet}: {Options}\nfirst difference at op {OpIndex}\n  model: {Expected}\n  store: {Actual}"
        + (Error is null ? string.Empty : "\n  " + Error.ToString().ReplaceLineEndings("\n  "));
}
