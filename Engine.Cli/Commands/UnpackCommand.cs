using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Engine.Api.Sync;
using Engine.Api.Sync.Artifact;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Engine.Core.Storage;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine unpack ARTIFACT [--store DIR]</c>: a packed artifact into a new store directory (absent or empty; anything
/// else is refused), every file's length and checksum checked, the files synced, and the store opened once to prove it.
/// </summary>
internal static class UnpackCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> artifact = new("artifact") { Description = "The packed artifact to unpack." };
        Option<string> store = StoreOption.Create("The new store directory: absent or empty (default: $ENGINE_STORE, else the default store folder).");
        Command command = new("unpack", "Unpack a single-file artifact into a new store directory.") { artifact, store };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(artifact)!, parse.GetValue(store)!));
        return command;
    }

    private static int Run(CommandContext context, string artifact, string target)
    {
        if (!File.Exists(artifact))
        {
            throw new CliException(ExitCodes.NotFound, $"no artifact at '{artifact}'");
        }

        if (StoreOpener.KindOfFile(artifact) != StoreKind.Artifact)
        {
            throw new CliException(ExitCodes.Usage, $"'{artifact}' is a v1 .c1z file, not a packed artifact: use {CliApp.Name} import");
        }

        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new CliException(ExitCodes.Refused, $"'{target}' is not empty: unpack into a new or empty directory");
        }

        bool existed = Directory.Exists(target);
        Stopwatch clock = Stopwatch.StartNew();
        int syncs;
        try
        {
            syncs = ProgressRunner.Run(context, $"unpacking {Path.GetFileName(artifact)}", () =>
            {
                ArtifactReader.Unpack(LocalFileSystem.Instance, artifact, target);
                SyncFiles(target);
                using SyncStore store = SyncStore.Open(target, SyncStoreOptions.Default with { ReadOnly = true });
                return SyncRuns.All(store).Count;
            });
        }
        catch
        {
            RemoveUnpacked(target, existed);
            throw;
        }

        clock.Stop();
        long bytes = Directory.EnumerateFiles(target).Sum(file => new FileInfo(file).Length);
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, json =>
            {
                json.WriteString("artifact", artifact);
                json.WriteString("store", target);
                json.WriteNumber("syncs", syncs);
                json.WriteNumber("bytes", bytes);
                json.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
            });
        }
        else
        {
            context.Console.Out.WriteLine($"Unpacked '{artifact}' into '{target}': {Show.Count(syncs)} syncs, {Show.Bytes(bytes)}, in {Show.Duration(clock.Elapsed)}.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Forces every unpacked file to disk: the unpacker writes a scratch copy and does not, a store directory must.</summary>
    private static void SyncFiles(string directory)
    {
        foreach (string file in Directory.EnumerateFiles(directory))
        {
            using FileStream stream = new(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Leaves the target as it was after a failure: removed when it was created, emptied when it existed empty.</summary>
    private static void RemoveUnpacked(string target, bool existed)
    {
        if (!Directory.Exists(target))
        {
            return;
        }

        if (!existed)
        {
            Directory.Delete(target, recursive: true);
            return;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(target))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }
}
