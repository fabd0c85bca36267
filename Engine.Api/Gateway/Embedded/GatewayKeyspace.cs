namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// The first byte of every key of an embedded gateway store (spec sync-gateway.md 5.2; drawn in
/// docs/format/gateway.md). Values are part of the durable format: never renumber one.
/// </summary>
internal enum GatewayKeyspace : byte
{
    /// <summary>The store's format record (one key).</summary>
    Format = 0x00,

    /// <summary><c>wsc</c>: ws → the workspace's counter and last commit time.</summary>
    Counter = 0x01,

    /// <summary><c>cl</c>: ws, serverVersion → a logged change.</summary>
    ChangeLog = 0x02,

    /// <summary><c>op</c>: opId → ws, serverVersion, fingerprint (global, as in the reference).</summary>
    OpIndex = 0x03,

    /// <summary><c>row</c>: ws, table, pk → the materialized record.</summary>
    Row = 0x04,

    /// <summary><c>tomb</c>: ws, table, pk → the tombstone.</summary>
    Tombstone = 0x05,

    /// <summary><c>tombv</c>: ws, serverVersion, table, pk → empty; tombstones in version order, for GC.</summary>
    TombstoneByVersion = 0x06,

    /// <summary><c>cur</c>: ws, deviceId → the device's cursor.</summary>
    Cursor = 0x07,

    /// <summary><c>acct</c>: provider, providerUserId → userId.</summary>
    Account = 0x20,

    /// <summary><c>user</c>: userId → the user.</summary>
    User = 0x21,

    /// <summary><c>wsp</c>: ws → the workspace.</summary>
    Workspace = 0x22,

    /// <summary><c>mem</c>: ws, userId → the membership.</summary>
    Member = 0x23,

    /// <summary><c>umem</c>: userId, joinedAt, ws → empty; a user's memberships in join order.</summary>
    UserMembership = 0x24,
}
