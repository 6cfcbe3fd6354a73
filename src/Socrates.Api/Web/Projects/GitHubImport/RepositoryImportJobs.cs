using System.Collections.Concurrent;
using Socrates.Api.Http;
using Socrates.Api.RepositoryImport;

namespace Socrates.Api.Web.Projects.GitHubImport;

/// <summary>
/// Imports the web app started, run outside the request that started them so their page can show each stage as it
/// happens (the API's POST /api/v1/github/import answers once, at the end). Held in memory: a restart ends them, and
/// their pages then say so by answering 404; a finished one is forgotten after <see cref="KeepFinished"/>.
/// </summary>
public sealed class RepositoryImportJobs(
    IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<RepositoryImportJobs> logger)
{
    /// <summary>Imports one user may have running at once; each also waits for a fetch slot (GitHub:MaxConcurrentFetches).</summary>
    public const int MaxRunningPerUser = 3;

    public static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, RepositoryImportJob> _jobs = new();

    // Counting a user's running imports and adding one must be one step, or two started at once could both pass.
    private readonly Lock _starting = new();

    /// <summary>Starts the import of a request already validated, its URL already parsed.</summary>
    /// <exception cref="ProblemException">429 when the user already has <see cref="MaxRunningPerUser"/> imports running.</exception>
    public RepositoryImportJob Start(Guid ownerId, ImportRepositoryRequest request)
    {
        ForgetOldFinished();
        var job = new RepositoryImportJob(ownerId, request.RepoUrl!, request.UseLlm == true);
        lock (_starting)
        {
            if (_jobs.Values.Count(j => j.OwnerId == ownerId && !j.State.Finished) >= MaxRunningPerUser)
            {
                throw new ProblemException(StatusCodes.Status429TooManyRequests, "Too many imports",
                    $"You already have {MaxRunningPerUser} imports running. Wait for one of them to finish, then start this one again.");
            }

            _jobs[job.Id] = job;
        }

        // Not the request's execution context: the import outlives the request, and must not see its HttpContext.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunAsync(job, request));
        }

        return job;
    }

    /// <summary>The job when it is this user's; another user's is as absent as one that never was.</summary>
    public RepositoryImportJob? Find(Guid ownerId, Guid jobId) =>
        _jobs.TryGetValue(jobId, out var job) && job.OwnerId == ownerId ? job : null;

    private async Task RunAsync(RepositoryImportJob job, ImportRepositoryRequest request)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var imported = await scope.ServiceProvider.GetRequiredService<RepositoryImportService>().ImportAsync(job.OwnerId, request, job, stopping);
            job.Succeed(imported, time.GetUtcNow());
        }
        catch (ProblemException e)
        {
            job.Fail(e.Detail, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Fail("The server stopped before the import finished; nothing was saved. Start the import again.", time.GetUtcNow());
        }
        catch (Exception e)
        {
            // No request to hand it to: logged here, and the page says what the user can do.
            logger.LogError(e, "Repository import {JobId} failed", job.Id);
            job.Fail("The import failed on the server and nothing was saved. Try again; if it fails again, the server's log says why.", time.GetUtcNow());
        }
    }

    private void ForgetOldFinished()
    {
        var before = time.GetUtcNow() - KeepFinished;
        foreach (var (id, job) in _jobs)
        {
            if (job.FinishedAt < before)
            {
                _jobs.TryRemove(id, out _);
            }
        }
    }
}
