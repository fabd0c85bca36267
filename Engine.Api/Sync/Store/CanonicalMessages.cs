using System.Collections.Generic;
using System.Linq;
using C1.Connector.V2;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Api.Sync.Store;

/// <summary>
/// Makes the blobs the store writes deterministic: Google.Protobuf writes a map in insertion order, the reference's
/// deterministic marshal in ascending UTF-8 key order (shared/spec/baton-storage.md, 9.4 rule 4). A message whose maps
/// (grant sources, a resource's profile Struct, at any depth) are already in that order is serialized as it is; one
/// that is not is cloned and its maps rebuilt in order, so the caller's message is never changed.
/// </summary>
/// <remarks>Stateless; thread-safe as long as the messages are not changed meanwhile.</remarks>
internal static class CanonicalMessages
{
    public static Grant Of(Grant grant)
    {
        if (IsCanonical(grant))
        {
            return grant;
        }

        Grant copy = grant.Clone();
        Canonicalize(copy);
        return copy;
    }

    public static Resource Of(Resource resource)
    {
        if (IsCanonical(resource.Profile))
        {
            return resource;
        }

        Resource copy = resource.Clone();
        Canonicalize(copy.Profile);
        return copy;
    }

    public static Entitlement Of(Entitlement entitlement)
    {
        if (IsCanonical(entitlement.Resource?.Profile))
        {
            return entitlement;
        }

        Entitlement copy = entitlement.Clone();
        Canonicalize(copy.Resource.Profile);
        return copy;
    }

    private static bool IsCanonical(Grant grant) =>
        (grant.Sources is null || IsSorted(grant.Sources.Sources)) &&
        IsCanonical(grant.Principal?.Profile) &&
        IsCanonical(grant.Entitlement?.Resource?.Profile);

    private static void Canonicalize(Grant grant)
    {
        if (grant.Sources is not null)
        {
            Sort(grant.Sources.Sources);
        }

        Canonicalize(grant.Principal?.Profile);
        Canonicalize(grant.Entitlement?.Resource?.Profile);
    }

    private static bool IsCanonical(Struct? value)
    {
        if (value is null)
        {
            return true;
        }

        if (!IsSorted(value.Fields))
        {
            return false;
        }

        foreach (KeyValuePair<string, Value> field in value.Fields)
        {
            if (!IsCanonical(field.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCanonical(Value? value) => value?.KindCase switch
    {
        Value.KindOneofCase.StructValue => IsCanonical(value.StructValue),
        Value.KindOneofCase.ListValue => value.ListValue.Values.All(IsCanonical),
        _ => true,
    };

    private static void Canonicalize(Struct? value)
    {
        if (value is null)
        {
            return;
        }

        Sort(value.Fields);
        foreach (KeyValuePair<string, Value> field in value.Fields)
        {
            Canonicalize(field.Value);
        }
    }

    private static void Canonicalize(Value? value)
    {
        if (value?.KindCase == Value.KindOneofCase.StructValue)
        {
            Canonicalize(value.StructValue);
        }
        else if (value?.KindCase == Value.KindOneofCase.ListValue)
        {
            foreach (Value item in value.ListValue.Values)
            {
                Canonicalize(item);
            }
        }
    }

    /// <summary>True when the map's keys are in ascending UTF-8 order.</summary>
    public static bool IsSorted<TValue>(MapField<string, TValue> map)
    {
        string? previous = null;
        foreach (KeyValuePair<string, TValue> entry in map)
        {
            if (previous is not null && Utf8Order.Instance.Compare(previous, entry.Key) > 0)
            {
                return false;
            }

            previous = entry.Key;
        }

        return true;
    }

    /// <summary>Rebuilds the map with its keys in ascending UTF-8 order.</summary>
    public static void Sort<TValue>(MapField<string, TValue> map)
    {
        List<KeyValuePair<string, TValue>> entries = [.. map];
        entries.Sort((a, b) => Utf8Order.Instance.Compare(a.Key, b.Key));
        map.Clear();
        foreach (KeyValuePair<string, TValue> entry in entries)
        {
            map.Add(entry.Key, entry.Value);
        }
    }
}
