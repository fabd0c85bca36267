using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Engine.Core.Errors;

namespace Engine.Core.Diagnostics;

/// <summary>
/// Expensive consistency checks that run only in builds defining <c>ENGINE_INVARIANTS</c> (Debug).
/// Calls to these methods, arguments included, are removed by the compiler elsewhere.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class Invariant
{
    [Conditional("ENGINE_INVARIANTS")]
    public static void Assert([DoesNotReturnIf(false)] bool condition, string message)
    {
        if (!condition)
        {
            ThrowHelper.ThrowInternal("invariant violated: " + message);
        }
    }
}
