using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Socrates.Api;
using Socrates.Api.Auth;
using Socrates.Api.Documents;
using Socrates.Api.Export;
using Socrates.Api.Files;
using Socrates.Api.GitHub;
using Socrates.Api.Health;
using Socrates.Api.Http;
using Socrates.Api.RepositoryImport;
using Socrates.Api.Keys;
using Socrates.Api.Llm;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;
using Socrates.Api.Storage;
using Socrates.Api.Templates;
using Socrates.Api.Workspace;

if (ServerUsage.Handles(args))
{
    Console.Out.Write(ServerUsage.Text);
    return 0;
}

if (AnalyzeCommand.Handles(args))
{
    return await AnalyzeCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.Services.Configure<JsonOptions>(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
});
// Which server software answers is nobody's business but ours.
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDefaults.Customize);
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSocratesOpenApi();
builder.Services.AddHealth();
builder.Services.AddSocratesAuth();
builder.Services.AddProjects();
builder.Services.AddKeys();
builder.Services.AddLlm();
builder.Services.AddExport();
builder.Services.AddTemplates();
builder.Services.AddGitHub();
builder.Services.AddRepositoryImport();
builder.Services.AddWorkspace();
builder.Services.AddSocratesDatabases(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddCacheInvalidation();

var app = builder.Build();

// `dotnet run -- rotate-keys`: re-encrypt stored API keys under the active master key, then exit without serving.
if (args.Contains(ApiKeyRewrap.Command))
{
    return await ApiKeyRewrap.RunCommandAsync(app.Services);
}

// First, so that the time a response reports as Socrates' own includes every middleware.
app.UseRequestStart();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.PublicDocs ?? app.Environment.IsDevelopment())
{
    app.MapOpenApi();
    // Without Scalar's web fonts, the page loads nothing from outside this server (see SecurityHeaders).
    app.MapScalarApiReference(o => o.DefaultFonts = false);
}
app.MapHealth();

// Every endpoint whose body checks itself (IValidatable) answers 400 with each invalid field before its handler runs.
var api = app.MapGroup("").WithRequestValidation();
api.MapAuth();
api.MapProjects();
api.MapSpecifications();
api.MapDocuments();
api.MapFiles();
api.MapKeys();
api.MapLlm();
api.MapExport();
api.MapTemplates();
api.MapGitHub();
api.MapRepositoryImport();
api.MapWorkspace();

await app.MigrateDatabasesAsync();
await app.RunAsync();
return 0;

public partial class Program;
