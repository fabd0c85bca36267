using System.Diagnostics;

namespace Engine.Fuzz.Driver;

/// <summary>
/// Runs a target over inputs on a worker thread while the calling thread watches the clock: an input that runs past
/// <see cref="FuzzOptions.InputTimeout"/> is reported as a hang, and the worker (a background thread that cannot be
/// aborted) is abandoned.
/// </summary>
/// <remarks>
/// Each input is also measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>, so a parser that trusts a
/// length field and allocates what it says is caught even when the allocation succeeds. One run per instance; the
/// instance is driven by the thread that calls <see cref="Fuzz"/> or <see cref="Replay"/>.
/// </remarks>
internal sealed class FuzzRunner
{
    private static readonly TimeSpan s_watchInterval = TimeSpan.FromMilliseconds(20);

    private readonly IFuzzTarget _target;
    private readonly FuzzOptions _options;

    // Shared between the worker and the watchdog: the input being run and when it started (0 when idle).
    private byte[] _current = [];
    private long _startedAt;
    private long _iterations;
    private volatile bool _stop;
    private FuzzFailure? _failure;

    public FuzzRunner(IFuzzTarget target, FuzzOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Duration is null && options.MaxIterations is null)
        {
            throw new ArgumentException("A run needs a duration or an iteration limit.", nameof(options));
        }

        _target = target;
        _options = options;
    }

    /// <summary>Runs inputs mutated from <paramref name="corpus"/> until the duration or the iteration limit is reached, or one fails.</summary>
    public FuzzReport Fuzz(IReadOnlyList<byte[]> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        Mutator mutator = new(_options.Seed, corpus, _options.MaxInputLength);
        return Supervise(corpus.Count, _options.Duration, () =>
        {
            // The corpus itself goes first, so that a seed that fails is reported as itself.
            foreach (byte[] seed in corpus)
            {
                if (_stop || !RunOne(seed))
                {
                    return;
                }
            }

            while (!_stop && (_options.MaxIterations is not long max || Volatile.Read(ref _iterations) < max))
            {
                if (!RunOne(mutator.Next()))
                {
                    return;
                }
            }
        });
    }

    /// <summary>Runs one input, with the same checks as <see cref="Fuzz"/>.</summary>
    public FuzzReport Replay(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Supervise(1, null, () => RunOne(input));
    }

    private FuzzReport Supervise(int corpusSize, TimeSpan? duration, Action work)
    {
        Stopwatch clock = Stopwatch.StartNew();
        Thread worker = new(() => work())
        {
            IsBackground = true,
            Name = $"fuzz {_target.Name}",
        };

        worker.Start();
        while (!worker.Join(s_watchInterval))
        {
            long startedAt = Volatile.Read(ref _startedAt);
            if (startedAt != 0 && Stopwatch.GetElapsedTime(startedAt) > _options.InputTimeout)
            {
                byte[] input = Volatile.Read(ref _current);
                Report(new FuzzFailure(FailureKind.Hang, input, $"one input ran for more than {_options.InputTimeout.TotalSeconds:0.###} s"));
                break;
            }

            if (duration is TimeSpan limit && clock.Elapsed >= limit)
            {
                _stop = true;
            }
        }

        return new FuzzReport(_target.Name, _options.Seed, Volatile.Read(ref _iterations), clock.Elapsed, corpusSize, Volatile.Read(ref _failure));
    }

    /// <summary>Runs one input on the worker; false when it failed (and the run stops).</summary>
    private bool RunOne(byte[] input)
    {
        Volatile.Write(ref _current, input);
        Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = null;
        try
        {
            _target.Run(input);
        }
#pragma warning disable CA1031 // Every exception is examined: those the target does not expect are the findings.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Volatile.Write(ref _startedAt, 0);
        Interlocked.Increment(ref _iterations);

        if (error is not null && !_target.IsExpectedRejection(error))
        {
            Report(new FuzzFailure(FailureKind.Exception, input, error.ToString()) { Exception = error });
            return false;
        }

        long limit = _options.AllocationLimit(input.Length);
        if (allocated > limit)
        {
            Report(new FuzzFailure(FailureKind.Allocation, input, $"an input of {input.Length} bytes allocated {allocated} bytes (limit {limit})")
            {
                AllocatedBytes = allocated,
            });
            return false;
        }

        return true;
    }

    private void Report(FuzzFailure failure)
    {
        Interlocked.CompareExchange(ref _failure, failure, null);
        _stop = true;
    }
}
