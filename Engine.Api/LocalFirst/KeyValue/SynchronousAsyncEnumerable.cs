using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>
/// An <see cref="IAsyncEnumerable{T}"/> over a synchronous sequence whose every step completes at once (an engine
/// iterator reads mapped or cached blocks): each <c>MoveNextAsync</c> is a completed task. The source is enumerated
/// anew for each <see cref="GetAsyncEnumerator"/>, so each <c>await foreach</c> reads afresh.
/// </summary>
/// <remarks>
/// Both the token given at creation and the one given to <see cref="GetAsyncEnumerator"/> (<c>WithCancellation</c>) are
/// checked before every step. One enumerator per consumer; not thread-safe.
/// </remarks>
internal sealed class SynchronousAsyncEnumerable<T> : IAsyncEnumerable<T>
{
    private readonly Func<IEnumerable<T>> _source;
    private readonly CancellationToken _cancellationToken;

    public SynchronousAsyncEnumerable(Func<IEnumerable<T>> source, CancellationToken cancellationToken)
    {
        _source = source;
        _cancellationToken = cancellationToken;
    }

    /// <inheritdoc/>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(_source().GetEnumerator(), _cancellationToken, cancellationToken);

    private sealed class Enumerator(IEnumerator<T> inner, CancellationToken created, CancellationToken enumerated) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            created.ThrowIfCancellationRequested();
            enumerated.ThrowIfCancellationRequested();
            return new ValueTask<bool>(inner.MoveNext());
        }

        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
