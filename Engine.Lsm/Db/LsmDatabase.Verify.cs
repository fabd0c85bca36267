using System.Collections.Generic;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Lsm.Manifest;
using Engine.Lsm.Verify;


namespace Engine.Lsm.Db;

/// <summary>The store check: every table and the manifest of the current version, and every live WAL, while the store runs.</summary>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Reads every table of the current version block by block and checks the manifest against the directory; see
    /// <see cref="StoreVerifier"/>. Reads and writes go on meanwhile. What is found is reported, not thrown.
    /// </summary>
    /// <exception cref="StorageException">The store is closed (FailedPrecondition), or the directory cannot be listed.</exception>
    public VerifyReport Verify()
    {
        EnsureOpen();
        TreeVersion version = PinCurrentVersion();
        try
        {
            // Read before the listing: a WAL the listing holds below it is obsolete already (its memtable was flushed).
            ulong liveLogNumber = _versions.LogNumber;
            IReadOnlyList<string> names = _fs.List(_directory);
            HashSet<ulong> referenced = [];
            AddTableNumbers(version, referenced);

            // Tables that a flush or compaction installed after the pin are in the listing and are live.
            TreeVersion latest = PinCurrentVersion();
            try
            {
                AddTableNumbers(latest, referenced);
            }
            finally
            {
                latest.Release();
            }

            return StoreVerifier.Verify(_fs, _directory, version, names, referenced, liveLogNumber);
        }
        finally
        {
            version.Release();
        }
    }

    /// <summary>Takes a reference on the current version, which keeps its tables from being deleted until released.</summary>
    /// <exception cref="StorageException">The store is closed (FailedPrecondition).</exception>
    private TreeVersion PinCurrentVersion()
    {
        while (true)
        {
            TreeVersion version = _versions.Current;
            if (version.TryAcquire())
            {
                return version;
            }

            // The version was replaced between the read and the acquire; once closed, it never comes back.
            if (Volatile.Read(ref _disposed))
            {
                ThrowHelper.ThrowFailedPrecondition("The store is closed.");
            }
        }
    }

    private static void AddTableNumbers(TreeVersion version, HashSet<ulong> numbers)
    {
        foreach (FileMetadata file in version.AllFiles())
        {
            numbers.Add(file.Number);
        }
    }
}
