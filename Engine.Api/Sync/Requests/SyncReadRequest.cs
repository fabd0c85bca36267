using System.Collections.Generic;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Api.Sync.Requests;

/// <summary>
/// What every read request carries: an optional explicit sync. A read resolves its sync by the cascade of
/// shared/spec/baton-storage.md, section 1.2: this request's sync (<see cref="SyncId"/>, else a
/// <c>c1.c1z.v1.SyncDetails</c> among <see cref="Annotations"/>), then the current sync, then the view sync, then the
/// method's default (latest finished full, or of any type), else no sync filter at all.
/// </summary>
public abstract record SyncReadRequest
{
    /// <summary>The sync to read; null or empty to resolve it by the cascade.</summary>
    public string? SyncId { get; init; }

    /// <summary>
    /// Annotations as the reference's requests carry them: a <c>c1.c1z.v1.SyncDetails</c> among them selects the sync
    /// (after <see cref="SyncId"/>); a malformed one is InvalidArgument. Others are ignored.
    /// </summary>
    public IReadOnlyList<Any>? Annotations { get; init; }
}
