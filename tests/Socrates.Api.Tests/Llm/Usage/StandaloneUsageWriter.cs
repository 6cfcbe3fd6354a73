using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Storage;

namespace Socrates.Api.Tests.Llm.Usage;

/// <summary>A <see cref="UsageWriter"/> outside any server: on the databases <paramref name="services"/> gives, journaling under <paramref name="dataDirectory"/>.</summary>
internal static class StandaloneUsageWriter
{
    public static UsageWriter Create(IServiceProvider services, string dataDirectory, ILogger<UsageWriter>? logger = null) => new(
        services.GetRequiredService<IServiceScopeFactory>(),
        services.GetRequiredService<IMeterFactory>(),
        TimeProvider.System,
        Options.Create(new StorageOptions { DataDirectory = dataDirectory }),
        new HostingEnvironment { ContentRootPath = dataDirectory },
        logger ?? NullLogger<UsageWriter>.Instance);
}
