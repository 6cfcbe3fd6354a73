using Microsoft.AspNetCore.Hosting;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Gateway;

/// <summary>The fake providers with system keys, and every log entry captured, to prove a token never reaches one.</summary>
public sealed class GatewaySetup() : FakeLlmSetup(systemKeys: true), IAppSetup
{
    public CapturedLogs Logs { get; } = new();

    public void ConfigureWebHost(IWebHostBuilder builder) => Logs.AttachTo(builder);
}
