using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// ListGrantsForEntitlements (shared/spec/baton-storage.md, section 1.8): the grants of several entitlements, flattened,
/// with the reference's checksum-restart cursor (<see cref="EntitlementsCursor"/>); default sync: the latest finished
/// sync of any type.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>The most entitlements one ListGrantsForEntitlements request may name.</summary>
    public const int MaxEntitlementsPerRequest = 128;

    /// <summary>
    /// One page of the grants of the request's entitlements (matched by id), visiting the distinct ids in ascending
    /// UTF-8 byte order, as SQLite's <c>ORDER BY entitlement_id</c>, and each entitlement's grants by principal. A token
    /// from a request with other entitlements (or another order) restarts from the beginning.
    /// </summary>
    /// <exception cref="ArgumentException">An entitlement is null.</exception>
    /// <exception cref="StorageException">InvalidArgument: more than <see cref="MaxEntitlementsPerRequest"/> entitlements, a malformed token or sync override.</exception>
    public Page<Grant> ListGrantsForEntitlements(ListGrantsForEntitlementsRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListGrantsForEntitlements, request);
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<Entitlement> entitlements = request.Entitlements ?? [];
        if (entitlements.Count > MaxEntitlementsPerRequest)
        {
            SyncErrors.InvalidArgument($"ListGrantsForEntitlements: {entitlements.Count} entitlements, more than {MaxEntitlementsPerRequest}");
        }

        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestAny);
        if (entitlements.Count == 0)
        {
            return new Page<Grant>([], "");
        }

        string[] ids = new string[entitlements.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = entitlements[i]?.Id ?? throw new ArgumentException($"Entitlement {i} is null.", nameof(request));
        }

        uint checksum = EntitlementsCursor.Checksum(ids);
        SortedSet<string> distinct = new(ids, Utf8Order.Instance);
        string[] visit = [.. distinct];
        int start = 0;
        string? resume = null;
        if (EntitlementsCursor.TryDecode(request.PageToken, checksum, visit.Length, out int index, out byte[] intra))
        {
            start = index;
            resume = intra.Length == 0 ? null : PageTokens.After(intra);
        }

        int limit = Paging.Clamp(request.PageSize);
        List<Grant> items = [];
        byte[]? lastKey = null;
        int lastIndex = 0;
        for (int i = start; i < visit.Length; i++)
        {
            Listing listing = new(Keyspace.GrantByEntitlement, Keyspace.Grant, sync, KeyBuilder.Tuple(visit[i]));
            foreach (Row row in Scan(listing, i == start ? resume : null, null, limit - items.Count + 1))
            {
                if (items.Count == limit)
                {
                    return SyncTelemetry.Returned(new Page<Grant>(items, EntitlementsCursor.Encode(lastIndex, lastKey, checksum)));
                }

                items.Add(ParseBlob(row.PrimaryKey, row.Record.Blob, Grant.Parser));
                if (items.Count == limit)
                {
                    // Only the page's last row names where the next page resumes.
                    lastKey = row.ScannedKey.ToArray();
                    lastIndex = i;
                }
            }
        }

        return SyncTelemetry.Returned(new Page<Grant>(items, ""));
    }
}
