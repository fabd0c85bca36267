using System;
using System.Collections.Generic;

namespace Engine.Api.Sync.Results;

/// <summary>
/// What <see cref="SyncStore.Verify"/> found: the key-value store's check of every table, the check of the sync indexes,
/// and every problem of both as one line each.
/// </summary>
/// <param name="Tables">The key-value store's report (<see cref="Database.Verify"/>).</param>
/// <param name="Indexes">
/// The index check's report, or null when it could not finish (a record or table too damaged to read; the reason is among
/// <paramref name="Problems"/>).
/// </param>
/// <param name="Problems">Every problem found, tables first, one readable line each; empty for a healthy store.</param>
/// <param name="Duration">The time both checks took.</param>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record StoreVerifyReport(VerifyReport Tables, IndexVerifyReport? Indexes, IReadOnlyList<string> Problems, TimeSpan Duration)
{
    /// <summary>True when neither check found a problem.</summary>
    public bool IsHealthy => Problems.Count == 0;
}
