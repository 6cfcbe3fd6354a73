using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>
/// Every SQL command EF Core runs in this process while it is alive, with its parameter values, as seen through
/// EF's DiagnosticListener. Tests share the process, so assertions pick their own commands by an id they own.
/// </summary>
public sealed class DatabaseCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];

    public DatabaseCommands() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    /// <summary>The commands whose text or parameters mention any of <paramref name="ids"/>, each once, in the order they ran.</summary>
    public IReadOnlyList<string> Mentioning(params Guid[] ids) =>
        [.. _commands.Where(c => ids.Any(id => c.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)))];

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData { Command: DbCommand command })
        {
            var parameters = command.Parameters.Cast<DbParameter>().Select(p => $"{p.ParameterName}={p.Value}");
            _commands.Enqueue($"{command.CommandText} [{string.Join(", ", parameters)}]");
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
