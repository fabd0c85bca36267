namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>One row of a table b-tree as stored: its rowid, its whole record, and the leaf page holding it (for errors).</summary>
internal readonly record struct TableCell(long RowId, byte[] Payload, uint Page);
