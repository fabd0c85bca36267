using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Engine.Api.Sync.Tee;

/// <summary>The comparison of one call: run it on both stores, compare the answers or the errors, report a divergence.</summary>
public sealed partial class TeeSyncStore
{
    private static readonly Action<ILogger, string, string, string, string, string, Exception?> s_logDivergence =
        LoggerMessage.Define<string, string, string, string, string>(
            LogLevel.Warning,
            new EventId(1, "TeeDivergence"),
            "Sync store tee divergence in {Method}({Arguments}): {Difference}; primary: {Primary}; secondary: {Secondary}");

    // Counts calls that may change what a read returns; a listing or stream spanning one is not compared (the two
    // engines cut their pages at different rows, so their halves straddle the write differently).
    private long _writes;

    private long WriteGeneration => Interlocked.Read(ref _writes);

    /// <summary>
    /// Runs a read on both stores: the primary's answer is returned (or its error rethrown) after comparing it with the
    /// secondary's, whose sync ids <paramref name="toPrimaryIds"/> translates first.
    /// </summary>
    internal T Read<T>(
        string method,
        Func<string> arguments,
        Func<ISyncStore, T> primary,
        Func<ISyncStore, T> secondary,
        TeeComparison<T> comparison,
        Func<T, T>? toPrimaryIds = null)
    {
        (T? primaryValue, Exception? primaryError) = Run(_primary, primary);
        (T? secondaryValue, Exception? secondaryError) = Run(_secondary, secondary);
        Compare(method, arguments, (primaryValue, primaryError), (secondaryValue, secondaryError), comparison, toPrimaryIds);
        if (primaryError is not null)
        {
            ExceptionDispatchInfo.Throw(primaryError);
        }

        return primaryValue!;
    }

    /// <summary>Runs a write on both stores, the primary first, and compares their outcomes as <see cref="Read"/> does.</summary>
    internal T Write<T>(
        string method,
        Func<string> arguments,
        Func<ISyncStore, T> primary,
        Func<ISyncStore, T> secondary,
        TeeComparison<T> comparison)
    {
        Interlocked.Increment(ref _writes);
        try
        {
            return Read(method, arguments, primary, secondary, comparison);
        }
        finally
        {
            // Counted again after, so a read that runs concurrently with the write sees the generation change.
            Interlocked.Increment(ref _writes);
        }
    }

    /// <summary>Runs a write without an answer on both stores; only the outcomes (success or error code) are compared.</summary>
    internal void Write(string method, Func<string> arguments, Action<ISyncStore> primary, Action<ISyncStore> secondary) =>
        Write(method, arguments, s => { primary(s); return true; }, s => { secondary(s); return true; }, ValueComparison<bool>.Default);

    /// <summary>Compares two outcomes and reports a divergence: different errors, one error, or different answers.</summary>
    internal void Compare<T>(
        string method,
        Func<string> arguments,
        (T? Value, Exception? Error) primary,
        (T? Value, Exception? Error) secondary,
        TeeComparison<T> comparison,
        Func<T, T>? toPrimaryIds = null)
    {
        if (primary.Error is null && secondary.Error is null)
        {
            T other = toPrimaryIds is null ? secondary.Value! : toPrimaryIds(secondary.Value!);
            if (comparison.Difference(primary.Value!, other) is { } difference)
            {
                Diverge(method, arguments, comparison.Render(primary.Value!), comparison.Render(other), difference, null);
            }

            return;
        }

        string primaryText = primary.Error is null ? comparison.Render(primary.Value!) : TeeText.Error(primary.Error);
        string secondaryText = secondary.Error is null ? comparison.Render(secondary.Value!) : TeeText.Error(secondary.Error);
        if (primary.Error is null)
        {
            Diverge(method, arguments, primaryText, secondaryText, $"only the secondary failed ({ErrorKind(secondary.Error!)})", secondary.Error);
        }
        else if (secondary.Error is null)
        {
            Diverge(method, arguments, primaryText, secondaryText, $"only the primary failed ({ErrorKind(primary.Error)})", primary.Error);
        }
        else if (ErrorKind(primary.Error) != ErrorKind(secondary.Error))
        {
            Diverge(method, arguments, primaryText, secondaryText, $"the errors differ: {ErrorKind(primary.Error)} against {ErrorKind(secondary.Error)}", primary.Error);
        }
    }

    /// <summary>Reports a divergence through every channel, then throws when the options say so.</summary>
    internal void Diverge(string method, Func<string> arguments, string primary, string secondary, string difference, Exception? error)
    {
        TeeDivergence divergence = new(method, arguments(), primary, secondary, difference);
        _options.OnDivergence?.Invoke(divergence);
        if (_options.Logger is { } logger)
        {
            s_logDivergence(logger, method, divergence.Arguments, difference, primary, secondary, error);
        }

        _divergences.Add(1, new KeyValuePair<string, object?>("method", method));
        if (_options.ThrowOnDivergence)
        {
            throw new TeeDivergenceException(divergence);
        }
    }

    /// <summary>What an error is for comparison: the code of a storage error, else the exception's type.</summary>
    internal static string ErrorKind(Exception error) => error is StorageException storage ? storage.Code.ToString() : error.GetType().Name;

    /// <summary>Runs one side's call, catching what it throws (a tee divergence from a nested tee passes through).</summary>
    internal static (T? Value, Exception? Error) Run<T>(ISyncStore store, Func<ISyncStore, T> call)
    {
        try
        {
            return (call(store), null);
        }
        catch (Exception ex) when (ex is not TeeDivergenceException)
        {
            return (default, ex);
        }
    }
}
