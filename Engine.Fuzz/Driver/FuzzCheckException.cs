namespace Engine.Fuzz.Driver;

/// <summary>
/// A target's own check failed: a round trip did not reproduce its input, or two entry points of a parser disagree.
/// Never an expected rejection.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed class FuzzCheckException : Exception
{
    public FuzzCheckException()
    {
    }

    public FuzzCheckException(string message)
        : base(message)
    {
    }

    public FuzzCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
