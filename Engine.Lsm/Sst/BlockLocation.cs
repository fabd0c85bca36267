namespace Engine.Lsm.Sst;

/// <summary>Where the contents a <see cref="BlockSource"/> returned live, so an iterator can find them again.</summary>
internal enum BlockLocation : byte
{
    /// <summary>In the source's own bytes (the mapping, a readahead window): <see cref="BlockSource.InPlace"/> returns them again.</summary>
    InPlace,

    /// <summary>In a cached block, pinned by the lease the read handed out.</summary>
    Lease,

    /// <summary>In the buffer the caller passed, decoded or copied there.</summary>
    Buffer,
}
