using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Engine.Api;
using Engine.Api.Events;
using Engine.Core.Errors;
using Engine.Lsm.Cache;
using Engine.Lsm.Compaction;
using Engine.Lsm.Iterators;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;


namespace Engine.Lsm.Db;

/// <summary>Running compactions, automatic and manual (<see cref="CompactRange"/>).</summary>
/// <remarks>
/// This file orchestrates: it runs a picked job, feeds <see cref="CompactionIterator"/> (which owns the drop rules) into
/// a <see cref="CompactionOutputWriter"/>, and installs the edit. Every live snapshot and iterator reads the same
/// after a compaction as before.
/// </remarks>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Compacts every table holding keys in <c>[start, end)</c> (null: unbounded; the end is exclusive, as in
    /// <see cref="DeleteRange"/> and iterator bounds) down the tree: the memtable is
    /// flushed, then each level's overlapping tables are merged into the level below, down to the last level that
    /// holds data, whose older tables are then rewritten in place. Deleted and overwritten entries no snapshot can see
    /// are dropped on the way. Automatic compactions pause meanwhile; concurrent calls run one after another. Runs on
    /// the calling thread.
    /// </summary>
    /// <exception cref="StorageException">The store is closed or has failed.</exception>
    public void CompactRange(byte[]? start, byte[]? end)
    {
        EnsureOpen();
        using Lock.Scope manual = _manualCompactionLock.EnterScope();
        Flush();
        KeyRange range = new(start, end, endExclusive: true);

        // Tables numbered from here on are written by this call: the last level's are not rewritten again.
        ulong firstNewTable = _versions.NewFileNumber();
        lock (_mutex)
        {
            _manualCompactions++;
            while ((_running.Count > 0 || _picking > 0) && !_closing && _failure is null)
            {
                Monitor.Wait(_mutex);
            }
        }

        try
        {
            for (int level = 0; level < TreeVersion.LevelCount; level++)
            {
                lock (_mutex)
                {
                    ThrowIfUnusableLocked();
                }

                if (!CompactLevelManually(level, range, firstNewTable))
                {
                    break;
                }
            }
        }
        finally
        {
            lock (_mutex)
            {
                _manualCompactions--;
                Monitor.PulseAll(_mutex);
            }

            SignalCompaction();
        }
    }

    /// <summary>Runs the manual compaction of one level; false once it was the last level holding data.</summary>
    private bool CompactLevelManually(int level, KeyRange range, ulong firstNewTable)
    {
        TreeVersion version = AcquireCurrentVersion();
        try
        {
            int deepest = 0;
            for (int l = 1; l < TreeVersion.LevelCount; l++)
            {
                deepest = version.Files(l).Length > 0 ? l : deepest;
            }

            if (level > 0 && level == deepest)
            {
                foreach (List<FileMetadata> run in OlderRuns(CompactionPicker.Overlapping(version.Files(level), range), firstNewTable))
                {
                    RunManualJob(CompactionPicker.InPlace(level, run), version);
                }

                return false;
            }

            if (level > deepest)
            {
                return false;
            }

            CompactionJob? job = CompactionPicker.PickManual(version, _options, level, range);
            if (job is not null)
            {
                RunManualJob(job, version);
            }

            return true;
        }
        finally
        {
            version.Release();
        }
    }

    /// <summary>Splits a level's tables into runs of adjacent tables written before <paramref name="firstNewTable"/>.</summary>
    private static List<List<FileMetadata>> OlderRuns(List<FileMetadata> files, ulong firstNewTable)
    {
        List<List<FileMetadata>> runs = [];
        List<FileMetadata>? run = null;
        foreach (FileMetadata file in files)
        {
            if (file.Number >= firstNewTable)
            {
                run = null;
                continue;
            }

            if (run is null)
            {
                run = [];
                runs.Add(run);
            }

            run.Add(file);
        }

        return runs;
    }

    private void RunManualJob(CompactionJob job, TreeVersion version)
    {
        lock (_mutex)
        {
            _running.Add(job);
        }

        try
        {
            RunCompaction(job, version, _closeCancellation.Token);
        }
        catch (OperationCanceledException)
        {
            ThrowHelper.ThrowFailedPrecondition("The store closed during the compaction.");
        }
        finally
        {
            lock (_mutex)
            {
                _running.Remove(job);
                Monitor.PulseAll(_mutex);
            }
        }
    }

    /// <summary>Runs <paramref name="job"/>, picked from <paramref name="version"/>, and installs its result.</summary>
    private void RunCompaction(CompactionJob job, TreeVersion version, CancellationToken cancel)
    {
        long started = Stopwatch.GetTimestamp();
        CompactionInfo begin = new()
        {
            JobId = _stats.NextCompactionJobId(),
            Reason = job.Reason,
            StartLevel = job.StartLevel,
            OutputLevel = job.OutputLevel,
            InputFiles = job.StartInputs.Count + job.OutputInputs.Count,
            InputBytes = job.InputBytes,
            TrivialMove = job.IsTrivialMove,
        };
        _events.CompactionBegin(begin);
        VersionEdit edit = new();
        foreach ((int level, FileMetadata file) in job.Inputs())
        {
            edit.DeletedFiles.Add((level, file.Number));
        }

        int outputFiles = 0;
        long written = 0;
        bool installed = false;
        try
        {
            if (job.IsTrivialMove)
            {
                edit.NewFiles.Add((job.OutputLevel, job.StartInputs[0]));
                _versions.LogAndApply(edit);
                _stats.RecordTrivialMove(job.OutputLevel);
            }
            else
            {
                (outputFiles, written) = MergeAndInstall(job, version, edit, cancel);
                _stats.RecordCompactionIo(job.StartLevel, job.StartInputBytes, job.OutputLevel, job.OutputInputBytes, written);
            }

            installed = true;
        }
        finally
        {
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            if (installed)
            {
                _stats.RecordCompaction(elapsed);
                lock (_mutex)
                {
                    PublishReadStateLocked();
                    Monitor.PulseAll(_mutex);
                }
            }

            _events.CompactionEnd(begin with { OutputFiles = outputFiles, OutputBytes = written, Duration = elapsed, Aborted = !installed });
        }
    }

    /// <summary>Merges the inputs, records the outputs with the deletions in <paramref name="edit"/>, and logs it.</summary>
    private (int Files, long Bytes) MergeAndInstall(CompactionJob job, TreeVersion version, VersionEdit edit, CancellationToken cancel)
    {
        using CompactionOutputWriter output = Merge(job, version, cancel);
        List<FileMetadata> files;
        try
        {
            files = output.Finish();
            cancel.ThrowIfCancellationRequested();
        }
        catch
        {
            AbandonOutput(output);
            throw;
        }

        foreach (FileMetadata file in files)
        {
            edit.NewFiles.Add((job.OutputLevel, file));
        }

        // Past this point a failure leaves the outputs alone: a manifest record that failed to sync may still
        // reach the disk and name them. The next open deletes them if nothing does.
        _versions.LogAndApply(edit);
        return (files.Count, output.BytesWritten);
    }

    /// <summary>
    /// An iterator over one compaction input that reads its data blocks with large positional reads instead of through
    /// the table's mapping: pages a scan touches in a mapping count as the process's resident memory until the table is
    /// unmapped, so a compaction read through the mappings would hold its whole input resident.
    /// </summary>
    private SstIterator CompactionInput(FileMetadata file)
    {
        TableLease lease = _tables.Acquire(file);
        try
        {
            return new SstIterator(lease, new ReadaheadReader(_fs.OpenRead(FileNames.Table(_directory, file.Number))));
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>Merges the inputs of <paramref name="job"/> into an output writer; the caller finishes it.</summary>
    private CompactionOutputWriter Merge(CompactionJob job, TreeVersion version, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        ulong[] boundaries = _snapshots.Boundaries(Volatile.Read(ref _visibleSequence), out ulong newestSnapshot);
        List<RangeTombstone> tombstones = [];
        foreach ((int _, FileMetadata file) in job.Inputs())
        {
            tombstones.AddRange(RangeTombstonesOf(file));
        }

        CompactionIterator entries = new(MergeInputs(job), tombstones, boundaries, new DeeperLevels(version, job.OutputLevel), cancel)
        {
            Filter = _options.CompactionFilter,
            FilterFloor = newestSnapshot,
        };
        CompactionOutputWriter? output = null;
        try
        {
            output = new(_fs, _directory, _versions.NewFileNumber, SstWriterOptions.From(_options), _options.TargetFileSizeBytes, job, entries.KeptTombstones, _bloomBuilders);
            for (entries.First(); entries.Valid; entries.Next())
            {
                output.Add(entries.Key, entries.Value);
            }

            CompactionOutputWriter merged = output;
            output = null;
            return merged;
        }
        finally
        {
            entries.Dispose();
            if (output is not null)
            {
                AbandonOutput(output);
            }
        }
    }

    /// <summary>
    /// One iterator over every input of <paramref name="job"/>. L0 tables overlap one another and merge one by one; a
    /// sorted level is one child. Compaction reads do not fill the block cache (its blocks are read once and would push
    /// out what foreground reads use), nor go through the mappings (see <see cref="CompactionInput"/>).
    /// </summary>
    private MergingIterator MergeInputs(CompactionJob job)
    {
        List<IInternalIterator> children = [];
        try
        {
            if (job.StartLevel == 0)
            {
                foreach (FileMetadata file in job.StartInputs)
                {
                    children.Add(CompactionInput(file));
                }
            }
            else
            {
                children.Add(new LevelIterator([.. job.StartInputs], CompactionInput));
            }

            if (job.OutputInputs.Count > 0)
            {
                children.Add(new LevelIterator([.. job.OutputInputs], CompactionInput));
            }

            return new MergingIterator([.. children]);
        }
        catch
        {
            foreach (IInternalIterator child in children)
            {
                child.Dispose();
            }

            throw;
        }
    }

    /// <summary>Drops a compaction's output before it reached the manifest: the unfinished table and every file written.</summary>
    private void AbandonOutput(CompactionOutputWriter output)
    {
        output.Dispose();
        foreach (ulong number in output.WrittenFiles)
        {
            TryDelete(FileNames.Table(_directory, number));
        }
    }
}
