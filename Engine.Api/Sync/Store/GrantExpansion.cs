using System;
using C1.Connector.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Api.Sync.Store;

/// <summary>
/// A grant's expansion side state with the reference's rules (shared/spec/baton-storage.md, section 3.5): the
/// <c>GrantExpandable</c> annotation leaves the stored blob and its bytes become the grant's expansion.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class GrantExpansion
{
    /// <summary>The type URL of a GrantExpandable annotation.</summary>
    public static readonly string TypeUrl = "type.googleapis.com/" + GrantExpandable.Descriptor.FullName;

    /// <summary>
    /// The grant to store, without any GrantExpandable annotation (a clone when it had one; the caller's grant is not
    /// changed), and the expansion: the first annotation's value bytes when it names at least one entitlement id that is
    /// not blank after trimming, else null (SQLite NULL).
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: the first GrantExpandable does not parse.</exception>
    public static Grant Strip(Grant grant, out byte[]? expansion)
    {
        expansion = null;
        int first = -1;
        for (int i = 0; i < grant.Annotations.Count; i++)
        {
            if (grant.Annotations[i] is { } annotation && annotation.Is(GrantExpandable.Descriptor))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return grant;
        }

        Any found = grant.Annotations[first];
        GrantExpandable expandable;
        try
        {
            expandable = GrantExpandable.Parser.ParseFrom(found.Value);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"grant '{grant.Id}': malformed GrantExpandable annotation: {ex.Message}", ex);
        }

        foreach (string id in expandable.EntitlementIds)
        {
            if (!string.IsNullOrWhiteSpace(id))
            {
                expansion = found.Value.ToByteArray();
                break;
            }
        }

        Grant stripped = grant.Clone();
        for (int i = stripped.Annotations.Count - 1; i >= 0; i--)
        {
            if (stripped.Annotations[i] is { } annotation && annotation.Is(GrantExpandable.Descriptor))
            {
                stripped.Annotations.RemoveAt(i);
            }
        }

        return stripped;
    }

    /// <summary>
    /// <c>needs_expansion</c> after a conflicting PutGrants: 0 when the new expansion is NULL or empty; 1 when the old
    /// was NULL and the new is not, or both differ; otherwise the old flag (an identical re-put keeps a cleared flag).
    /// </summary>
    public static bool NeedsExpansionAfterConflict(bool oldPresent, ReadOnlySpan<byte> oldExpansion, bool oldNeeds, byte[]? newExpansion)
    {
        if (newExpansion is null || newExpansion.Length == 0)
        {
            return false;
        }

        return !oldPresent || !oldExpansion.SequenceEqual(newExpansion) || oldNeeds;
    }

    /// <summary>The GrantExpandable annotation rebuilt from stored expansion bytes, verbatim.</summary>
    public static Any Annotation(ReadOnlySpan<byte> expansion) => new() { TypeUrl = TypeUrl, Value = ByteString.CopyFrom(expansion) };
}
