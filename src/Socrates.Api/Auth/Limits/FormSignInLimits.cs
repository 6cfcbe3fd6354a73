using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Socrates.Api.Auth.Limits;

/// <summary>
/// The limits of <see cref="AuthRateLimits"/> for the web app's sign-in and sign-up forms: the same per-account
/// windows as the API (one <see cref="AccountLimiter"/>), and a per-address window of the same size kept here, since
/// the rate-limiting middleware's policy would also count every time the form is merely shown.
/// </summary>
public sealed class FormSignInLimits(AccountLimiter accounts, IOptions<AuthLimitsOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _addresses = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => AuthRateLimits.Window(options.Value.PerAddress, options.Value.Window)));

    /// <summary>How long to wait when this attempt is one too many, or null when it may go ahead.</summary>
    public TimeSpan? Refuse(HttpContext context, string? email)
    {
        using var byAddress = _addresses.AttemptAcquire(ClientAddress.Of(context));
        if (!byAddress.IsAcquired)
        {
            return RetryAfter(byAddress);
        }

        email ??= "";
        using var byAccount = accounts.Acquire(EmailAddress.Key(email, out _) ?? EmailAddress.LegacyKey(email));
        return byAccount.IsAcquired ? null : RetryAfter(byAccount);
    }

    public void Dispose() => _addresses.Dispose();

    private TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.Value.Window;
}
