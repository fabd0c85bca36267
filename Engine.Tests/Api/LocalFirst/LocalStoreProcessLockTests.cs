using System.Diagnostics;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Bench.Crash;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api.LocalFirst;

/// <summary>
/// Several processes on one store (spec edge case 1.5.3): a second process's open fails with
/// <see cref="DatabaseLockedException"/> while the first holds the store, and succeeds once it is closed. The second
/// process is a real one, <c>Engine.Bench local-open</c>, so the lock is tested across processes, not only within one.
/// </summary>
[Trait("Category", "Disk")]
public sealed class LocalStoreProcessLockTests
{
    private static readonly TimeSpan s_childTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void AChildProcess_IsRefusedWhileTheParentHoldsTheStore_AndOpensOnceItIsClosed()
    {
        using TempDirectory temp = new("lock");
        string directory = temp.Combine("store");
        using (LocalStore store = LocalStore.Open(directory))
        {
            (int exit, string line, string error) = RunChild(directory);
            Assert.Equal((LocalOpenCommand.ExitLocked, "locked"), (exit, line));
            Assert.Contains(Path.Combine(directory, "db"), error, StringComparison.Ordinal);
        }

        (int reopened, string reopenedLine, _) = RunChild(directory);
        Assert.Equal((LocalOpenCommand.ExitOpened, "opened"), (reopened, reopenedLine));
    }

    [Fact]
    public void TheParent_IsRefusedWhileAChildHoldsTheStore_WithAClearError_AndOpensOnceTheChildExits()
    {
        using TempDirectory temp = new("lock");
        string directory = temp.Combine("store");
        using Process child = StartChild(directory, hold: true);
        try
        {
            Assert.Equal("opened", child.StandardOutput.ReadLine());
            DatabaseLockedException error = Assert.Throws<DatabaseLockedException>(() => LocalStore.Open(directory));
            Assert.Equal(StorageErrorCode.FailedPrecondition, error.Code);
            Assert.Equal(Path.Combine(directory, "db", "LOCK"), error.LockPath);
            Assert.Contains("already open", error.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(directory, "db"), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            child.StandardInput.WriteLine("exit");
            child.StandardInput.Close();
            Assert.True(child.WaitForExit(s_childTimeout), "the child did not exit when told to");
        }

        Assert.Equal(LocalOpenCommand.ExitOpened, child.ExitCode);
        using LocalStore store = LocalStore.Open(directory);
        Assert.Equal(directory, store.Directory);
    }

    /// <summary>Runs <c>local-open DIR</c> to its end; returns its exit code, its stdout line and its stderr.</summary>
    private static (int Exit, string Line, string Error) RunChild(string directory)
    {
        using Process child = StartChild(directory, hold: false);
        Task<string> error = child.StandardError.ReadToEndAsync();
        string line = child.StandardOutput.ReadLine() ?? string.Empty;
        Assert.True(child.WaitForExit(s_childTimeout), "the child did not exit");
        return (child.ExitCode, line, error.GetAwaiter().GetResult());
    }

    private static Process StartChild(string directory, bool hold)
    {
        string bench = Path.Combine(AppContext.BaseDirectory, "Engine.Bench.dll");
        string dotnet = Environment.ProcessPath is string host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        ProcessStartInfo start = new(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(bench);
        start.ArgumentList.Add("local-open");
        start.ArgumentList.Add(directory);
        if (hold)
        {
            start.ArgumentList.Add("--hold");
        }

        return Process.Start(start) ?? throw new InvalidOperationException("the child did not start");
    }
}
