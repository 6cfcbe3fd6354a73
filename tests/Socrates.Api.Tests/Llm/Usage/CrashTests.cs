using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Llm.Usage;

/// <summary>
/// The server process killed (SIGKILL) at a random moment of 100 concurrent chats, half of them streamed, then started
/// again on the same databases. Each chat has its own project, so a project's usage rows are that one call's.
/// </summary>
public abstract class CrashTests(SocratesApp app) : ApiTest(app)
{
    private const int Calls = 100;

    private static readonly TimeSpan HoldsReleasedWithin = TimeSpan.FromMinutes(1);

    /// <summary>The connection strings of fresh databases, which the server creates.</summary>
    protected abstract Dictionary<string, string> Databases(string dataDirectory);

    /// <summary>A context on those databases' specs database, to read what the server stored.</summary>
    protected abstract SpecsDb OpenSpecs();

    protected abstract Task DropAsync();

    private sealed record Outcome(Guid ProjectId, bool Answered);

    [Fact]
    public async Task Every_call_answered_before_a_kill_has_its_usage_row_and_the_dead_servers_holds_are_released_after_the_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fakes = await FakeProviders.StartAsync();
        var data = Directory.CreateTempSubdirectory("socrates-crash-").FullName;
        var settings = ServerProcess.Settings(data);
        foreach (var (key, value) in Databases(data))
        {
            settings[key] = value;
        }

        settings["Llm:Providers:openai:BaseUrl"] = fakes.BaseUrl + "v1";
        settings["Llm:Providers:openai:ApiKey"] = FakeLlmSetup.OpenAiSystemKey;
        settings["Llm:Calls:MaxAttempts"] = "1";
        // A dead server's holds go within about three seconds, so waiting for them keeps the test short.
        settings["Llm:Calls:HeartbeatInterval"] = "00:00:00.500";
        settings["Llm:Calls:InstanceStaleAfter"] = "00:00:02";
        settings["Llm:Calls:HoldSweepInterval"] = "00:00:00.500";

