using System;

namespace Engine.Lsm.Sst;

/// <summary>The keys of the metaindex block: the names of the meta blocks, in bytewise order.</summary>
/// <remarks>Part of the table format; never rename. Stateless; thread-safe.</remarks>
internal static class MetaBlockNames
{
    /// <summary>The bloom filter block.</summary>
    public static ReadOnlySpan<byte> Filter => "filter.bloom"u8;

    /// <summary>The properties block; required.</summary>
    public static ReadOnlySpan<byte> Properties => "properties"u8;

    /// <summary>The range-del block.</summary>
    public static ReadOnlySpan<byte> RangeDel => "rangedel"u8;
}
