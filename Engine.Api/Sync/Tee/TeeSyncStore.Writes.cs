using System;
using System.IO;
using C1.Connector.V2;

namespace Engine.Api.Sync.Tee;

/// <summary>The connector-facing writes through the tee: each goes to the primary, then to the secondary; the outcomes must agree.</summary>
public sealed partial class TeeSyncStore
{
    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutResourceTypes(params ReadOnlySpan<ResourceType> resourceTypes)
    {
        ResourceType[] batch = resourceTypes.ToArray();
        Write("ISyncWriter.PutResourceTypes", () => Batch(batch), s => s.PutResourceTypes(batch), s => s.PutResourceTypes(batch));
    }

    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutResources(params ReadOnlySpan<Resource> resources)
    {
        Resource[] batch = resources.ToArray();
        Write("ISyncWriter.PutResources", () => Batch(batch), s => s.PutResources(batch), s => s.PutResources(batch));
    }

    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutEntitlements(params ReadOnlySpan<Entitlement> entitlements)
    {
        Entitlement[] batch = entitlements.ToArray();
        Write("ISyncWriter.PutEntitlements", () => Batch(batch), s => s.PutEntitlements(batch), s => s.PutEntitlements(batch));
    }

    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutGrants(params ReadOnlySpan<Grant> grants)
    {
        Grant[] batch = grants.ToArray();
        Write("ISyncWriter.PutGrants", () => Batch(batch), s => s.PutGrants(batch), s => s.PutGrants(batch));
    }

    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutResourceTypesIfNewer(params ReadOnlySpan<Discovered<ResourceType>> resourceTypes)
    {
        Discovered<ResourceType>[] batch = resourceTypes.ToArray();
        Write("ISyncWriter.PutResourceTypesIfNewer", () => Batch(batch), s => s.PutResourceTypesIfNewer(batch), s => s.PutResourceTypesIfNewer(batch));
    }

    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutResourcesIfNewer(params ReadOnlySpan<Discovered<Resource>> resources)
    {
        Discovered<Resource>[] batch = resources.ToArray();
        Write("ISyncWriter.PutResourcesIfNewer", () => Batch(batch), s => s.PutResourcesIfNewer(batch), s => s.PutResourcesIfNewer(batch));
    }

    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutEntitlementsIfNewer(params ReadOnlySpan<Discovered<Entitlement>> entitlements)
    {
        Discovered<Entitlement>[] batch = entitlements.ToArray();
        Write("ISyncWriter.PutEntitlementsIfNewer", () => Batch(batch), s => s.PutEntitlementsIfNewer(batch), s => s.PutEntitlementsIfNewer(batch));
    }

    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutGrantsIfNewer(params ReadOnlySpan<Discovered<Grant>> grants)
    {
        Discovered<Grant>[] batch = grants.ToArray();
        Write("ISyncWriter.PutGrantsIfNewer", () => Batch(batch), s => s.PutGrantsIfNewer(batch), s => s.PutGrantsIfNewer(batch));
    }

    /// <summary>Teed; the outcomes must agree.</summary>
    public void DeleteGrant(string grantId) =>
        Write("ISyncWriter.DeleteGrant", () => TeeText.Of(grantId), s => s.DeleteGrant(grantId), s => s.DeleteGrant(grantId));

    /// <summary>Teed; the outcomes must agree.</summary>
    public void PutAsset(AssetRef asset, string contentType, ReadOnlySpan<byte> data)
    {
        byte[] bytes = data.ToArray();
        Write("ISyncWriter.PutAsset", () => $"{asset}, {TeeText.Of(contentType)}, {TeeText.Of(bytes)}", s => s.PutAsset(asset, contentType, bytes), s => s.PutAsset(asset, contentType, bytes));
    }

    /// <summary>
    /// Teed: a seekable stream is read by each store from its current position; any other stream is read once into
    /// memory and both stores get the bytes. The outcomes must agree.
    /// </summary>
    public void PutAsset(AssetRef asset, string contentType, Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.CanSeek)
        {
            byte[] buffered = ReadAll(data);
            Write("ISyncWriter.PutAsset", () => $"{asset}, {TeeText.Of(contentType)}, {TeeText.Of(buffered)}", s => s.PutAsset(asset, contentType, buffered), s => s.PutAsset(asset, contentType, buffered));
            return;
        }

        long start = data.Position;
        Write(
            "ISyncWriter.PutAsset",
            () => $"{asset}, {TeeText.Of(contentType)}, {data.Length - start} bytes",
            s => s.PutAsset(asset, contentType, data),
            s =>
            {
                data.Position = start;
                s.PutAsset(asset, contentType, data);
            });
    }

    private static string Batch<T>(T[] batch) => TeeText.Of(batch);

    private static byte[] ReadAll(Stream data)
    {
        byte[] bytes = new byte[4096];
        int length = 0;
        int read;
        while ((read = data.Read(bytes, length, bytes.Length - length)) > 0)
        {
            length += read;
            if (length == bytes.Length)
            {
                Array.Resize(ref bytes, bytes.Length * 2);
            }
        }

        Array.Resize(ref bytes, length);
        return bytes;
    }
}
