using Engine.Api.LocalFirst;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Cli.LocalFirst;

/// <summary>A temporary directory for the local-first verbs' tests, with the store at <see cref="Store"/> (not created).</summary>
internal sealed class LocalFirstCli : IDisposable
{
    private readonly TempDirectory _temp = new("cli-lf");

    /// <summary>Where the store lives; the first writing verb creates it.</summary>
    public string Store => _temp.Combine("store");

    /// <summary>A path in the test's temporary directory.</summary>
    public string Combine(string name) => _temp.Combine(name);

    /// <summary>Runs the command line with <c>--store</c> appended and asserts the exit code.</summary>
    public CliResult Run(int expectedExitCode, params string[] args)
    {
        CliResult result = CliRunner.Run([.. args, "--store", Store]);
        Assert.True(result.ExitCode == expectedExitCode, result.ToString());
        return result;
    }

    /// <summary>Opens the store in-process (holding its lock) until disposed.</summary>
    public LocalStore Open() => LocalStore.Open(Store);

    public void Dispose() => _temp.Dispose();
}
