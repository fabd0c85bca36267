namespace Engine.Api.Sync.Tee;

/// <summary>How a tee compares one kind of answer: whether the two stores' answers are equal, and how to show one.</summary>
/// <typeparam name="T">The answer's type.</typeparam>
/// <remarks>Stateless; thread-safe.</remarks>
internal abstract class TeeComparison<T>
{
    /// <summary>What differs between the answers, or null when they are equal.</summary>
    public abstract string? Difference(T primary, T secondary);

    /// <summary>The answer as text for a divergence report.</summary>
    public virtual string Render(T value) => TeeText.Of(value);
}
