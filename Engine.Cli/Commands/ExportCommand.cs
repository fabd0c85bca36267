using System.CommandLine;
using System.Diagnostics;
using System.IO;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Engine.Sqlite;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine export FILE.c1z [--store S] [--sync ID]</c>: the store's syncs (or one) as a v1 <c>.c1z</c> the reference
/// SDK reads, replacing the file atomically.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> file = new("file") { Description = "The v1 .c1z file to write (replaced atomically)." };
        Option<string> store = StoreOption.Create();
        Option<string?> sync = CommonOptions.Sync("Export only this sync (default: every sync).");
        Command command = new("export", "Export a store's syncs as a v1 .c1z file the reference SDK reads.") { file, store, sync };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(file)!, parse.GetValue(store)!, parse.GetValue(sync)));
        return command;
    }

    private static int Run(CommandContext context, string file, string storePath, string? syncId)
    {
        if (Directory.Exists(file))
        {
            throw new CliException(ExitCodes.Usage, $"'{file}' is a directory, not a file to export to");
        }

        Stopwatch clock = Stopwatch.StartNew();
        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Read);
        int syncs = syncId is null ? SyncRuns.All(handle.Store).Count : 1;
        ProgressRunner.Run(context, $"exporting to {Path.GetFileName(file)}", () =>
        {
            V1Export.Export(handle.Store, file, syncId);
            return true;
        });
        clock.Stop();
        long bytes = new FileInfo(file).Length;
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, json =>
            {
                json.WriteString("file", file);
                json.WriteString("store", storePath);
                json.WriteString("syncId", syncId);
                json.WriteNumber("syncs", syncs);
                json.WriteNumber("bytes", bytes);
                json.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
            });
        }
        else
        {
            context.Console.Out.WriteLine($"Exported {Show.Count(syncs)} syncs from '{storePath}' to '{file}' ({Show.Bytes(bytes)}) in {Show.Duration(clock.Elapsed)}.");
        }

        return ExitCodes.Ok;
    }
}
