using System.Diagnostics;
using Socrates.Api.Export;

namespace Socrates.Api.Tests.Export;

/// <summary>Strict validators accept the PDF: qpdf (Debian's qpdf package, installed by .ci/run) checks its structure and streams.</summary>
public sealed class PdfValidityTests
{
    private static readonly PdfExporter Exporter = new();

    [Fact]
    public async Task Qpdf_checks_an_export_of_a_hostile_project_without_a_warning()
    {
        var (exit, output) = await QpdfCheckAsync(Exporter.Render(ExportSamples.Hostile(), "Ada <Lovelace> (\\ \"x\")"));

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("No syntax or stream encoding errors found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Qpdf_checks_a_large_export_without_a_warning()
    {
        var (exit, output) = await QpdfCheckAsync(Exporter.Render(ExportSamples.Large(2_000, 5, 50)));

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
    }

    internal static async Task<(int Exit, string Output)> QpdfCheckAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"socrates-qpdf-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf, TestContext.Current.CancellationToken);
        try
        {
            var start = new ProcessStartInfo("qpdf", ["--check", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("qpdf did not start: install Debian's qpdf package.");
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
