using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>Every log entry the server writes, at every level, as text: to prove what never appears in a log.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    /// <summary>Adds the capture to a test server, below whatever level the configuration sets for other providers.</summary>
    public void AttachTo(IWebHostBuilder builder) => builder.ConfigureLogging(logging =>
    {
        logging.AddProvider(this);
        logging.AddFilter<CapturedLogs>(category: null, LogLevel.Trace);
    });

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The formatted message, every structured value (some never reach the template), and the whole exception.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : state?.ToString();
            entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}

internal static class CapturedLogsServices
{
    public static CapturedLogs Logs(this IServiceProvider services) =>
        services.GetServices<ILoggerProvider>().OfType<CapturedLogs>().Single();
}
