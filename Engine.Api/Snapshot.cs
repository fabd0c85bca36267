using System;

namespace Engine.Api;

/// <summary>A consistent point-in-time view of a <see cref="Database"/>. Dispose it to let compaction reclaim old versions.</summary>
/// <remarks>Thread-safe: several readers may read through one snapshot at once.</remarks>
public sealed class Snapshot : IDisposable
{
    internal Snapshot(Engine.Lsm.Db.Snapshot inner)
    {
        Inner = inner;
    }

    /// <summary>The sequence number of the last write this snapshot sees.</summary>
    public ulong Sequence => Inner.Sequence;

    internal Engine.Lsm.Db.Snapshot Inner { get; }

    /// <summary>Releases the snapshot; reads through it afterwards throw.</summary>
    public void Dispose() => Inner.Dispose();
}
