using Engine.Api.Sync;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>The engine a cross-engine test compares our LSM store with, and where its files live.</summary>
internal interface ISecondaryBackend : IDisposable
{
    /// <summary>The engine's name in test output.</summary>
    string Name { get; }

    /// <summary>Opens the backend's one store (new the first time, the same data when reopened after a close).</summary>
    ISyncStore Open(FakeTimeProvider clock);

    /// <summary>Where the backend writes the clone the primary writes at <paramref name="primaryPath"/>.</summary>
    string ClonePath(string primaryPath);

    /// <summary>Opens a clone the backend wrote at <paramref name="path"/>.</summary>
    ISyncStore OpenClone(string path, FakeTimeProvider clock);
}
