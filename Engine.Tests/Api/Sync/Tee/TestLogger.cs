using Microsoft.Extensions.Logging;

namespace Engine.Tests.Api.Sync.Tee;

/// <summary>An <see cref="ILogger"/> that keeps every entry, for asserting what a component logged.</summary>
internal sealed class TestLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}
