using System;
using System.Collections.Generic;
using Engine.Lsm.Metrics;

namespace Engine.Api;

/// <summary>The store's figures, mapped one to one from the engine's (a test checks that none is left out).</summary>
public sealed partial class Database
{
    /// <summary>A copy of the store's figures.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public DatabaseMetrics GetMetrics()
    {
        EnsureOpen();
        return ToPublic(_inner.GetMetrics());
    }

    internal static DatabaseMetrics ToPublic(LsmMetrics m)
    {
        List<LevelMetrics> levels = new(m.Levels.Count);
        foreach (Lsm.Metrics.LevelMetrics level in m.Levels)
        {
            levels.Add(ToPublic(level));
        }

        return new DatabaseMetrics
        {
            Levels = levels,
            FilesPerLevel = m.FilesPerLevel,
            BytesPerLevel = m.BytesPerLevel,
            BaseLevel = m.BaseLevel,
            MemtableSizeBytes = m.MemtableSizeBytes,
            ImmutableMemtables = m.ImmutableMemtables,
            MemtableMemoryBytes = m.MemtableMemoryBytes,
            WalBytesWritten = m.WalBytesWritten,
            FlushCount = m.FlushCount,
            FlushBytesWritten = m.FlushBytesWritten,
            FlushMilliseconds = m.FlushMilliseconds,
            CompactionCount = m.CompactionCount,
            TrivialMoveCount = m.TrivialMoveCount,
            CompactionBytesRead = m.CompactionBytesRead,
            CompactionBytesWritten = m.CompactionBytesWritten,
            CompactionMilliseconds = m.CompactionMilliseconds,
            RunningCompactions = m.RunningCompactions,
            CompactionDebtBytes = m.CompactionDebtBytes,
            WriteAmplification = m.WriteAmplification,
            StallCount = m.StallCount,
            StallMilliseconds = m.StallMilliseconds,
            SlowdownCount = m.SlowdownCount,
            SlowdownMilliseconds = m.SlowdownMilliseconds,
            BloomChecks = m.BloomChecks,
            BloomUseful = m.BloomUseful,
            BloomFalsePositives = m.BloomFalsePositives,
            VisibleSequence = m.VisibleSequence,
            LiveSnapshots = m.LiveSnapshots,
            LiveIterators = m.LiveIterators,
            BackgroundErrors = m.BackgroundErrors,
            ListenerErrors = m.ListenerErrors,
            RecoveredTornTailBytes = m.RecoveredTornTailBytes,
            BlockCacheCapacityBytes = m.BlockCacheCapacityBytes,
            BlockCacheUsageBytes = m.BlockCacheUsageBytes,
            BlockCacheHits = m.BlockCacheHits,
            BlockCacheMisses = m.BlockCacheMisses,
            BlockCacheInserts = m.BlockCacheInserts,
            BlockCacheEvictions = m.BlockCacheEvictions,
            OpenTables = m.OpenTables,
            TableCacheHits = m.TableCacheHits,
            TableCacheMisses = m.TableCacheMisses,
            TableCacheEvictions = m.TableCacheEvictions,
        };
    }

    internal static LevelMetrics ToPublic(Lsm.Metrics.LevelMetrics level) => new()
    {
        Files = level.Files,
        Bytes = level.Bytes,
        Score = level.Score,
        TargetBytes = level.TargetBytes,
        BytesRead = level.BytesRead,
        BytesWritten = level.BytesWritten,
        TrivialMoves = level.TrivialMoves,
        Compactions = level.Compactions,
    };
}
