using System.CommandLine;
using Engine.Api.Sync.Results;
using Engine.Cli.Output;
using Engine.Cli.Store;

namespace Engine.Cli.Commands;

/// <summary><c>engine compact [--store S]</c>: a manual compaction of the whole store, with its size and tables before and after.</summary>
internal static class CompactCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> store = StoreOption.Create();
        Command command = new("compact", "Compact the whole store, dropping overwritten and deleted data.") { store };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(store)!));
        return command;
    }

    private static int Run(CommandContext context, string storePath)
    {
        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Write);
        CompactionReport report = ProgressRunner.Run(context, "compacting", handle.Store.Compact);
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, json =>
            {
                json.WriteString("store", storePath);
                json.WriteNumber("bytesBefore", report.BytesBefore);
                json.WriteNumber("bytesAfter", report.BytesAfter);
                json.WriteNumber("bytesReclaimed", report.BytesReclaimed);
                json.WriteNumber("tablesBefore", report.TablesBefore);
                json.WriteNumber("tablesAfter", report.TablesAfter);
                json.WriteNumber("seconds", report.Duration.TotalSeconds);
            });
        }
        else
        {
            context.Console.Out.WriteLine($"Compacted '{storePath}' in {Show.Duration(report.Duration)}: {Show.Bytes(report.BytesBefore)} -> {Show.Bytes(report.BytesAfter)} ({Show.Bytes(report.BytesReclaimed)} reclaimed), {report.TablesBefore} -> {report.TablesAfter} tables.");
        }

        return ExitCodes.Ok;
    }
}
