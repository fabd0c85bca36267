using System;
using System.Collections.Generic;

namespace Engine.Api.Sync.Tee;

/// <summary>Compares single answers with an equality comparer (protobuf equality for messages).</summary>
/// <typeparam name="T">The answer's type.</typeparam>
/// <remarks>Stateless; thread-safe.</remarks>
internal sealed class ValueComparison<T>(IEqualityComparer<T> comparer) : TeeComparison<T>
{
    /// <summary>Compares with <see cref="EqualityComparer{T}.Default"/>.</summary>
    public static readonly ValueComparison<T> Default = new(EqualityComparer<T>.Default);

    public override string? Difference(T primary, T secondary) => comparer.Equals(primary, secondary) ? null : "the answers differ";
}

/// <summary>Compares answers with a function that names the difference (or returns null when equal).</summary>
/// <typeparam name="T">The answer's type.</typeparam>
/// <remarks>Thread-safe when the function is.</remarks>
internal sealed class CustomComparison<T>(Func<T, T, string?> difference) : TeeComparison<T>
{
    public override string? Difference(T primary, T secondary) => difference(primary, secondary);
}
