using System.Text;
using C1.Connector.V2;
using Engine.Api.Sync.Requests;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// Names a paged listing by its request without the page token, by value: callers rebuild their request for each page,
/// often with fresh lists (annotations, entitlements, principal types), which record equality compares by reference.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class TeeListingKey
{
    /// <summary>The listing's key: the method, the request's scalar and message members, and its lists' contents.</summary>
    public static string Of(string method, PagedRequest request)
    {
        StringBuilder key = new(method);
        key.Append('|').Append(request with { PageToken = null, Annotations = null });
        foreach (Any annotation in request.Annotations ?? [])
        {
            key.Append("|a:").Append(annotation?.TypeUrl).Append(':').Append(annotation?.Value.ToBase64());
        }

        switch (request)
        {
            case ListGrantsForEntitlementsRequest several:
                foreach (Entitlement entitlement in several.Entitlements ?? [])
                {
                    key.Append("|e:").Append(entitlement);
                }

                break;
            case ListGrantsForEntitlementRequest one:
                foreach (string type in one.PrincipalResourceTypeIds ?? [])
                {
                    key.Append("|t:").Append(type);
                }

                break;
        }

        return key.ToString();
    }
}
