using System.CommandLine;
using Engine.Api.Sync.Results;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Spectre.Console;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine cleanup [--store S] [--keep N]</c>: the retention policy's cleanup followed by the compaction of the freed
/// ranges (<c>SyncStore.Vacuum</c>); prints the syncs deleted and the bytes reclaimed.
/// </summary>
internal static class CleanupCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> store = StoreOption.Create();
        Option<int> keep = new("--keep") { Description = "Full syncs to keep (default 0: $BATON_KEEP_SYNC_COUNT, else 2)." };
        Command command = new("cleanup", "Delete old syncs by the retention policy and reclaim their space.") { store, keep };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(store)!, parse.GetValue(keep)));
        return command;
    }

    private static int Run(CommandContext context, string storePath, int keep)
    {
        if (keep < 0)
        {
            throw new CliException(ExitCodes.Usage, $"--keep must be 0 or more, not {keep}");
        }

        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Write);
        VacuumReport report = ProgressRunner.Run(context, "cleaning up", () => handle.Store.Vacuum(keep));
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, json =>
            {
                json.WriteString("store", storePath);
                json.WriteNumber("keepSyncCount", report.KeepSyncCount);
                json.WriteStartArray("deletedSyncIds");
                foreach (string id in report.DeletedSyncIds)
                {
                    json.WriteStringValue(id);
                }

                json.WriteEndArray();
                json.WriteNumber("bytesBefore", report.BytesBefore);
                json.WriteNumber("bytesAfter", report.BytesAfter);
                json.WriteNumber("bytesReclaimed", report.BytesReclaimed);
                json.WriteNumber("seconds", report.Duration.TotalSeconds);
            });
            return ExitCodes.Ok;
        }

        if (report.DeletedSyncIds.Count > 0)
        {
            Table table = new();
            table.AddColumn("deleted sync");
            foreach (string id in report.DeletedSyncIds)
            {
                table.AddRow(Markup.Escape(id));
            }

            context.Console.Ansi.Write(table);
        }

        context.Console.Out.WriteLine($"Deleted {Show.Count(report.DeletedSyncIds.Count)} syncs (keeping {report.KeepSyncCount} full syncs); {Show.Bytes(report.BytesBefore)} before, {Show.Bytes(report.BytesAfter)} after, {Show.Bytes(report.BytesReclaimed)} reclaimed in {Show.Duration(report.Duration)}.");
        return ExitCodes.Ok;
    }
}
