using System;

namespace Engine.Api.Gateway.Storage;

/// <summary>The materialized state of one record (<c>row/ws/table/pk</c>): the last winning op's payload or delete.</summary>
/// <param name="PayloadJson">The winning put's payload (empty for a delete).</param>
/// <param name="Revision">The winning op's revision.</param>
/// <param name="DeviceId">The winning op's device.</param>
/// <param name="Deleted">Whether the winner is a delete.</param>
/// <param name="CreatedAt">When the record was first materialized, Unix milliseconds (server time).</param>
/// <param name="UpdatedAt">When the winner was applied, Unix milliseconds (server time).</param>
public sealed record MaterializedRecord(ReadOnlyMemory<byte> PayloadJson, Revision Revision, string DeviceId, bool Deleted, long CreatedAt, long UpdatedAt);

/// <summary>The tombstone of a deleted record (<c>tomb/ws/table/pk</c>), written only by a delete that wins.</summary>
/// <param name="Revision">The delete's revision.</param>
/// <param name="ServerVersion">The delete's version.</param>
/// <param name="ServerDeletedAt">When the server applied the delete, Unix milliseconds.</param>
/// <param name="CreatedAt">When the tombstone was first written, Unix milliseconds.</param>
public sealed record TombstoneRecord(Revision Revision, long ServerVersion, long ServerDeletedAt, long CreatedAt);
