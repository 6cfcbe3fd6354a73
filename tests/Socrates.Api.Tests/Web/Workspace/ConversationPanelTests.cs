using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;
using Socrates.Api.Tests.Llm.Providers.Fakes;
using Socrates.Api.Web.Workspace.Conversation;

namespace Socrates.Api.Tests.Web.Workspace;

/// <summary>
/// The conversation panel's own logic, rendered by bUnit over the real server's services (its database, the
/// workspace's calls, the fake providers behind them), as a signed-in user's interactive circuit would run it.
/// </summary>
public abstract class ConversationPanelTests(SocratesApp app) : ApiTest(app), IAsyncDisposable
{
    /// <summary>What the fakes' "socratic" reply says (<see cref="FakeScenarios.SocraticReplyJson"/>).</summary>
    private const string Reply = "Thanks \u2014 a web app for small \"teams\" it is.\nHow will people sign in?";

    private readonly BunitContext _context = new();

    [Fact]
    public async Task A_streamed_replys_text_is_drawn_as_it_arrives_in_order_then_kept_as_the_reply()
    {
        var (_, panel) = await RenderWithQuestionAsync();
        var shown = new List<string>();
        panel.OnMarkupUpdated += (_, _) =>
        {
            if (panel.FindAll("#streamed-reply") is [var reply] && (shown.Count == 0 || shown[^1] != reply.TextContent))
            {
                shown.Add(reply.TextContent);
            }
        };

        panel.Find("#answer").Change("Small teams, and they all use the browser.");
        await Button(panel, "Send answer").ClickAsync(new());

        await panel.WaitForAssertionAsync(() => Assert.Empty(panel.FindAll("#streamed-reply")), TimeSpan.FromSeconds(20));
        var stored = panel.FindAll(".message.assistant p")[^1].TextContent;
        Assert.Equal(Reply, stored);
        Assert.Contains("Small teams, and they all use the browser.", panel.FindAll(".message.user")[^1].TextContent, StringComparison.Ordinal);
        // The fake pauses after each piece (gap=10), so the reply is drawn in more than one part even on a busy
        // machine; each drawn text must begin the one after it and begin the stored reply.
        Assert.True(shown.Count >= 2, $"The reply was drawn {shown.Count} time(s) while it streamed: {string.Join(" | ", shown)}");
        for (var i = 1; i < shown.Count; i++)
        {
            Assert.StartsWith(shown[i - 1], shown[i], StringComparison.Ordinal);
        }

        Assert.StartsWith(shown[^1], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_the_budget_refuses_shows_the_problems_detail_and_keeps_the_users_words_in_the_conversation()
    {
        var (user, panel) = await RenderWithQuestionAsync();
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0.0000001m })).ExpectAsync(HttpStatusCode.OK);

        panel.Find("#answer").Change("Only our team, from their phones.");
        await Button(panel, "Send answer").ClickAsync(new());

        await panel.WaitForAssertionAsync(() => Assert.Contains("budget", panel.Find("#text-error").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.Contains("Your message was kept", panel.Find("#text-error").TextContent, StringComparison.Ordinal);
        Assert.Contains("Only our team, from their phones.", panel.FindAll(".message.user")[^1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(panel.FindAll(".message.assistant"), m => m.TextContent.Contains(Reply, StringComparison.Ordinal));
        Assert.Empty(panel.FindAll("#streamed-reply"));
    }

    [Fact]
    public async Task A_blank_answer_is_refused_beside_the_answer_box_without_calling_the_model()
    {
        var (_, panel) = await RenderWithQuestionAsync();
        var calls = App.Setup<LlmSetup>().Fakes.Requests.Count;

        await Button(panel, "Send answer").ClickAsync(new());

        Assert.Contains("'text'", panel.Find("#text-error").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", panel.Find("#answer").GetAttribute("aria-invalid"));
        Assert.Equal("text-error", panel.Find("#answer").GetAttribute("aria-describedby"));
        Assert.Equal(calls, App.Setup<LlmSetup>().Fakes.Requests.Count);
    }

    /// <summary>A new user's project whose description makes the fakes answer as the workspace asks, its first question asked.</summary>
    private async Task<(UserSession User, IRenderedComponent<ConversationPanel> Panel)> RenderWithQuestionAsync()
    {
        var user = await NewUserAsync();
        var project = await (await user.Client.PostJsonAsync("/api/v1/projects",
            new { name = "Panel", description = $"A todo app for small teams. scenario=socratic gap=10 id={Guid.NewGuid():N}" })).ExpectAsync(HttpStatusCode.Created);

        // The panel makes a scope per step: the server's, so each step has its database and workspace services.
        var appScopes = App.Services.GetRequiredService<IServiceScopeFactory>();
        _context.Services.UseServiceProviderFactory(services => new WithAppScopes(services.BuildServiceProvider(), appScopes));
        var auth = _context.AddAuthorization();
        auth.SetAuthorized(user.Email);
        auth.SetClaims(new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()));
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var panel = _context.Render<ConversationPanel>(p => p.Add(c => c.ProjectId, project.GetProperty("id").GetGuid()));
        await panel.WaitForAssertionAsync(() => Assert.False(Button(panel, "Ask me the next question").HasAttribute("disabled")));
        await Button(panel, "Ask me the next question").ClickAsync(new());
        await panel.WaitForAssertionAsync(() => Assert.EndsWith("?", panel.Find("legend").TextContent.Trim(), StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        return (user, panel);
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ConversationPanel> panel, string text) =>
        panel.FindAll("button").Single(b => b.TextContent.Trim() == text);

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// bUnit's own services, except that a component asking for a scope factory gets the server's. bUnit resolves
/// components from a scope it makes of the root, so the root keeps its own factory and wraps the scopes it makes.
/// </summary>
internal sealed class WithAppScopes(ServiceProvider own, IServiceScopeFactory appScopes) : IServiceProvider, IServiceScopeFactory, IAsyncDisposable, IDisposable
{
    public object? GetService(Type serviceType) => serviceType == typeof(IServiceScopeFactory) ? this : own.GetService(serviceType);

    public IServiceScope CreateScope() => new Scope(own.CreateScope(), appScopes);

    public ValueTask DisposeAsync() => own.DisposeAsync();

    public void Dispose() => own.Dispose();

    private sealed class Scope(IServiceScope inner, IServiceScopeFactory appScopes) : IServiceScope, IServiceProvider, IAsyncDisposable
    {
        public IServiceProvider ServiceProvider => this;

        public object? GetService(Type serviceType) =>
            serviceType == typeof(IServiceScopeFactory) ? appScopes : inner.ServiceProvider.GetService(serviceType);

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner is IAsyncDisposable async ? async.DisposeAsync() : ValueTask.CompletedTask;
    }
}

public sealed class ConversationPanelOnSqlite(SqliteApp<LlmSetup> app) : ConversationPanelTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class ConversationPanelOnPostgres(PostgresApp<LlmSetup> app) : ConversationPanelTests(app), IClassFixture<PostgresApp<LlmSetup>>;
