using System.Collections.Generic;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>Sync-run records: read, written, and walked in creation order.</summary>
public sealed partial class SyncStore
{
    /// <summary>The record of sync <paramref name="syncId"/>, or null when it does not exist.</summary>
    internal SyncRunRecord? TryGetRun(Ksuid syncId)
    {
        byte[] key = SyncKeys.SyncRunKey(syncId);
        byte[]? value = Db.Get(key);
        return value is null ? null : ParseRun(key, value);
    }

    /// <summary>The record of sync <paramref name="syncId"/>; NotFound when it does not exist.</summary>
    internal SyncRunRecord GetRun(Ksuid syncId)
    {
        SyncRunRecord? run = TryGetRun(syncId);
        if (run is null)
        {
            SyncErrors.NotFound($"no sync with id '{syncId}' found");
        }

        return run;
    }

    /// <summary>The id of an existing sync; NotFound when <paramref name="syncId"/> names none (or is no KSUID).</summary>
    internal Ksuid ExistingSync(string syncId)
    {
        if (!Ksuid.TryParse(syncId, out Ksuid id) || TryGetRun(id) is null)
        {
            SyncErrors.NotFound($"no sync with id '{syncId}' found");
        }

        return id;
    }

    /// <summary>Adds the writes that store <paramref name="run"/> (and its creation-order entry) to <paramref name="batch"/>.</summary>
    internal static void PutRun(WriteBatch batch, SyncRunRecord run, Ksuid syncId)
    {
        batch.Put(SyncKeys.SyncRunKey(syncId), RecordSerializer.Serialize(run));
        batch.Put(SyncKeys.SyncOrderKey(run.Sequence), syncId.ToByteArray());
    }

    /// <summary>
    /// Stores <paramref name="run"/> in one atomic write; <see cref="Durability.Synced"/> also makes every earlier write
    /// durable (the log is one sequence), which is what a checkpoint or the end of a sync promises.
    /// </summary>
    internal void PutRun(SyncRunRecord run, Ksuid syncId, Durability durability = Durability.Flushed)
    {
        using WriteBatch batch = new();
        PutRun(batch, run, syncId);
        Db.Write(batch, durability);
    }

    /// <summary>Every sync run, oldest first (by creation sequence).</summary>
    internal IEnumerable<(Ksuid Id, SyncRunRecord Run)> RunsInCreationOrder()
    {
        foreach (KeyValuePair<byte[], byte[]> entry in Db.Scan(SyncKeys.KeyspaceRange(Keyspace.SyncOrder)))
        {
            if (entry.Value.Length != Ksuid.ByteLength)
            {
                SyncErrors.CorruptValue(_path, entry.Key, "a sync-order entry does not hold a 20-byte sync id");
            }

            Ksuid id = Ksuid.FromBytes(entry.Value);
            SyncRunRecord? run = TryGetRun(id);
            if (run is null)
            {
                SyncErrors.CorruptValue(_path, entry.Key, $"the sync-order entry names sync '{id}', which has no record");
            }

            yield return (id, run);
        }
    }

    private SyncRunRecord ParseRun(byte[] key, byte[] value)
    {
        if (!RecordSerializer.TryDeserialize(value, out SyncRunRecord? run) || run!.FormatVersion != SyncRunRecord.CurrentVersion)
        {
            SyncErrors.CorruptValue(_path, key, "the sync-run record does not parse as version " + SyncRunRecord.CurrentVersion);
        }

        return run;
    }
}
