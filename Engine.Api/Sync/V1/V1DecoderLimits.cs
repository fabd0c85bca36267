using System;
using System.Globalization;

namespace Engine.Api.Sync.V1;

/// <summary>
/// How much a v1 <c>.c1z</c> may make the decoder produce and hold, checked before anything is allocated
/// (shared/spec/baton-storage.md, section 4.17). The defaults are the reference's.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record V1DecoderLimits
{
    /// <summary>The reference's default for <see cref="MaxDecodedBytes"/>: 10 GiB.</summary>
    public const long DefaultMaxDecodedBytes = 10L << 30;

    /// <summary>The reference's default for <see cref="MaxWindowBytes"/>: 128 MiB.</summary>
    public const long DefaultMaxWindowBytes = 128L << 20;

    /// <summary>The environment variable that sets <see cref="MaxDecodedBytes"/>, in MiB.</summary>
    public const string MaxDecodedSizeVariable = "BATON_DECODER_MAX_DECODED_SIZE_MB";

    /// <summary>The environment variable that sets <see cref="MaxWindowBytes"/>, in MiB.</summary>
    public const string MaxMemoryVariable = "BATON_DECODER_MAX_MEMORY_MB";

    /// <summary>The environment variable that, set to <c>1</c>, turns <see cref="FailFastOnContentSize"/> off.</summary>
    public const string DisableFcsFailFastVariable = "BATON_DISABLE_FCS_FAIL_FAST";

    private readonly long _maxDecodedBytes = DefaultMaxDecodedBytes;
    private readonly long _maxWindowBytes = DefaultMaxWindowBytes;

    /// <summary>The reference's limits: 10 GiB decoded, a 128 MiB window, fail fast on a declared size.</summary>
    public static V1DecoderLimits Default { get; } = new();

    /// <summary>The most bytes a frame may decode to, in bytes; at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public long MaxDecodedBytes
    {
        get => _maxDecodedBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxDecodedBytes = value;
        }
    }

    /// <summary>The largest window a frame may ask for, in bytes (the decoder's history buffer); at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public long MaxWindowBytes
    {
        get => _maxWindowBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxWindowBytes = value;
        }
    }

    /// <summary>
    /// Whether a frame whose header declares more than <see cref="MaxDecodedBytes"/> fails before decoding (true, the
    /// default) or only once its output passes the limit (the reference's kill-switch for a wrong declared size).
    /// </summary>
    public bool FailFastOnContentSize { get; init; } = true;

    /// <summary>
    /// The limits the reference's decoder takes from the environment: <c>BATON_DECODER_MAX_DECODED_SIZE_MB</c> and
    /// <c>BATON_DECODER_MAX_MEMORY_MB</c> in MiB (a value that is not an unsigned integer is ignored, as the reference
    /// ignores it), and <c>BATON_DISABLE_FCS_FAIL_FAST=1</c>.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a variable is 0, which the reference rejects too.</exception>
    public static V1DecoderLimits FromEnvironment() => new()
    {
        MaxDecodedBytes = Mebibytes(MaxDecodedSizeVariable) ?? DefaultMaxDecodedBytes,
        MaxWindowBytes = Mebibytes(MaxMemoryVariable) ?? DefaultMaxWindowBytes,
        FailFastOnContentSize = Environment.GetEnvironmentVariable(DisableFcsFailFastVariable) != "1",
    };

    private static long? Mebibytes(string variable)
    {
        string? text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text) || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong mebibytes))
        {
            return null;
        }

        if (mebibytes == 0)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"{variable} must be at least 1 (MiB)");
        }

        // The reference multiplies in uint64; anything past long.MaxValue bytes is no limit at all.
        return mebibytes > (ulong)(long.MaxValue >> 20) ? long.MaxValue : (long)mebibytes << 20;
    }
}
