using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Telemetry;
using Microsoft.Extensions.Logging;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.Telemetry;

public sealed class SlowOperationLogTests
{
    private const int SlowOperationEventId = 1001;

    [Fact]
    public void SlowOperation_IsLoggedWithItsOperationSyncFiltersPageSizeRowsAndDuration()
    {
        SyncStoreHarness harness = new();
        RecordingLogger logger = new();
        using SyncStore store = harness.Open(new SyncStoreOptions { Logger = logger, SlowOperationThreshold = TimeSpan.FromSeconds(5) });
        string sync = store.StartNewSync(SyncType.Full);
        Resource group = MakeResource("group", "g1");
        Entitlement member = MakeEntitlement(group, "member");
        store.PutResources(group, MakeResource("user", "u1"), MakeResource("user", "u2"));
        store.PutEntitlements(member);
        store.PutGrants(MakeGrant(member, MakeResource("user", "u1")), MakeGrant(member, MakeResource("user", "u2")));
        Assert.Empty(logger.Entries);

        // Every read of the clock moves it 6 s: the listing reads it at its start and end, so it takes 6 s or more.
        harness.Clock.AutoAdvanceAmount = TimeSpan.FromSeconds(6);
        store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = member, PageSize = 50, SyncId = sync });
        harness.Clock.AutoAdvanceAmount = TimeSpan.Zero;

        LogEntry entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(SlowOperationEventId, entry.EventId.Id);
        Assert.Equal("ListGrantsForEntitlement", entry.Values["Operation"]);
        Assert.Equal(sync, entry.Values["SyncId"]);
        Assert.Equal("entitlement_id=" + member.Id, entry.Values["Filters"]);
        Assert.Equal(50, entry.Values["PageSize"]);
        Assert.Equal(2, entry.Values["Rows"]);
        Assert.True((double)entry.Values["DurationMs"]! >= 6000, entry.Message);
        Assert.Contains("ListGrantsForEntitlement", entry.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.GetMetrics().SlowOperations);
    }

    [Fact]
    public void SlowOperation_IsThrottledToOncePerIntervalPerOperation()
    {
        SyncStoreHarness harness = new();
        RecordingLogger logger = new();

        // A zero threshold reports every operation; the clock stands still unless the test moves it.
        using SyncStore store = harness.Open(new SyncStoreOptions { Logger = logger, SlowOperationThreshold = TimeSpan.Zero });
        store.ListGrants(new ListGrantsRequest());
        store.ListGrants(new ListGrantsRequest { PageSize = 7 });
        store.ListResources(new ListResourcesRequest { ResourceTypeId = "user" });
        harness.Clock.Advance(TimeSpan.FromSeconds(59));
        store.ListGrants(new ListGrantsRequest());
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        store.ListGrants(new ListGrantsRequest { PageSize = 9 });

        Assert.Equal(
            [("ListGrants", 0), ("ListResources", 0), ("ListGrants", 9)],
            logger.Entries.Select(e => ((string)e.Values["Operation"]!, (int)e.Values["PageSize"]!)));
        Assert.Equal("resource_type_id=user", logger.Entries[1].Values["Filters"]);
        SyncStoreMetrics metrics = store.GetMetrics();
        Assert.Equal(5, metrics.SlowOperations);
        Assert.Equal(3, metrics.SlowOperationsLogged);
    }

    [Fact]
    public void SlowOperation_WithoutASyncInTheCall_NamesTheCurrentSync()
    {
        SyncStoreHarness harness = new();
        RecordingLogger logger = new();
        using SyncStore store = harness.Open(new SyncStoreOptions { Logger = logger, SlowOperationThreshold = TimeSpan.Zero, SlowOperationLogInterval = TimeSpan.Zero });
        string sync = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "u1"));

        LogEntry put = logger.Entries.Single(e => (string)e.Values["Operation"]! == "PutResources");
        Assert.Equal(sync, put.Values["SyncId"]);
        Assert.Equal(0, (int)put.Values["Rows"]!);
    }

    [Fact]
    public void SlowOperation_WithAnInfiniteThreshold_IsNeverReported()
    {
        SyncStoreHarness harness = new();
        RecordingLogger logger = new();
        using SyncStore store = harness.Open(new SyncStoreOptions { Logger = logger, SlowOperationThreshold = Timeout.InfiniteTimeSpan });
        harness.Clock.AutoAdvanceAmount = TimeSpan.FromHours(1);
        store.ListGrants(new ListGrantsRequest());
        harness.Clock.AutoAdvanceAmount = TimeSpan.Zero;

        Assert.Empty(logger.Entries);
        Assert.Equal(0, store.GetMetrics().SlowOperations);
    }

    [Fact]
    public void Options_RejectANegativeThresholdOrInterval()
    {
        // The options are checked before the directory is looked at.
        string path = Path.Combine(Path.GetTempPath(), "never-created-" + Guid.NewGuid().ToString("N"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyncStore.Open(path, new SyncStoreOptions { SlowOperationThreshold = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyncStore.Open(path, new SyncStoreOptions { SlowOperationLogInterval = TimeSpan.FromSeconds(-1) }));
        Assert.False(Directory.Exists(path));
    }
}