        var seed = Random.Shared.Next();
        var random = new Random(seed);
        try
        {
            Outcome[] outcomes;
            int heldAtCrash;
            // The moment is random within the calls' run, not within a start-up that takes seconds on a busy machine:
            // after a random number of answers, and a random part of the time a model takes to answer on top.
            var killAfterAnswers = random.Next(0, Calls);
            var killAfter = TimeSpan.FromMilliseconds(random.Next(0, 1000));
            await using (var server = await ServerProcess.StartAsync(settings, ct))
            {
                var user = await server.NewUserAsync();
                await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 1000 })).ExpectAsync(HttpStatusCode.OK);
                var projects = await ProjectsAsync(user.Client, ct);

                // Models take 50 ms to 1.5 s to answer, so at most moments some calls have answered and others are running.
                var answers = new AnswerCount(killAfterAnswers);
                var calls = projects.Select((projectId, i) => ChatAsync(user.Client, projectId, stream: i % 2 == 1, thinkMs: random.Next(50, 1500), answers)).ToList();
                await Task.WhenAny(answers.Reached, Task.WhenAll(calls));
                await Task.Delay(killAfter, ct);
                await server.KillAsync();
                outcomes = await Task.WhenAll(calls);
                await using var db = OpenSpecs();
                heldAtCrash = await db.Set<LlmBudgetHold>().CountAsync(ct);
            }

            // Timed from the moment the server serves again; a start-up takes up to tens of seconds on a busy test machine.
            var restarting = Stopwatch.GetTimestamp();
            await using var again = await ServerProcess.StartAsync(settings, ct);
            var restartTook = Stopwatch.GetElapsedTime(restarting);
            var restarted = Stopwatch.GetTimestamp();
            var (holds, reserved) = await HoldsAsync(ct);
            while ((holds, reserved) != (0, 0) && Stopwatch.GetElapsedTime(restarted) < HoldsReleasedWithin)
            {
                await Task.Delay(100, ct);
                (holds, reserved) = await HoldsAsync(ct);
            }

            var released = Stopwatch.GetElapsedTime(restarted);
            var answered = outcomes.Where(o => o.Answered).Select(o => o.ProjectId).ToHashSet();
            await using var specs = OpenSpecs();
            var okRows = await specs.Set<LlmUsage>().AsNoTracking()
                .Where(u => u.Status == UsageStatus.Ok)
                .GroupBy(u => u.ProjectId!.Value)
                .Select(g => new { ProjectId = g.Key, Rows = g.Count() })
                .ToDictionaryAsync(g => g.ProjectId, g => g.Rows, ct);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"seed {seed}: killed {killAfter.TotalMilliseconds} ms after answer {killAfterAnswers}; {answered.Count} of {Calls} calls answered, " +
                $"{okRows.Count} usage rows, {heldAtCrash} holds left by the crash; the restart took {restartTook.TotalSeconds:0.0} s, " +
                $"then {released.TotalSeconds:0.0} s until no hold was left");

            // The dead server's journal was written and deleted at the restart: only the live server's is left.
            Assert.Single(Directory.GetDirectories(Path.Combine(data, "usage-journal")));
            var unrecorded = answered.Where(projectId => !okRows.ContainsKey(projectId)).ToList();
            Assert.True(unrecorded.Count == 0, $"{unrecorded.Count} calls answered with no usage row, e.g. project {unrecorded.FirstOrDefault()}.");
            Assert.All(okRows, row => Assert.Equal(1, row.Value));
            Assert.True((holds, reserved) == (0, 0),
                $"{holds} budget holds ({reserved} nanodollars) were still held {HoldsReleasedWithin} after the restart.\n{again.Output}");

            // The rollups were committed with the rows, in the same transactions.
            var rows = await specs.Set<LlmUsage>().LongCountAsync(ct);
            Assert.Equal(rows, await specs.Set<LlmUsageDaily>().SumAsync(d => d.Calls, ct));
            Assert.Equal(rows, await specs.Set<LlmUsageHourly>().SumAsync(h => h.Calls, ct));
        }
        finally
        {
            await DropAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<List<Guid>> ProjectsAsync(HttpClient client, CancellationToken ct)
    {
        var projects = new Guid[Calls];
        await Parallel.ForEachAsync(Enumerable.Range(0, Calls), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, _) =>
        {
            var projectId = await client.CreateProjectAsync($"Crash {i}");
            await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider = "openai", model = "gpt-5-mini" }))
                .ExpectAsync(HttpStatusCode.OK);
            projects[i] = projectId;
        });
        return [.. projects];
    }

    /// <summary>A chat is answered when its whole reply arrived: a plain reply's body, or a stream up to its final usage event.</summary>
    private static async Task<Outcome> ChatAsync(HttpClient client, Guid projectId, bool stream, int thinkMs, AnswerCount answers)
    {
        var chat = new { messages = new[] { new { role = "user", content = $"Please answer. scenario=think-{thinkMs}" } }, stream };
        try
        {
            using var response = await client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", chat);
            var body = await response.Content.ReadAsStringAsync();
            var answered = response.StatusCode == HttpStatusCode.OK && (stream
                ? body.Contains("event: usage", StringComparison.Ordinal) && !body.Contains("event: error", StringComparison.Ordinal)
                : JsonDocument.Parse(body).RootElement.TryGetProperty("content", out _));
            if (answered)
            {
                answers.Add();
            }

            return new Outcome(projectId, answered);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            // Cut off by the kill.
            return new Outcome(projectId, false);
        }
    }

    private sealed class AnswerCount(int target)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task Reached => target == 0 ? Task.CompletedTask : _reached.Task;

        public void Add()
        {
            if (Interlocked.Increment(ref _count) == target)
            {
                _reached.SetResult();
            }
        }
    }

    private async Task<(int Holds, long Reserved)> HoldsAsync(CancellationToken ct)
    {
        await using var db = OpenSpecs();
        return (await db.Set<LlmBudgetHold>().CountAsync(ct), await db.Set<LlmBudget>().SumAsync(b => b.ReservedNanos, ct));
    }
}

public sealed class CrashOnSqlite(SqliteApp app) : CrashTests(app)
{
    private string? _specs;

    protected override Dictionary<string, string> Databases(string dataDirectory)
    {
        _specs = Path.Combine(dataDirectory, "specs.db");
        return new()
        {
            ["ConnectionStrings:Auth"] = $"Data Source={Path.Combine(dataDirectory, "auth.db")}",
            ["ConnectionStrings:Specs"] = $"Data Source={_specs}",
        };
    }

    // No pooling, so that the folder can be deleted afterwards.
    protected override SpecsDb OpenSpecs() =>
        new SqliteSpecsDb(new DbContextOptionsBuilder<SqliteSpecsDb>().UseSqlite($"Data Source={_specs};Pooling=False").Options);

    protected override Task DropAsync() => Task.CompletedTask;
}

public sealed class CrashOnPostgres(PostgresApp app) : CrashTests(app)
{
    private readonly string _prefix = $"socrates_test_{Guid.NewGuid():N}"[..30];

    // 100 concurrent calls must not exhaust a shared test server's max_connections.
    protected override Dictionary<string, string> Databases(string dataDirectory) => new()
    {
        ["ConnectionStrings:Auth"] = PostgresApp.WithDatabase(_prefix + "_auth") + ";Maximum Pool Size=20",
        ["ConnectionStrings:Specs"] = PostgresApp.WithDatabase(_prefix + "_specs") + ";Maximum Pool Size=30",
    };

    protected override SpecsDb OpenSpecs() =>
        new PostgresSpecsDb(new DbContextOptionsBuilder<PostgresSpecsDb>().UseNpgsql(PostgresApp.WithDatabase(_prefix + "_specs")).Options);

    protected override Task DropAsync() => PostgresApp.DropDatabasesAsync(_prefix + "_auth", _prefix + "_specs");
}
