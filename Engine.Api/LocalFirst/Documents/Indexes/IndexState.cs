namespace Engine.Api.LocalFirst.Documents.Indexes;

/// <summary>Whether an index is complete. Stored in its definition record: never renumbered.</summary>
internal enum IndexState
{
    /// <summary>Being backfilled: writers maintain it, queries do not read it.</summary>
    Building = 0,

    /// <summary>Complete: queries may read it.</summary>
    Ready = 1,
}
