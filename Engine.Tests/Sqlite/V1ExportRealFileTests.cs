using System.Diagnostics;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Transfer;
using Engine.Api.Sync.V1;
using Engine.Sqlite;
using Engine.Tests.Api.Sync;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Sqlite;

/// <summary>
/// Writing v1 files from our store (issue: "Tests with real files"): a fixture imported into our LSM store and exported
/// again imports to a store answering every reader alike, and the exported file opens with the standard <c>zstd</c> and
/// <c>sqlite3</c> command-line tools (installed by .ci/run) holding the same rows, byte for byte, with the reference's
/// timestamp text.
/// </summary>
public sealed class V1ExportRealFileTests
{
    [Theory]
    [InlineData("in-progress.c1z")]
    [InlineData("org-1k-resources.c1z")]
    public void Export_then_import_gives_the_same_store(string fixture)
    {
        using TempDirectory directory = new("v1-export");
        using SyncStore imported = SyncStore.CreateFromV1(SharedFixtures.C1z(fixture), directory.Combine("first"));
        string exported = directory.Combine("exported.c1z");
        V1Export.Export(imported, exported);

        using SyncStore again = SyncStore.CreateFromV1(exported, directory.Combine("second"));

        Assert.Equal(StoreAnswers.Of(imported), StoreAnswers.Of(again));
        Assert.False(File.Exists(exported + ".tmp"));
    }

    [Fact]
    public void An_exported_file_opens_with_zstd_and_sqlite3_and_holds_the_same_rows()
    {
        using TempDirectory directory = new("v1-export-tools");
        string fixture = SharedFixtures.C1z("org-1k-resources.c1z");
        using SyncStore store = SyncStore.CreateFromV1(fixture, directory.Combine("store"));
        string exported = directory.Combine("exported.c1z");
        V1Export.Export(store, exported);

        // The reference's own recipe (shared/fixtures/c1z/README.md): drop the 5-byte magic, decompress, open.
        string database = directory.Combine("exported.db");
        Run("bash", "-c", $"tail -c +6 '{exported}' | zstd -d -q -o '{database}'");

        SyncRunInfo run = Assert.Single(StoreAnswers.All(t => store.ListSyncRuns(10, t)));
        string runs = Sql(database, "SELECT sync_id || '|' || started_at || '|' || length(sync_token) || '|' || sync_type || '|' || ifnull(ended_at, 'open') FROM v1_sync_runs");
        Assert.Equal("36zfOAoWMxQdISbixanQCRBiX7E|2025-12-17 16:31:25.057185|92854|full|open", runs.Trim());
        Assert.Equal(run.Id, runs.Split('|')[0]);

        foreach ((RecordTable table, string name) in new[]
        {
            (RecordTable.ResourceTypes, "v1_resource_types"),
            (RecordTable.Resources, "v1_resources"),
            (RecordTable.Entitlements, "v1_entitlements"),
            (RecordTable.Grants, "v1_grants"),
        })
        {
            HashSet<string> expected = [.. store.ExportRecords(run.Id, table).Select(r => $"{r.ExternalId}|{Convert.ToHexString(r.Data.Span)}|{V1Timestamp.Format(r.DiscoveredAtUnixNanos, TimeZoneInfo.Local)}")];
            string[] lines = Sql(database, $"SELECT external_id || '|' || hex(data) || '|' || discovered_at FROM {name} WHERE sync_id = '{run.Id}'")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected.Count, lines.Length);
            Assert.True(expected.SetEquals(lines), $"{name}: the rows sqlite3 reads differ from the store's");
        }

        // The backfilled expansion columns travel too: 409 grants carry an expansion and need expanding.
        Assert.Equal("409|409", Sql(database, "SELECT count(expansion) || '|' || sum(needs_expansion) FROM v1_grants").Trim());
        Assert.Equal("ok", Sql(database, "PRAGMA integrity_check").Trim());
    }

    private static string Sql(string database, string query) => Run("sqlite3", database, query);

    private static string Run(string program, params string[] arguments)
    {
        ProcessStartInfo start = new(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
        return text;
    }
}
