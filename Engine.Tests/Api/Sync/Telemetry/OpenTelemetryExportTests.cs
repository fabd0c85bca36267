using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.Telemetry;

public sealed class OpenTelemetryExportTests
{
    [Fact]
    public void MeterProvider_ExportsTheSyncAndLsmMetersWithNoGlue()
    {
        List<Metric> exported = [];
        using MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(SyncStore.MeterName, "Engine.Lsm")
            .AddInMemoryExporter(exported)
            .Build();
        (SyncStore store, string path) = TelemetryStores.Open(new SyncStoreOptions());
        using (store)
        {
            store.StartNewSync(SyncType.Full);
            store.PutResources(MakeResource("user", "u1"), MakeResource("user", "u2"), MakeResource("user", "u3"));
            store.PutResources(MakeResource("user", "u4"));
            store.EndSync();
            store.ListResources(new ListResourcesRequest());
            Assert.ThrowsAny<Engine.Api.StorageException>(() => store.GetResource(new GetResourceRequest { ResourceId = new ResourceId { ResourceType = "user", Resource = "nobody" } }));
            store.Db.Flush();

            Assert.True(provider.ForceFlush());
        }

        // Other tests' stores publish on meters of the same names: keep this store's, by the directory tag.
        List<Metric> ours = [.. exported.Where(m => m.MeterTags?.Any(t => t.Key == "engine.store.directory" && Equals(t.Value, path)) == true)];

        Dictionary<(string Operation, string Outcome), long> operations = [];
        foreach (MetricPoint point in Points(ours, "engine.sync.operations"))
        {
            operations[((string)Tag(point, "operation")!, (string)Tag(point, "outcome")!)] = point.GetSumLong();
        }

        Assert.Equal(2, operations[("PutResources", "ok")]);
        Assert.Equal(1, operations[("ListResources", "ok")]);
        Assert.Equal(1, operations[("GetResource", "error")]);

        Metric duration = ours.Single(m => m.Name == "engine.sync.operation.duration");
        Assert.Equal("s", duration.Unit);
        MetricPoint puts = Points(ours, "engine.sync.operation.duration").Single(p => (string?)Tag(p, "operation") == "PutResources");
        Assert.Equal(2, puts.GetHistogramCount());

        MetricPoint written = Points(ours, "engine.sync.records.written").Single(p => (string?)Tag(p, "kind") == "resource");
        Assert.Equal(4, written.GetSumLong());
        Assert.True(Points(ours, "engine.sync.bytes.written").Single().GetSumLong() > 0);

        Assert.Equal(1, Points(ours, "engine.lsm.flush.count").Single().GetSumLong());
        Assert.Contains(ours, m => m.Name == "engine.lsm.block_cache.hits");
    }

    private static List<MetricPoint> Points(IEnumerable<Metric> metrics, string name)
    {
        List<MetricPoint> points = [];
        foreach (Metric metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
