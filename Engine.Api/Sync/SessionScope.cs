namespace Engine.Api.Sync;

/// <summary>Which session data a session call addresses: one sync's keys, optionally under a prefix.</summary>
/// <param name="SyncId">The sync; required (an empty one is InvalidArgument).</param>
/// <param name="Prefix">Prepended to every key on write and stripped on read; empty for none.</param>
public sealed record SessionScope(string SyncId, string Prefix = "");
