using System;

namespace Engine.Api.Sync.Store;

/// <summary>
/// A write batch for bulk copies that commits itself whenever it holds about <see cref="FlushBytes"/>, and the rest on
/// dispose, so that copying a whole sync never builds one batch of the sync's size.
/// </summary>
/// <remarks>
/// Each commit is atomic on its own, not the copy as a whole: callers write the target sync's run record first and end
/// it last, so an interrupted copy leaves an unfinished sync, never a finished partial one. One thread.
/// </remarks>
internal sealed class ChunkedBatch : IDisposable
{
    /// <summary>Bytes of keys and values a batch gathers before it commits.</summary>
    public const int FlushBytes = 16 << 20;

    private readonly Database _db;
    private long _bytes;

    public ChunkedBatch(Database db)
    {
        _db = db;
    }

    /// <summary>The batch being gathered, for helpers that add to a <see cref="WriteBatch"/>.</summary>
    public WriteBatch Current { get; } = new();

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Current.Put(key, value);
        _bytes += key.Length + value.Length;
        if (_bytes >= FlushBytes)
        {
            Commit();
        }
    }

    /// <summary>Commits what is gathered.</summary>
    public void Commit()
    {
        if (Current.Count > 0)
        {
            _db.Write(Current);
            Current.Clear();
        }

        _bytes = 0;
    }

    /// <summary>Commits the rest.</summary>
    public void Dispose()
    {
        Commit();
        Current.Dispose();
    }
}
