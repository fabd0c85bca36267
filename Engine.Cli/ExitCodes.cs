namespace Engine.Cli;

/// <summary>The exit codes of every command (README, "Command line"); scripts may rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (for <c>verify</c>: and found no problem).</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure: an I/O error, a bug; the message says which.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments: an unknown command or option, a missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>A named file, store, sync or record does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>A file or store is damaged (or <c>verify</c> found problems), or is not what the command expects.</summary>
    public const int Damaged = 4;

    /// <summary>The store refused the operation in its current state: read-only, locked by another process, a sync open.</summary>
    public const int Refused = 5;
}
