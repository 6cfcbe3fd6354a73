using Microsoft.Extensions.Options;
using Socrates.Analysis;
using Socrates.Api.Keys;

namespace Socrates.Api.GitHub;

/// <summary>
/// Fetches and analyses one repository for a user within the configured wall-clock limit, and always
/// removes the temporary folder. The user's GitHub token comes from their encrypted API keys (provider "github").
/// </summary>
public sealed class RepositoryAnalysisService(
    RepositoryFetcher fetcher,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ProviderKeys keys,
    FetchSlots slots)
{
    public Task<RepositoryAnalysis> AnalyzeAsync(Guid userId, string repoUrl, string? reference, CancellationToken ct) =>
        AnalyzeAsync(userId, repoUrl, reference, fetched: null, ct);

    /// <param name="fetched">Called when the repository is unpacked and its analysis begins, for a caller showing progress.</param>
    public async Task<RepositoryAnalysis> AnalyzeAsync(Guid userId, string repoUrl, string? reference, Action? fetched, CancellationToken ct)
    {
        // Parse first: a rejected URL costs no key lookup and no network.
        var url = RepositoryUrl.Parse(repoUrl, options.Value, reference);
        var token = url.IsGitHub ? await FindTokenAsync(userId, ct) : null;

        using var deadline = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var slot = await slots.EnterAsync(linked.Token);
            await using var repository = await fetcher.FetchAsync(url, token, linked.Token);
            fetched?.Invoke();
            var analysis = await Task.Run(
                () => RepositoryAnalyzer.Default.Analyze(repository.Root, repository.Source, options.Value.Limits, repository.RealSizes, ct: linked.Token),
                linked.Token);
            return analysis with { Warnings = [.. repository.Warnings, .. analysis.Warnings] };
        }
        catch (RepositoryTooLargeException e)
        {
            throw GitHubProblems.TooLarge(e);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw GitHubProblems.TimedOut(options.Value.Timeout);
        }
    }

    /// <summary>The caller's stored GitHub token, or null when they stored none.</summary>
    /// <exception cref="ApiKeyUnreadableException">The stored token cannot be decrypted; the exception handler says what to do.</exception>
    public Task<string?> FindTokenAsync(Guid userId, CancellationToken ct) => keys.FindAsync(userId, GitHubSetup.KeyProvider, ct);
}

/// <summary>Bounds how many repositories are fetched and unpacked at once (GitHub:MaxConcurrentFetches).</summary>
public sealed class FetchSlots(IOptions<GitHubOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentFetches, options.Value.MaxConcurrentFetches);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
