using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Core.Diagnostics;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.Telemetry;

public sealed class EngineEventSourceTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public void Source_IsNamedEngine()
    {
        Assert.Equal("Engine", EventSource.GetName(typeof(EngineEventSource)));
        Assert.Equal("Engine", EngineEventSource.Log.Name);
    }

    [Fact]
    public void AStoreWithoutAnEventListener_RaisesFlushCompactionSlowOperationAndSyncEvents()
    {
        // Stores of other tests raise events too: the listener keeps those of this store's directory only.
        (SyncStore store, string path) = TelemetryStores.Open(new SyncStoreOptions { SlowOperationThreshold = TimeSpan.Zero });
        using EngineEvents events = new(path);
        using (store)
        {
            string sync = store.StartNewSync(SyncType.Full);
            store.PutResources(MakeResource("user", "u1"), MakeResource("user", "u2"));
            store.ListResources(new ListResourcesRequest { ResourceTypeId = "user", PageSize = 10 });
            store.EndSync();
            store.Db.Flush();
            store.Db.Compact();

            EventWrittenEventArgs started = events.WaitFor("SyncStarted");
            Assert.Equal(sync, started.Payload![1]);
            Assert.Equal("full", started.Payload[2]);
            Assert.Equal(sync, events.WaitFor("SyncEnded").Payload![1]);

            EventWrittenEventArgs slow = events.WaitFor("SlowOperation", e => (string)e.Payload![1]! == "ListResources");
            Assert.Equal("resource_type_id=user", slow.Payload![3]);
            Assert.Equal(10, slow.Payload[4]);
            Assert.Equal(2, slow.Payload[5]);

            Assert.True((long)events.WaitFor("FlushBegin").Payload![1]! > 0);
            EventWrittenEventArgs flushed = events.WaitFor("FlushEnd");
            Assert.True((long)flushed.Payload![1]! > 0, "a table was written");
            Assert.True((long)flushed.Payload[2]! > 0);

            EventWrittenEventArgs compactionBegin = events.WaitFor("CompactionBegin");
            EventWrittenEventArgs compactionEnd = events.WaitFor("CompactionEnd");
            Assert.Equal(compactionBegin.Payload![1], compactionEnd.Payload![1]);
            Assert.False((bool)compactionEnd.Payload[5]!);
        }
    }

    [Fact]
    public void DeletingASync_RaisesSyncDeleted()
    {
        (SyncStore store, string path) = TelemetryStores.Open(new SyncStoreOptions());
        using EngineEvents events = new(path);
        using (store)
        {
            string sync = store.StartNewSync(SyncType.Full);
            store.EndSync();
            store.DeleteSyncRun(sync);
            Assert.Equal(sync, events.WaitFor("SyncDeleted").Payload![1]);
        }
    }

    /// <summary>Listens to the Engine source in-process and keeps the events whose first payload is one directory.</summary>
    private sealed class EngineEvents : EventListener
    {
        private readonly ConcurrentQueue<EventWrittenEventArgs> _events = new();
        private readonly SemaphoreSlim _arrived = new(0);
        private string? _directory;

        public EngineEvents(string directory)
        {
            _directory = directory;
            EnableEvents(EngineEventSource.Log, EventLevel.Verbose, EventKeywords.All);
        }

        public EventWrittenEventArgs WaitFor(string name, Func<EventWrittenEventArgs, bool>? match = null)
        {
            DateTime deadline = DateTime.UtcNow + s_wait;
            while (true)
            {
                EventWrittenEventArgs? found = _events.FirstOrDefault(e => e.EventName == name && (match is null || match(e)));
                if (found is not null)
                {
                    return found;
                }

                TimeSpan left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero && _arrived.Wait(left), $"no {name} event; got: {string.Join(", ", _events.Select(e => e.EventName))}");
            }
        }

        public override void Dispose()
        {
            base.Dispose();
            _arrived.Dispose();
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            // Called from the base constructor's enabling too, before _directory is set.
            if (_directory is not null && eventData.Payload is { Count: > 0 } payload && Equals(payload[0], _directory))
            {
                _events.Enqueue(eventData);
                _arrived.Release();
            }
        }
    }
}
