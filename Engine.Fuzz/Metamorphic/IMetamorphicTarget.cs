namespace Engine.Fuzz.Metamorphic;

/// <summary>What a log is replayed on: the store under one option set, or the model.</summary>
/// <remarks>One thread: operations are applied in log order.</remarks>
internal interface IMetamorphicTarget : IDisposable
{
    /// <summary>
    /// Applies <paramref name="op"/>, which <see cref="OpLogValidator"/> has accepted in its place in the log; returns
    /// what a read read (<see cref="ReadFormat"/>), or null for an operation that reads nothing.
    /// </summary>
    string? Apply(MetamorphicOp op);
}
