using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// ListGrantsForEntitlements (shared/spec/baton-storage.md, section 1.8): the grants of several entitlements in the
/// order <c>(entitlement_id, id)</c>, with the reference's cursor: the outer format and checksum-restart rule of
/// <see cref="EntitlementsCursor"/>, the decimal rowid of the last grant inside.
/// </summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>One page of the grants of the request's entitlements (by id); default sync: the latest finished of any type.</summary>
    /// <exception cref="ArgumentException">An entitlement is null.</exception>
    /// <exception cref="StorageException">InvalidArgument: more than 128 entitlements, a malformed token or sync override.</exception>
    public Page<Grant> ListGrantsForEntitlements(ListGrantsForEntitlementsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<Entitlement> entitlements = request.Entitlements ?? [];
        if (entitlements.Count > SyncStore.MaxEntitlementsPerRequest)
        {
            SyncErrors.InvalidArgument($"ListGrantsForEntitlements: {entitlements.Count} entitlements, more than {SyncStore.MaxEntitlementsPerRequest}");
        }

        lock (_lock)
        {
            string? sync = ResolveReadSyncLocked(request, ReadDefault.LatestAny);
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
            string[] visit = [.. new SortedSet<string>(ids, Utf8Order.Instance)];
            List<string> filters = [];
            List<object?> args = [];
            AddInFilter(filters, args, "entitlement_id", visit);
            if (sync is not null)
            {
                AddFilter(filters, args, "sync_id", sync);
            }

            if (EntitlementsCursor.TryDecode(request.PageToken, checksum, visit.Length, out int index, out byte[] intra))
            {
                if (intra.Length == 0)
                {
                    filters.Add($"entitlement_id >= ${args.Count}");
                    args.Add(visit[index]);
                }
                else
                {
                    if (!long.TryParse(Encoding.ASCII.GetString(intra), NumberStyles.None, CultureInfo.InvariantCulture, out long after))
                    {
                        SyncErrors.InvalidArgument("malformed page token");
                    }

                    filters.Add($"((entitlement_id = ${args.Count} AND id > ${args.Count + 1}) OR entitlement_id > ${args.Count})");
                    args.Add(visit[index]);
                    args.Add(after);
                }
            }

            int limit = Paging.Clamp(request.PageSize);
            string sql = $"SELECT id, entitlement_id, data FROM v1_grants WHERE {Join(filters)} ORDER BY entitlement_id, id LIMIT ${args.Count}";
            args.Add(limit + 1);
            List<Grant> items = [];
            long lastId = 0;
            string lastEntitlement = "";
            using (SqliteDataReader reader = _sql.Query(sql, args.ToArray()))
            {
                while (reader.Read())
                {
                    if (items.Count == limit)
                    {
                        int at = Array.BinarySearch(visit, lastEntitlement, Utf8Order.Instance);
                        byte[] position = Encoding.ASCII.GetBytes(lastId.ToString(CultureInfo.InvariantCulture));
                        return new Page<Grant>(items, EntitlementsCursor.Encode(at, position, checksum));
                    }

                    lastId = reader.GetInt64(0);
                    lastEntitlement = reader.GetString(1);
                    items.Add(ParseBlob(Grant.Parser, (byte[])reader.GetValue(2), V1Schema.Grants, lastId));
                }
            }

            return new Page<Grant>(items, "");
        }
    }
}
