using System.Net;
using System.Net.Sockets;

namespace Socrates.Api.GitHub;

/// <summary>
/// Which addresses a user-supplied URL may make this server connect to: public unicast only. Refuses
/// loopback, private, link-local (cloud metadata), CGNAT, ULA, multicast, reserved, and IPv6 forms that
/// embed an IPv4 address (::ffff:127.0.0.1, NAT64) by checking the address inside.
/// </summary>
public static class AddressGuard
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // "this" network
                || b[0] == 10                                    // private
                || b[0] == 127                                   // loopback
                || b[0] == 100 && (b[1] & 0xC0) == 64            // CGNAT 100.64/10
                || b[0] == 169 && b[1] == 254                    // link-local, cloud metadata
                || b[0] == 172 && (b[1] & 0xF0) == 16            // private 172.16/12
                || b[0] == 192 && b[1] == 168                    // private
                || b[0] == 192 && b[1] == 0 && b[2] is 0 or 2    // IETF protocol assignments, TEST-NET-1
                || b[0] == 198 && (b[1] & 0xFE) == 18            // benchmarking 198.18/15
                || b[0] == 198 && b[1] == 51 && b[2] == 100      // TEST-NET-2
                || b[0] == 203 && b[1] == 0 && b[2] == 113       // TEST-NET-3
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC)                          // unique local fc00::/7
            {
                return false;
            }

            // NAT64 (64:ff9b::/96) and IPv4-compatible (::/96) addresses reach the IPv4 address they carry.
            var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
            var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
            if (nat64 || compatible)
            {
                return IsPublic(new IPAddress(b.AsSpan(12, 4)));
            }

            return (b[0] & 0xE0) == 0x20;                          // global unicast 2000::/3
        }

        return false;
    }

    /// <summary>Resolves the host and returns its addresses when every one is public; throws a 400 problem otherwise.</summary>
    public static async Task<IPAddress[]> ResolvePublicAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            throw GitHubProblems.Rejected($"The host '{host}' does not resolve.");
        }

        if (addresses.Length == 0 || addresses.Any(a => !IsPublic(a)))
        {
            throw GitHubProblems.Rejected(
                $"The host '{host}' resolves to a loopback, private, link-local or otherwise non-public address; this server does not fetch from such addresses.");
        }

        return addresses;
    }
}
