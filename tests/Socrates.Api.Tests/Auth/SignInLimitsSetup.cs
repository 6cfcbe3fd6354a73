using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Auth;

/// <summary>
/// A server with low sign-in limits, a clock the tests move, and a client address each request may choose (the
/// in-memory test server has none), so that tests sharing the server do not share an address's window.
/// </summary>
public sealed class SignInLimitsSetup : IAppSetup
{
    public const string AddressHeader = "X-Test-Client-Address";
    public const int PerAddress = 10;
    public const int PerAccount = 8;
    public const int MaxFailedLogins = 3;

    /// <summary>Short enough that a token issued after the clock moved past it is within the bearer's 30 s clock skew.</summary>
    public static readonly TimeSpan Lockout = TimeSpan.FromSeconds(20);

    /// <summary>Starts at the real time, so that the tokens the server issues are valid under the bearer handler's clock.</summary>
    public ManualClock Clock { get; } = new() { Now = DateTimeOffset.UtcNow };

    public Task StartAsync(SocratesApp app)
    {
        app.Set("Auth:Limits:PerAddress", PerAddress.ToString(CultureInfo.InvariantCulture))
            .Set("Auth:Limits:PerAccount", PerAccount.ToString(CultureInfo.InvariantCulture))
            .Set("Auth:Limits:Window", "00:10:00")
            .Set("Auth:Limits:MaxFailedLogins", MaxFailedLogins.ToString(CultureInfo.InvariantCulture))
            .Set("Auth:Limits:LockoutDuration", Lockout.ToString());
        return Task.CompletedTask;
    }

    public void ConfigureWebHost(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IStartupFilter, AddressFromHeader>();
    });

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A private IPv4 address no other test is likely to pick.</summary>
    public static string NewAddress()
    {
        var bytes = RandomNumberGenerator.GetBytes(3);
        return $"10.{bytes[0]}.{bytes[1]}.{bytes[2]}";
    }

    public static async Task<HttpResponseMessage> PostFromAsync(SocratesApp app, string address, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add(AddressHeader, address);
        return await app.CreateClient().SendAsync(request);
    }

    private sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
