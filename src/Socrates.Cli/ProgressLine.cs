using System.Diagnostics;
using System.Globalization;

namespace Socrates.Cli;

/// <summary>
/// One line on a terminal's stderr, rewritten in place, shown only once a run has taken a second: a quick run
/// prints nothing extra, and the line is erased before the result is written.
/// </summary>
public sealed class ProgressLine : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter _error;
    private readonly AnalysisProgressView _view;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private bool _shown;
    private bool _disposed;

    private ProgressLine(TextWriter error, AnalysisProgressView view)
    {
        _error = error;
        _view = view;
        _timer = new Timer(_ => Draw(), null, Delay, Interval);
    }

    public static ProgressLine Start(TextWriter error, Socrates.Analysis.AnalysisProgress progress, Stopwatch clock) =>
        new(error, new AnalysisProgressView(progress, clock));

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_shown && !_disposed)
            {
                // Carriage return and "erase line": the result starts on a clean line.
                _error.Write("\r\u001b[2K");
                _error.Flush();
            }

            _disposed = true;
        }
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _error.Write("\r\u001b[2K" + _view.Describe());
            _error.Flush();
            _shown = true;
        }
    }

    private sealed record AnalysisProgressView(Socrates.Analysis.AnalysisProgress Progress, Stopwatch Clock)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"analysing: {Progress.FilesListed:N0} files listed, {Progress.FilesClassified:N0} read ({Clock.Elapsed.TotalSeconds:0} s)");
    }
}
