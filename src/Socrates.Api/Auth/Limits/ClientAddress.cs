using System.Net;
using System.Net.Sockets;

namespace Socrates.Api.Auth.Limits;

/// <summary>
/// The address a client is rate limited under. An IPv6 client counts by its /64, the block one host is usually
/// given, so it cannot step around the limit by changing the low bits. Behind a reverse proxy this is the proxy's
/// address unless forwarded headers are honoured (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true).
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
