using Engine.Api.Gateway.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>The <see cref="ISyncLogStore"/> contract against the gateway tests' in-memory double, so the double the gateway tests assert through is held to the same rules as the real stores.</summary>
[Trait("Category", "Unit")]
public sealed class InMemorySyncLogStoreContractTests : SyncLogStoreContractTests
{
    protected override ValueTask<ISyncLogStore> CreateStoreAsync(FakeTimeProvider time) => ValueTask.FromResult<ISyncLogStore>(new InMemorySyncLogStore(time));
}
