using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// Streamed reads through the tee: the primary's rows are yielded as they come and gathered; when the primary's stream
/// ends, the secondary's whole stream is read and compared. A stream abandoned early is not compared, nor one spanning
/// a write through the tee. A failure (when the call is made or while enumerating) must be matched by the secondary's
/// stream failing alike.
/// </summary>
public sealed partial class TeeSyncStore
{
    internal IEnumerable<T> ReadStream<T>(
        string method,
        Func<string> arguments,
        Func<ISyncStore, IEnumerable<T>> primary,
        Func<ISyncStore, IEnumerable<T>> secondary,
        TeeComparison<IReadOnlyList<T>> comparison)
    {
        (IEnumerable<T>? source, Exception? error) = Run(_primary, primary);
        if (error is not null)
        {
            CompareStreamFailure(method, arguments, error, secondary, comparison);
            ExceptionDispatchInfo.Throw(error);
        }

        return new TeeStream<T>(this, method, arguments, source!, secondary, comparison);
    }

    /// <summary>The primary's stream failed: the secondary's, read whole, must fail with the same kind of error.</summary>
    private void CompareStreamFailure<T>(
        string method, Func<string> arguments, Exception error, Func<ISyncStore, IEnumerable<T>> secondary, TeeComparison<IReadOnlyList<T>> comparison)
    {
        (List<T>? rows, Exception? otherError) = Run(_secondary, s => secondary(s).ToList());
        Compare(method, arguments, (default(IReadOnlyList<T>), error), (rows, otherError), comparison);
    }

    /// <summary>The primary's stream, compared with the secondary's when enumerated to its end.</summary>
    private sealed class TeeStream<T>(
        TeeSyncStore tee,
        string method,
        Func<string> arguments,
        IEnumerable<T> source,
        Func<ISyncStore, IEnumerable<T>> secondary,
        TeeComparison<IReadOnlyList<T>> comparison) : IEnumerable<T>
    {
        public IEnumerator<T> GetEnumerator() => new Enumerator(tee.WriteGeneration, source.GetEnumerator, Fail, End);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private void Fail(Exception error) => tee.CompareStreamFailure(method, arguments, error, secondary, comparison);

        private void End(long generation, List<T> rows)
        {
            if (generation == tee.WriteGeneration)
            {
                (List<T>? other, Exception? error) = Run(tee._secondary, s => secondary(s).ToList());
                tee.Compare(method, arguments, (rows, null), (other, error), new ListAs<T>(comparison));
            }
        }

        /// <summary>Yields the primary's rows and gathers them; reports the end or the failure once.</summary>
        private sealed class Enumerator(long generation, Func<IEnumerator<T>> open, Action<Exception> fail, Action<long, List<T>> end) : IEnumerator<T>
        {
            private readonly List<T> _rows = [];
            private IEnumerator<T>? _inner;
            private bool _ended;

            public T Current => _inner!.Current;

            object? IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (_ended)
                {
                    return false;
                }

                try
                {
                    _inner ??= open();
                    if (_inner.MoveNext())
                    {
                        _rows.Add(_inner.Current);
                        return true;
                    }
                }
                catch (Exception ex) when (ex is not TeeDivergenceException)
                {
                    _ended = true;
                    fail(ex);
                    throw;
                }

                _ended = true;
                end(generation, _rows);
                return false;
            }

            public void Reset() => throw new NotSupportedException();

            public void Dispose() => _inner?.Dispose();
        }
    }
}
