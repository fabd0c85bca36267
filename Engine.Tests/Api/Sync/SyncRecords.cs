using C1.Connector.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Tests.Api.Sync;

/// <summary>Builders of the reference's messages for tests, with the reference's id conventions (spec 2.2).</summary>
internal static class SyncRecords
{
    public static ResourceType MakeResourceType(string id, params ResourceType.Types.Trait[] traits)
    {
        ResourceType type = new() { Id = id, DisplayName = id.ToUpperInvariant() };
        type.Traits.AddRange(traits);
        return type;
    }

    public static Resource MakeResource(string type, string id, Resource? parent = null) => new()
    {
        Id = new ResourceId { ResourceType = type, Resource = id },
        ParentResourceId = parent?.Id,
        DisplayName = $"{type} {id}",
    };

    public static Entitlement MakeEntitlement(Resource resource, string name) => new()
    {
        Resource = resource,
        Id = $"{resource.Id.ResourceType}:{resource.Id.Resource}:{name}",
        DisplayName = name,
        Slug = name,
    };

    public static Grant MakeGrant(Entitlement entitlement, Resource principal) => new()
    {
        Entitlement = entitlement,
        Principal = principal,
        Id = $"{entitlement.Id}:{principal.Id.ResourceType}:{principal.Id.Resource}",
    };

    /// <summary>A GrantExpandable annotation naming <paramref name="entitlementIds"/>.</summary>
    public static Any Expandable(params string[] entitlementIds)
    {
        GrantExpandable expandable = new();
        expandable.EntitlementIds.AddRange(entitlementIds);
        return Any.Pack(expandable);
    }

    /// <summary>A grant carrying <paramref name="annotation"/>.</summary>
    public static Grant With(this Grant grant, Any annotation)
    {
        Grant copy = grant.Clone();
        copy.Annotations.Add(annotation);
        return copy;
    }

    /// <summary>A copy of <paramref name="message"/> with its display name changed, so its blob differs.</summary>
    public static T Renamed<T>(this T message, string displayName)
        where T : IMessage<T>
    {
        T copy = message.Clone();
        copy.Descriptor.FindFieldByName("display_name").Accessor.SetValue(copy, displayName);
        return copy;
    }
}
