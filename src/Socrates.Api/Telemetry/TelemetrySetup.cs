using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Socrates.Api.Persistence;

namespace Socrates.Api.Telemetry;

/// <summary>
/// OpenTelemetry: traces of requests, outgoing HTTP (the providers, GitHub), database commands (one span each: Npgsql's
/// own, or EF Core's on SQLite) and the LLM calls in the GenAI semantic conventions; metrics of the same, plus
/// <see cref="SocratesMetrics"/>. OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set (the SDK reads the OTEL_*
/// variables); a Prometheus scrape endpoint at /metrics when Telemetry:Prometheus is true.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The source and meter of every LLM call's GenAI span and metrics (Microsoft.Extensions.AI's UseOpenTelemetry).</summary>
    public const string GenAiSource = "Socrates.GenAI";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SocratesMetrics>();
        var prometheus = configuration.GetValue<bool>("Telemetry:Prometheus");
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("socrates"))
            .WithTracing(t => t
                .AddSource(GenAiSource)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m =>
            {
                m.AddMeter(GenAiSource, SocratesMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (prometheus)
                {
                    m.AddPrometheusExporter();
                }
            });
        // Npgsql traces its own commands. EF Core's instrumentation would trace each of them a second time, and it costs
        // about a tenth of a millisecond of a conversation turn's CPU: it reads the provider's assembly name for every
        // command. Microsoft.Data.Sqlite traces nothing, so SQLite's commands are traced through EF Core.
        if (UsesSqlite(configuration))
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddEntityFrameworkCoreInstrumentation());
        }

        services.ConfigureOpenTelemetryMeterProvider((provider, m) => m.AddView(OnlyThisHost(provider.GetRequiredService<IMeterFactory>())));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return services;
    }

    private static bool UsesSqlite(IConfiguration configuration) =>
        DatabaseProviders.Detect(configuration.GetConnectionString("Auth") ?? "") == DatabaseProvider.Sqlite
        || DatabaseProviders.Detect(configuration.GetConnectionString("Specs") ?? "") == DatabaseProvider.Sqlite;

    /// <summary>
    /// Drops the instruments of meters that another host's IMeterFactory made. A provider listens to every meter of a
    /// name in the process and merges same-named instruments into the stream of the first it saw; when that one's host
    /// stops, the stream ends for all of them (open-telemetry/opentelemetry-dotnet#6412). So a second host in the
    /// process (tests, or an app hosting Socrates beside another) would silently lose its own measurements.
    /// Meters made without a factory (System.Net.Http, Microsoft.Extensions.AI) have no scope and are kept.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory factory) =>
        instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, factory) ? null : MetricStreamConfiguration.Drop;

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Telemetry:Prometheus"))
        {
            app.MapPrometheusScrapingEndpoint().WithTags("Health").AllowAnonymous()
                .WithSummary("Metrics in Prometheus' text format (when Telemetry:Prometheus is true)");
        }

        return app;
    }
}
