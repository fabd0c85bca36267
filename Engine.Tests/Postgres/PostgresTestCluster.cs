using System.Diagnostics;
using Npgsql;

namespace Engine.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the tests use, once per test process: <c>ENGINE_TEST_POSTGRES</c> (a connection string, as
/// <c>.ci/run</c> exports it) when set; otherwise a throwaway cluster started with scripts/postgres-test-cluster.sh and
/// stopped when the process exits. When neither works the tests that need it fail with the reason; they never skip.
/// </summary>
internal static class PostgresTestCluster
{
    private static readonly Lazy<string> s_connectionString = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The server's connection string (to its maintenance database).</summary>
    public static string ConnectionString => s_connectionString.Value;

    /// <summary>A connection string for database <paramref name="database"/> on the server, with a small pool.</summary>
    public static string ForDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database, MaxPoolSize = 20 }.ConnectionString;

    private static string Resolve()
    {
        string? configured = Environment.GetEnvironmentVariable("ENGINE_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        string script = LocateScript();
        string directory = Path.Combine(Path.GetTempPath(), $"engine-pg-tests-{Environment.ProcessId}-{Guid.NewGuid():N}");
        // The script also watches this process and stops the cluster when it is gone, should the exit handler below
        // not get to run.
        (int exitCode, string stdout, string stderr) = Run(script, "start", directory, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (exitCode != 0)
        {
            Run(script, "stop", directory);
            throw new InvalidOperationException(
                "The PostgreSQL tests need a server: set ENGINE_TEST_POSTGRES to a connection string of a superuser, or install PostgreSQL " +
                $"(Debian: apt-get install postgresql) so that {script} can start a throwaway cluster. The script said:{Environment.NewLine}{stderr}{stdout}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "stop", directory);
        return stdout.Trim().Split('\n')[^1];
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string script, params string[] arguments)
    {
        ProcessStartInfo start = new("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, "", $"bash could not run: {ex.Message}");
        }
    }

    private static string LocateScript()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "scripts", "postgres-test-cluster.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"No scripts/postgres-test-cluster.sh above {AppContext.BaseDirectory}; set ENGINE_TEST_POSTGRES to a PostgreSQL connection string.");
    }
}
