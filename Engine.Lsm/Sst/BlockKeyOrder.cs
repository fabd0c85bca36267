namespace Engine.Lsm.Sst;

/// <summary>How the keys of a block are ordered, which decides how a seek compares them.</summary>
/// <remarks>Part of no on-disk format: the block's role (data, index, meta) implies its order.</remarks>
internal enum BlockKeyOrder : byte
{
    /// <summary>Internal keys (user key ascending, trailer descending): data, index and range-del blocks.</summary>
    Internal = 0,

    /// <summary>Plain bytewise order: metaindex and properties blocks.</summary>
    Bytewise = 1,
}
