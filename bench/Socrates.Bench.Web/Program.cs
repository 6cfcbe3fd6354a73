using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

// Server time to first byte of the project workspace page (/projects/{id}, static server rendering: maturity,
// proposals, the conversation and every specification grouped by category) for a project of 1,000 specifications,
// signed in by the browser cookie. The server is the built Socrates.Api, started as a child process on SQLite in a
// temporary folder (Production settings, so no development-only work is timed). Goal: p50 <= 50 ms.

const int Specifications = 1_000;
const int Warmup = 20;
const int Runs = 200;
const int GoalMs = 50;

var apiDll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Socrates.Api", "bin",
    args.Contains("--debug-server") ? "Debug" : "Release", "net10.0", "Socrates.Api.dll");
if (!File.Exists(apiDll))
{
    Console.Error.WriteLine($"Build the server first: dotnet build -c Release src/Socrates.Api ({Path.GetFullPath(apiDll)} is missing).");
    return 1;
}

var data = Directory.CreateTempSubdirectory("socrates-bench-web-").FullName;
var port = FreePort();
var root = new Uri($"http://127.0.0.1:{port}");
using var server = Start(apiDll, data, root);
try
{
    using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
    using var http = new HttpClient(cookies) { BaseAddress = root };
    await WaitForHealthAsync(http);

    var email = $"bench-{Guid.NewGuid():N}@example.com";
    const string password = "a long enough password";
    (await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password, name = "Bench" })).EnsureSuccessStatusCode();
    var token = (await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonElement>())
        .GetProperty("access_token").GetString();
    using var api = new HttpClient { BaseAddress = root };
    api.DefaultRequestHeaders.Authorization = new("Bearer", token);
    var created = await (await api.PostAsJsonAsync("/api/v1/projects", new { name = "Bench project" })).Content.ReadFromJsonAsync<JsonElement>();
    var projectId = created.GetProperty("id").GetGuid();
    string[] categories = ["goals", "users", "features", "requirements", "tech_stack", "architecture", "data_model", "api", "security", "testing", "deployment", "notes"];
    var specs = Enumerable.Range(0, Specifications).Select(i => new
    {
        category = categories[i % categories.Length],
        key = $"requirement_{i:D4}",
        value = $"The system shall handle case {i} within 200 ms and log it.",
        confidence = (i % 10) / 10.0,
    }).ToList();
    (await api.PostAsJsonAsync($"/api/v1/projects/{projectId}/specifications/batch", new { specifications = specs })).EnsureSuccessStatusCode();

    await SignInAsync(http, email, password);
    var page = $"/projects/{projectId}";
    var html = await http.GetStringAsync(page);
    if (!html.Contains("requirement_0999", StringComparison.Ordinal))
    {
        throw new InvalidOperationException("The workspace page does not list the project's specifications: is the sign-in cookie accepted?");
    }

    var times = new List<double>();
    for (var i = 0; i < Warmup + Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(page, HttpCompletionOption.ResponseHeadersRead);
        var firstByte = watch.Elapsed.TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(Stream.Null);
        if (i >= Warmup)
        {
            times.Add(firstByte);
        }
    }

    times.Sort();
    var p50 = times[times.Count / 2];
    Console.WriteLine($"Load average: {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores.");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"GET {page} ({Specifications:N0} specifications, {html.Length:N0} bytes of HTML), {Runs} requests after {Warmup} warm-up, time to first byte: " +
        $"p50 {p50:F1} ms, p90 {times[(int)(times.Count * 0.9)]:F1} ms, p99 {times[(int)(times.Count * 0.99)]:F1} ms, min {times[0]:F1} ms; " +
        $"goal p50 <= {GoalMs} ms: {(p50 <= GoalMs ? "meets goal" : "MISSES goal")}"));
    return 0;
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    Directory.Delete(data, recursive: true);
}

static async Task SignInAsync(HttpClient http, string email, string password)
{
    var form = await http.GetStringAsync("/account/sign-in");
    var antiforgery = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    var response = await http.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["_handler"] = "sign-in",
        ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery),
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    }));
    if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found && response.StatusCode != HttpStatusCode.SeeOther)
    {
        throw new InvalidOperationException($"Signing in answered {(int)response.StatusCode}, not a redirect.");
    }
}

static Process Start(string dll, string data, Uri root)
{
    var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["Urls"] = root.ToString();
    start.Environment["Storage__DataDirectory"] = data;
    start.Environment["ConnectionStrings__Auth"] = $"Data Source={Path.Combine(data, "auth.db")}";
    start.Environment["ConnectionStrings__Specs"] = $"Data Source={Path.Combine(data, "specs.db")}";
    start.Environment["Jwt__SigningKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
    start.Environment["Llm__MasterKeys__1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is not null)
        {
            Console.Error.WriteLine("server: " + e.Data);
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitForHealthAsync(HttpClient http)
{
    for (var i = 0; i < 300; i++)
    {
        try
        {
            if ((await http.GetAsync("/health")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // not listening yet
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("The server did not answer /health within 30 s.");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
