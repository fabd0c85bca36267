using System;
using System.Collections.Generic;

namespace Engine.Core.Storage;

/// <summary>Simulated crashes of a <see cref="MemFileSystem"/>.</summary>
internal sealed partial class MemFileSystem
{
    /// <summary>The state a crash that keeps only durable state leaves; see <see cref="CrashClone(CrashOptions)"/>.</summary>
    public MemFileSystem CrashClone() => CrashClone(CrashOptions.KeepNone);

    /// <summary>
    /// Returns a new file system holding the state a crash would leave, chosen by <paramref name="options"/>, with
    /// everything in it durable (so crashing the clone again with <see cref="CrashKeep.None"/> changes nothing).
    /// </summary>
    /// <remarks>
    /// Directories carry over. Locks do not: a crash releases them. This file system and its open files are not
    /// changed. Pending directory operations are considered in issue order, then the surviving files in ordinal
    /// order of their paths, so that one seed always gives one crash.
    /// </remarks>
    public MemFileSystem CrashClone(CrashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Random random = new(options.Seed);
        MemFileSystem clone = new();
        lock (_lock)
        {
            Dictionary<string, MemInode> names = new(_durableBase, StringComparer.Ordinal);
            foreach (MemDirectoryOperation operation in _log)
            {
                if (operation.DurableLocked || KeepsPendingOperation(options, random))
                {
                    operation.ApplyTo(names);
                }
            }

            List<string> paths = [.. names.Keys];
            paths.Sort(StringComparer.Ordinal);

            // Only inodes that a path reaches matter: the unsynced bytes of unreachable ones are lost with them.
            foreach (string path in paths)
            {
                MemInode survivor = MemInode.CreateDurable(++clone._nextInodeId, names[path].CrashContentLocked(options, random));
                clone._files.Add(path, survivor);
                clone._durableBase.Add(path, survivor);
            }

            clone._directories.UnionWith(_directories);
        }

        return clone;
    }

    private static bool KeepsPendingOperation(CrashOptions options, Random random) => options.Keep switch
    {
        CrashKeep.All => true,
        CrashKeep.Random => random.NextDouble() < options.KeepProbability,
        _ => false,
    };
}
