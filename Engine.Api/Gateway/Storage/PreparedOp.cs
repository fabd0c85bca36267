using System;

namespace Engine.Api.Gateway.Storage;

/// <summary>
/// A validated op, alone under its op id within its batch, ready for a store: the gateway has checked the table, the
/// payload and the caller, reset the server-derived fields and fingerprinted what the client sent.
/// </summary>
/// <param name="OpId">The op's id (<see cref="ChangeStamp.OpId"/>).</param>
/// <param name="TableName">The table.</param>
/// <param name="Operation">Put or delete.</param>
/// <param name="Pk">The record's key.</param>
/// <param name="PayloadJson">The payload to store and log; null for none.</param>
/// <param name="Stamp">The client's stamp.</param>
/// <param name="Fingerprint">SHA-256 of the op's canonical form (32 bytes); equal fingerprints are the same op.</param>
public sealed record PreparedOp(
    string OpId, string TableName, SyncOp Operation, string Pk, ReadOnlyMemory<byte>? PayloadJson, ChangeStamp Stamp, ReadOnlyMemory<byte> Fingerprint)
{
    /// <summary>The op's place in the last-writer-wins order.</summary>
    public Revision Revision => Stamp.Revision;
}
