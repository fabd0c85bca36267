namespace Engine.Api.Sync.Tee;

/// <summary>
/// The sync lifecycle through the tee: both stores run each step; the ids the two engines mint for one sync are paired
/// so later calls can name the secondary's sync.
/// </summary>
public sealed partial class TeeSyncStore
{
    /// <summary>Teed: both stores start (or return their open sync); the two ids are paired, and a contradiction with an earlier pairing is a divergence.</summary>
    public string StartNewSync(SyncType type, string parentSyncId = "") => Write(
        "ISyncWriter.StartNewSync",
        () => $"{type}, {TeeText.Of(parentSyncId)}",
        s => s.StartNewSync(type, parentSyncId),
        s => s.StartNewSync(type, ToSecondaryId(parentSyncId)),
        new CustomComparison<string>(_ids.Learn));

    /// <summary>Teed: both stores resume; the ids are paired as by <see cref="StartNewSync"/>.</summary>
    public string ResumeSync(SyncType type, string syncId = "") => Write(
        "ISyncWriter.ResumeSync",
        () => $"{type}, {TeeText.Of(syncId)}",
        s => s.ResumeSync(type, syncId),
        s => s.ResumeSync(type, ToSecondaryId(syncId)),
        new CustomComparison<string>(_ids.Learn));

    /// <summary>Teed: both stores resume or start; the ids are paired and the two <c>StartedNew</c> flags must agree.</summary>
    public (string SyncId, bool StartedNew) StartOrResumeSync(SyncType type, string syncId = "") => Write(
        "ISyncWriter.StartOrResumeSync",
        () => $"{type}, {TeeText.Of(syncId)}",
        s => s.StartOrResumeSync(type, syncId),
        s => s.StartOrResumeSync(type, ToSecondaryId(syncId)),
        new CustomComparison<(string SyncId, bool StartedNew)>((p, s) =>
            p.StartedNew != s.StartedNew ? $"started new: {p.StartedNew} against {s.StartedNew}" : _ids.Learn(p.SyncId, s.SyncId)));

    /// <summary>Teed; the outcomes must agree.</summary>
    public void SetCurrentSync(string syncId) =>
        Write("ISyncWriter.SetCurrentSync", () => TeeText.Of(syncId), s => s.SetCurrentSync(syncId), s => s.SetCurrentSync(ToSecondaryId(syncId)));

    /// <summary>Teed; the tokens must be equal.</summary>
    public string CurrentSyncStep() =>
        Read("ISyncWriter.CurrentSyncStep", () => "", s => s.CurrentSyncStep(), s => s.CurrentSyncStep(), ValueComparison<string>.Default);

    /// <summary>Teed; the outcomes must agree.</summary>
    public void CheckpointSync(string syncToken) =>
        Write("ISyncWriter.CheckpointSync", () => TeeText.Of(syncToken), s => s.CheckpointSync(syncToken), s => s.CheckpointSync(syncToken));

    /// <summary>Teed; the outcomes must agree.</summary>
    public void EndSync() => Write("ISyncWriter.EndSync", () => "", s => s.EndSync(), s => s.EndSync());

    /// <summary>Teed (a write for the tee: it changes what later reads resolve to); the outcomes must agree.</summary>
    public void ViewSync(string syncId) =>
        Write("ISyncWriter.ViewSync", () => TeeText.Of(syncId), s => s.ViewSync(syncId), s => s.ViewSync(ToSecondaryId(syncId)));

    /// <summary>Teed; the outcomes must agree.</summary>
    public void Cleanup() => Write("ISyncWriter.Cleanup", () => "", s => s.Cleanup(), s => s.Cleanup());
}
