using Engine.Api;
using Engine.Api.Sync;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>Small steps on a store that the cross-engine tests share.</summary>
internal static class TeeStoreSteps
{
    /// <summary>Ends the current sync when one is bound (so a reopened store sees it finished); no sync is not an error.</summary>
    public static void EndSyncIfOpen(this ISyncStore store)
    {
        try
        {
            store.EndSync();
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.FailedPrecondition)
        {
        }
    }
}
