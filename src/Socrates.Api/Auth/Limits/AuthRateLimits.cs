using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Socrates.Api.Auth.Limits;

/// <summary>A request body that names the account it tries, so attempts can be counted per account.</summary>
public interface INamesAccount
{
    string? Email { get; }
}

/// <summary>
/// Fixed-window limits on login and registration (<see cref="AuthLimitsOptions"/>): per client address through the
/// rate-limiting middleware, and per account in an endpoint filter, since the account is only known once the body
/// is read. Both answer 429 with Retry-After.
/// </summary>
public static class AuthRateLimits
{
    public const string AddressPolicy = "auth-address";

    public static IServiceCollection AddAuthRateLimits(this IServiceCollection services)
    {
        services.AddOptions<AuthLimitsOptions>().BindConfiguration(AuthLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccountLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (rejected, _) => new ValueTask(TooManyAttempts.Problem(rejected.HttpContext, RetryAfter(rejected.HttpContext, rejected.Lease),
                s => $"Too many sign-in attempts from your address: try again in {s} seconds.").ExecuteAsync(rejected.HttpContext));
            o.AddPolicy(AddressPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<AuthLimitsOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(context), _ => Window(limits.PerAddress, limits.Window));
            });
        });
        return services;
    }

    /// <summary>Counts each login or registration against the account its body names, before any password is hashed.</summary>
    public static RouteHandlerBuilder LimitedPerAccount(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var email = context.Arguments.OfType<INamesAccount>().FirstOrDefault()?.Email ?? "";
        var limiter = context.HttpContext.RequestServices.GetRequiredService<AccountLimiter>();
        using var lease = limiter.Acquire(EmailAddress.Key(email, out _) ?? EmailAddress.LegacyKey(email));
        return lease.IsAcquired
            ? await next(context)
            : TooManyAttempts.Problem(context.HttpContext, RetryAfter(context.HttpContext, lease), s => $"Too many sign-in attempts for this account: try again in {s} seconds.");
    });

    internal static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static TimeSpan RetryAfter(HttpContext context, RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? retryAfter
            : context.RequestServices.GetRequiredService<IOptions<AuthLimitsOptions>>().Value.Window;
}

/// <summary>The per-account windows, one per canonical email, in this server's memory.</summary>
public sealed class AccountLimiter(IOptions<AuthLimitsOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => AuthRateLimits.Window(options.Value.PerAccount, options.Value.Window)));

    public RateLimitLease Acquire(string account) => _limiter.AttemptAcquire(account);

    public void Dispose() => _limiter.Dispose();
}
