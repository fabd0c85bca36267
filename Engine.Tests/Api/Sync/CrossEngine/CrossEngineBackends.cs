namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// The one switch of the cross-engine tests: which engine is the secondary compared with our LSM store (the primary).
/// It is the SQLite reference backend; <see cref="LsmSecondaryBackend"/> (a second LSM store) is the alternative when
/// the tee itself is under test.
/// </summary>
internal static class CrossEngineBackends
{
    /// <summary>A fresh secondary backend.</summary>
    public static ISecondaryBackend CreateSecondary() => new SqliteSecondaryBackend();
}
