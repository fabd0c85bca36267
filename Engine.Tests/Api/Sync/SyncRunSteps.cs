using Engine.Api.Sync;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Sync;

/// <summary>Runs whole syncs for tests that need a history of them: start, fill, end, with the clock moved between syncs.</summary>
internal static class SyncRunSteps
{
    /// <summary>Moves the clock a second, runs a sync of <paramref name="type"/> filled by <paramref name="fill"/>, ends it and returns its id.</summary>
    public static string Ended(this SyncStore store, FakeTimeProvider clock, SyncType type = SyncType.Full, Action<SyncStore>? fill = null, string parent = "")
    {
        clock.Advance(TimeSpan.FromSeconds(1));
        string id = store.StartNewSync(type, parent);
        fill?.Invoke(store);
        store.EndSync();
        return id;
    }
}
