namespace Socrates.Api.Tests.Infrastructure;

/// <summary>
/// Base of every test class that runs once per database provider. A provider that is not configured here
/// skips its tests, except in CI (CI=true), where a skipped PostgreSQL test would hide a failure: there it fails.
/// </summary>
public abstract class ApiTest
{
    protected ApiTest(SocratesApp app)
    {
        App = app;
        if (app.Unavailable is { } reason)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"CI must run the {app.Provider} tests, but {reason}");
            }

            Assert.Skip(reason);
        }
    }

    protected SocratesApp App { get; }

    protected Task<UserSession> NewUserAsync(string? name = null) => App.NewUserAsync(name);
}
