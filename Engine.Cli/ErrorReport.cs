using System;
using System.IO;
using Engine.Api;
using Engine.Api.Sync.V1;

namespace Engine.Cli;

/// <summary>Maps an exception that ends a command to its exit code and the one line printed on stderr.</summary>
internal static class ErrorReport
{
    public static int ExitCodeOf(Exception error) => error switch
    {
        CliException cli => cli.ExitCode,
        V1FileException or CorruptionException => ExitCodes.Damaged,
        StorageException storage => storage.Code switch
        {
            StorageErrorCode.NotFound => ExitCodes.NotFound,
            StorageErrorCode.InvalidArgument => ExitCodes.Usage,
            StorageErrorCode.Corruption or StorageErrorCode.DecryptionFailed => ExitCodes.Damaged,
            StorageErrorCode.ReadOnly or StorageErrorCode.FailedPrecondition or StorageErrorCode.AlreadyExists
                or StorageErrorCode.Unavailable or StorageErrorCode.ResourceExhausted => ExitCodes.Refused,
            _ => ExitCodes.Failure,
        },
        FileNotFoundException or DirectoryNotFoundException => ExitCodes.NotFound,
        ArgumentException => ExitCodes.Usage,
        UnauthorizedAccessException => ExitCodes.Refused,
        _ => ExitCodes.Failure,
    };

    /// <summary>The message, on one line: an exception's message may span lines, stderr gets one.</summary>
    public static string LineOf(Exception error)
    {
        string message = error is CliException or StorageException or V1FileException or IOException or ArgumentException
            or UnauthorizedAccessException
            ? error.Message
            : $"{error.GetType().Name}: {error.Message}";
        return message.ReplaceLineEndings(" ");
    }
}
