namespace Engine.Tests.Api.Sync.Model;

/// <summary>One record as the SQLite reference keeps it: the blob, the first stamp and side columns, the expansion state.</summary>
internal sealed record ModelRecord(byte[] Blob, long DiscoveredAt, string[] Columns, bool HasParent, byte[]? Expansion, bool Needs);
