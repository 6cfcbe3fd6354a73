using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Http;

/// <summary>
/// Numbers and dates at the edges of their types, in every listing's query: each is answered (400 naming the
/// parameter, or the right page) and never wraps into another page or a 500.
/// </summary>
public abstract class QueryBoundsTests(SocratesApp app) : ApiTest(app)
{
    [Theory]
    [InlineData("page=2147483647", "page")]
    [InlineData("page=1000001", "page")]
    [InlineData("page=0", "page")]
    [InlineData("page=-2147483648", "page")]
    [InlineData("page_size=2147483647", "page_size")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=-1", "page_size")]
    [InlineData("page=2147483647&page_size=100", "page")]
    public async Task Projects_paging_out_of_range_is_400_naming_the_parameter(string query, string parameter)
    {
        var client = (await NewUserAsync()).Client;
        await client.CreateProjectAsync();

        var problem = await (await client.GetAsync($"/api/v1/projects?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Theory]
    [InlineData("page=2147483648")]
    [InlineData("page=99999999999999999999")]
    [InlineData("page_size=abc")]
    public async Task Projects_paging_that_is_not_an_int_is_400(string query)
    {
        var client = (await NewUserAsync()).Client;
        await (await client.GetAsync($"/api/v1/projects?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_last_allowed_page_is_empty_not_the_first_page()
    {
        var client = (await NewUserAsync()).Client;
        await client.CreateProjectAsync();

        var last = await (await client.GetAsync("/api/v1/projects?page=1000000&page_size=100")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, last.GetProperty("items").GetArrayLength());
        Assert.Equal(1, last.GetProperty("total_count").GetInt32());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000000.01")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("1e30")]
    public async Task Budgets_out_of_range_are_400_naming_the_limit_and_store_nothing(string limit)
    {
        var client = (await NewUserAsync()).Client;
        using var body = new StringContent($"{{\"monthly_limit_usd\": {limit}}}", System.Text.Encoding.UTF8, "application/json");
        var problem = await (await client.PutAsync("/api/v1/llm/budget", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("monthly_limit_usd", problem.ToString(), StringComparison.Ordinal);

        var budgets = await (await client.GetAsync("/api/v1/llm/budget")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, budgets.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.0000001")]
    [InlineData("1e308")]
    [InlineData("-1e308")]
    [InlineData("1e400")]
    public async Task Confidence_out_of_range_is_400_naming_it_and_stores_nothing(string confidence)
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        using var body = new StringContent($"{{\"category\": \"goals\", \"key\": \"k\", \"value\": \"v\", \"confidence\": {confidence}}}",
            System.Text.Encoding.UTF8, "application/json");
        var problem = await (await client.PostAsync($"/api/v1/projects/{id}/specifications", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("confidence", problem.ToString(), StringComparison.Ordinal);

        var specs = await (await client.GetAsync($"/api/v1/projects/{id}/specifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, specs.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("page=2147483647", "page")]
    [InlineData("page=0", "page")]
    [InlineData("per_page=2147483647", "per_page")]
    [InlineData("per_page=-1", "per_page")]
    public async Task GitHub_repos_paging_out_of_range_is_400_naming_the_parameter(string query, string parameter)
    {
        var client = (await NewUserAsync()).Client;
        var problem = await (await client.GetAsync($"/api/v1/github/repos?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Theory]
    [InlineData("from=9999-12-31T23:59:59Z", "from")]
    [InlineData("to=9999-12-31T23:59:59Z", "to")]
    [InlineData("from=9999-06-01T00:00:00Z&to=9999-12-31T23:59:59.9999999Z", "from")]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from")]
    [InlineData("from=9999-12-31T23:59:59Z&to=0001-01-01T00:00:00Z", "from")]
    public async Task Usage_ranges_out_of_range_are_400_naming_the_parameter(string query, string parameter)
    {
        var client = (await NewUserAsync()).Client;
        var problem = await (await client.GetAsync($"/api/v1/llm/usage?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Theory]
    [InlineData("from=0001-01-01T00:00:00Z")]
    [InlineData("to=0001-01-01T00:00:00Z")]
    [InlineData("from=0001-01-01T00:00:00Z&to=9999-01-01T00:00:00Z")]
    [InlineData("from=9998-12-31T23:59:59Z&to=9999-01-01T00:00:00Z")]
    [InlineData("from=0001-01-01T00:00:01Z&to=0001-01-03T00:00:01Z")]
    public async Task Usage_ranges_at_the_calendar_edges_are_answered(string query)
    {
        var client = (await NewUserAsync()).Client;
        var report = await (await client.GetAsync($"/api/v1/llm/usage?{query}")).ExpectAsync(HttpStatusCode.OK);
        // A new user has no calls in any range.
        Assert.Equal(0, report.GetProperty("totals").GetProperty("calls").GetInt64());
    }
}

public sealed class QueryBoundsOnSqlite(SqliteApp app) : QueryBoundsTests(app);

public sealed class QueryBoundsOnPostgres(PostgresApp app) : QueryBoundsTests(app);
