using System;
using System.Diagnostics.CodeAnalysis;

namespace Engine.Api.Sync.Store;

/// <summary>Throws the sync store's failures with the codes that mirror the reference's gRPC codes.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SyncErrors
{
    [DoesNotReturn]
    public static void NotFound(string message) => throw new StorageException(StorageErrorCode.NotFound, message);

    [DoesNotReturn]
    public static void InvalidArgument(string message) => throw new StorageException(StorageErrorCode.InvalidArgument, message);

    [DoesNotReturn]
    public static void AlreadyExists(string message) => throw new StorageException(StorageErrorCode.AlreadyExists, message);

    [DoesNotReturn]
    public static void FailedPrecondition(string message) => throw new StorageException(StorageErrorCode.FailedPrecondition, message);

    [DoesNotReturn]
    public static void ResourceExhausted(string message) => throw new StorageException(StorageErrorCode.ResourceExhausted, message);

    [DoesNotReturn]
    public static void ReadOnly() => throw new StorageException(StorageErrorCode.ReadOnly, "the sync store is open read-only");

    [DoesNotReturn]
    public static void ReadOnly(string message) => throw new StorageException(StorageErrorCode.ReadOnly, message);

    [DoesNotReturn]
    public static void Internal(string message) => throw new StorageException(StorageErrorCode.Internal, message);

    /// <summary>A stored value that does not parse: corruption naming the store and the key.</summary>
    [DoesNotReturn]
    public static void CorruptValue(string storePath, ReadOnlySpan<byte> key, string reason, Exception? inner = null) =>
        throw new CorruptionException(storePath, key, reason, inner);
}
