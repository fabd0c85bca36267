namespace Engine.Fuzz.Driver;

/// <summary>Why an input is a finding.</summary>
internal enum FailureKind
{
    /// <summary>The target threw something other than an expected rejection.</summary>
    Exception,

    /// <summary>One input ran longer than <see cref="FuzzOptions.InputTimeout"/>.</summary>
    Hang,

    /// <summary>One input allocated more than <see cref="FuzzOptions.AllocationLimit"/> allows for its length.</summary>
    Allocation,
}
