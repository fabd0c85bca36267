using System;

namespace Engine.Api.Sync.Records;

/// <summary>The flag byte of an <see cref="EntityRecord"/>.</summary>
[Flags]
internal enum RecordFlags : byte
{
    None = 0,

    /// <summary>A grant's <c>needs_expansion</c> is 1.</summary>
    NeedsExpansion = 1 << 0,

    /// <summary>A grant's <c>expansion</c> is not NULL (it may still be empty).</summary>
    HasExpansion = 1 << 1,

    /// <summary>A resource has a parent (the SQLite parent columns are not NULL).</summary>
    HasParent = 1 << 2,
}
