namespace Engine.Fuzz.Driver;

/// <summary>One parser of untrusted bytes, driven by <see cref="FuzzRunner"/>.</summary>
/// <remarks>
/// A target is used by one thread at a time (the runner's worker), so it may keep reusable scratch buffers; it must
/// not keep state that changes how the next input is handled.
/// </remarks>
internal interface IFuzzTarget
{
    /// <summary>The name given to <c>--target</c>; also the corpus folder's name.</summary>
    string Name { get; }

    /// <summary>One line for <c>--list</c>: what the target parses.</summary>
    string Description { get; }

    /// <summary>
    /// Parses <paramref name="input"/> the way the engine parses the bytes it reads. Throws
    /// <see cref="FuzzCheckException"/> when a property the parser promises does not hold.
    /// </summary>
    void Run(ReadOnlySpan<byte> input);

    /// <summary>
    /// True when <paramref name="exception"/> is the engine's typed rejection of malformed bytes (the parser
    /// working as designed); anything else thrown by <see cref="Run"/> is a finding.
    /// </summary>
    bool IsExpectedRejection(Exception exception);

    /// <summary>Small valid inputs made by the engine's own writers; the checked-in corpus is made from them.</summary>
    IEnumerable<byte[]> Seeds();
}
