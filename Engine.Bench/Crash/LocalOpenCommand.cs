using Engine.Api;
using Engine.Api.LocalFirst;

namespace Engine.Bench.Crash;

/// <summary>
/// The <c>local-open</c> verb: the child of the several-processes test. Opens a <see cref="LocalStore"/> in DIR and
/// prints one line, <c>opened</c> or <c>locked</c>, so a parent process checks the lock file across processes.
/// </summary>
/// <remarks>
/// With <c>--hold</c> it keeps the store open until a line (or the end) arrives on stdin, so the parent can try its own
/// open meanwhile. Exit codes: 0 opened (and closed again), 3 locked, 1 any other failure, 2 usage.
/// Stateless; one thread.
/// </remarks>
internal static class LocalOpenCommand
{
    public const int ExitOpened = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitLocked = 3;

    public static int Run(string[] args)
    {
        if (args.Length is 0 or > 2 || (args.Length == 2 && args[1] != "--hold"))
        {
            Console.Error.WriteLine("usage: Engine.Bench local-open DIR [--hold]");
            return ExitUsage;
        }

        try
        {
            using LocalStore store = LocalStore.Open(args[0]);
            Console.Out.WriteLine("opened");
            Console.Out.Flush();
            if (args.Length == 2)
            {
                // The parent writes a line, or closes stdin, when it has tried its own open.
                _ = Console.In.ReadLine();
            }
        }
        catch (DatabaseLockedException ex)
        {
            Console.Out.WriteLine("locked");
            Console.Error.WriteLine(ex.Message);
            return ExitLocked;
        }
        catch (Exception ex)
        {
            Console.Out.WriteLine("failed");
            Console.Error.WriteLine(ex);
            return ExitFailed;
        }

        return ExitOpened;
    }
}
