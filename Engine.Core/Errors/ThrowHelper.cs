using System;
using System.Diagnostics.CodeAnalysis;
using Engine.Api;

namespace Engine.Core.Errors;

/// <summary>
/// Throw sites kept out of line so that the methods that call them stay small enough to inline.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowCorruption(string filePath, long offset, string reason) =>
        throw new CorruptionException(filePath, offset, reason);

    [DoesNotReturn]
    public static T ThrowCorruption<T>(string filePath, long offset, string reason) =>
        throw new CorruptionException(filePath, offset, reason);

    [DoesNotReturn]
    public static void ThrowInvalidArgument(string message) =>
        throw new StorageException(StorageErrorCode.InvalidArgument, message);

    /// <summary>A caller's span cannot hold what is being written into it; an <see cref="StorageErrorCode.InvalidArgument"/>.</summary>
    [DoesNotReturn]
    public static void ThrowDestinationTooSmall(long needed, long available) =>
        throw new StorageException(
            StorageErrorCode.InvalidArgument,
            $"The destination is too small: {needed} bytes needed, {available} available.");

    [DoesNotReturn]
    public static void ThrowFailedPrecondition(string message) =>
        throw new StorageException(StorageErrorCode.FailedPrecondition, message);

    [DoesNotReturn]
    public static void ThrowNotFound(string message) =>
        throw new StorageException(StorageErrorCode.NotFound, message);

    [DoesNotReturn]
    public static void ThrowAlreadyExists(string message) =>
        throw new StorageException(StorageErrorCode.AlreadyExists, message);

    [DoesNotReturn]
    public static void ThrowReadOnly(string message) =>
        throw new ReadOnlyException(message);

    [DoesNotReturn]
    public static void ThrowResourceExhausted(string message) =>
        throw new StorageException(StorageErrorCode.ResourceExhausted, message);

    [DoesNotReturn]
    public static void ThrowInternal(string message) =>
        throw new StorageException(StorageErrorCode.Internal, message);

    [DoesNotReturn]
    public static void ThrowUnavailable(string message, Exception? inner) =>
        throw new StorageException(StorageErrorCode.Unavailable, message, inner);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);

    /// <summary>Reports that the lock file of a store is held, by another process or by another open in this one.</summary>
    [DoesNotReturn]
    public static void ThrowStoreLocked(string lockPath, Exception? inner) =>
        throw new DatabaseLockedException(lockPath, inner);

    /// <summary>Reports a write that failed for lack of space (ENOSPC, a quota): nothing of it is acknowledged.</summary>
    [DoesNotReturn]
    public static void ThrowStorageFull(string message, Exception? inner = null) =>
        throw new StorageFullException(message, inner);

    /// <summary>Reports a file written by a newer (or otherwise unreadable) format version than this engine reads.</summary>
    [DoesNotReturn]
    public static void ThrowUnsupportedFormatVersion(string path, long foundVersion, long supportedVersion) =>
        throw new UnsupportedFormatVersionException(path, foundVersion, supportedVersion);

    /// <summary>
    /// Wraps an I/O failure of the file system with the path it concerns. A missing file or directory becomes
    /// <see cref="StorageErrorCode.NotFound"/>, a full disk a <see cref="StorageFullException"/>, and
    /// anything else <see cref="StorageErrorCode.Unavailable"/>.
    /// </summary>
    public static StorageException FromIOException(string path, Exception ex)
    {
        if (ex is StorageException storage)
        {
            return storage;
        }

        if (ex is System.IO.FileNotFoundException or System.IO.DirectoryNotFoundException)
        {
            return new StorageException(StorageErrorCode.NotFound, $"'{path}' does not exist: {ex.Message}", ex);
        }

        if (IsDiskFull(ex))
        {
            return new StorageFullException($"no space left to write '{path}': {ex.Message}", ex);
        }

        return new StorageException(StorageErrorCode.Unavailable, $"I/O failed on '{path}': {ex.Message}", ex);
    }

    private static bool IsDiskFull(Exception ex)
    {
        // ENOSPC (28) and EDQUOT (122) on Unix; ERROR_DISK_FULL (0x70) and ERROR_HANDLE_DISK_FULL (0x27) on Windows.
        int code = ex.HResult & 0xFFFF;
        return ex is System.IO.IOException && code is 28 or 122 or 0x70 or 0x27;
    }
}
