namespace Engine.Lsm.Options;

/// <summary>What recovery does with a damaged WAL record.</summary>
internal enum WalRecoveryMode
{
    /// <summary>
    /// A torn tail (bytes after the last sync, cut or garbled by a crash) is dropped silently; damage in synced bytes
    /// fails the open with a <see cref="Engine.Api.CorruptionException"/>. The default.
    /// </summary>
    TolerateTornTail = 0,

    /// <summary>Damaged records anywhere are skipped and counted; the open goes on. For salvaging a damaged store.</summary>
    SkipCorrupted = 1,
}
