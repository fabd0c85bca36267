using Engine.Api.Sync;
using Engine.Core.Storage;
using Engine.Lsm.Db;

namespace Engine.Tests.Api.Sync.Telemetry;

/// <summary>
/// Opens sync stores at a unique path of an in-memory file system, so that tests listening process-wide (meters, the
/// event source) can pick out their own store while other tests run.
/// </summary>
internal static class TelemetryStores
{
    public static (SyncStore Store, string Path) Open(SyncStoreOptions options)
    {
        string path = "/telemetry-" + Guid.NewGuid().ToString("N");
        MemFileSystem fs = new();
        return (SyncStore.Open(LsmDatabase.Open(fs, path, options.Database.ToLsmOptions()), path, options), path);
    }
}
