namespace Engine.Api.Sync.Tee;

/// <summary>One answer on which the two stores of a <see cref="TeeSyncStore"/> disagree.</summary>
/// <param name="Method">The store method, as <c>Interface.Method</c> (for example <c>ISyncReader.ListGrants</c>).</param>
/// <param name="Arguments">The call's arguments as text, in the primary's sync ids.</param>
/// <param name="Primary">The primary's answer (or error) as text.</param>
/// <param name="Secondary">The secondary's answer (or error) as text, its sync ids translated to the primary's.</param>
/// <param name="Difference">What differs: the first unequal position, the rows only one side has, or the two error codes.</param>
public sealed record TeeDivergence(string Method, string Arguments, string Primary, string Secondary, string Difference)
{
    /// <summary>The divergence as one line of text.</summary>
    public override string ToString() =>
        $"{Method}({Arguments}): {Difference}; primary: {Primary}; secondary: {Secondary}";
}
