using System.CommandLine;
using System.Diagnostics;
using System.IO;
using Engine.Cli.Output;
using Engine.Cli.Store;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine pack ARTIFACT [--store DIR]</c>: the store packed into one file (our artifact format, written atomically),
/// from a consistent checkpoint; the store is only read.
/// </summary>
internal static class PackCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> artifact = new("artifact") { Description = "The packed artifact to write (replaced atomically)." };
        Option<string> store = StoreOption.Create();
        Command command = new("pack", "Pack a store into a single-file artifact.") { artifact, store };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(artifact)!, parse.GetValue(store)!));
        return command;
    }

    private static int Run(CommandContext context, string artifact, string storePath)
    {
        if (Directory.Exists(artifact))
        {
            throw new CliException(ExitCodes.Usage, $"'{artifact}' is a directory, not a file to pack into");
        }

        Stopwatch clock = Stopwatch.StartNew();
        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Read);
        int syncs = SyncRuns.All(handle.Store).Count;
        long storeBytes = handle.Store.CurrentSizeBytes();
        ProgressRunner.Run(context, $"packing into {Path.GetFileName(artifact)}", () =>
        {
            handle.Store.Pack(artifact);
            return true;
        });
        clock.Stop();
        long bytes = new FileInfo(artifact).Length;
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, json =>
            {
                json.WriteString("artifact", artifact);
                json.WriteString("store", storePath);
                json.WriteNumber("syncs", syncs);
                json.WriteNumber("storeBytes", storeBytes);
                json.WriteNumber("bytes", bytes);
                json.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
            });
        }
        else
        {
            context.Console.Out.WriteLine($"Packed {Show.Count(syncs)} syncs of '{storePath}' ({Show.Bytes(storeBytes)}) into '{artifact}' ({Show.Bytes(bytes)}) in {Show.Duration(clock.Elapsed)}.");
        }

        return ExitCodes.Ok;
    }
}
