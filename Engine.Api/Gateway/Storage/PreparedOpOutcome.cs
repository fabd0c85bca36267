namespace Engine.Api.Gateway.Storage;

/// <summary>What a store did with one prepared op.</summary>
public enum PreparedOpStatus
{
    /// <summary>New op, logged, and it won: the record now holds it.</summary>
    Applied,

    /// <summary>New op, logged and versioned, but it lost last-writer-wins: the record is unchanged.</summary>
    Lost,

    /// <summary>The op id was logged before in this workspace with the same fingerprint: its original version, nothing written.</summary>
    Replayed,

    /// <summary>The op id is logged with another fingerprint or in another workspace: no version, nothing written.</summary>
    Conflict,
}

/// <summary>The outcome of one prepared op.</summary>
/// <param name="Status">What happened.</param>
/// <param name="ServerVersion">The op's version (new or original); 0 for a conflict.</param>
/// <param name="Applied">Whether the op is the record's materialized winner now (for a replay: still).</param>
/// <param name="WasExisting">Whether the record existed (live, deleted, or as a tombstone) before the op.</param>
/// <param name="Winner">For a lost op: the state that beat it.</param>
public sealed record PreparedOpOutcome(PreparedOpStatus Status, long ServerVersion, bool Applied, bool WasExisting, PushWinner? Winner);
