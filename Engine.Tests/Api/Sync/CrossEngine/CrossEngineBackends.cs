namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// The one switch of the cross-engine tests: which engine is the secondary compared with our LSM store (the primary).
/// The SQLite reference backend is the intended secondary; until it is available the secondary is a second LSM store,
/// so the suites still prove that the tee and the sweeps work.
/// </summary>
internal static class CrossEngineBackends
{
    /// <summary>A fresh secondary backend.</summary>
    public static ISecondaryBackend CreateSecondary() => new LsmSecondaryBackend();
}
