using System.Globalization;
using Socrates.Bench.Cache;

// ReadThroughCache against HybridCache for the call lookups: the guarantees first, then the cost per lookup.
// Argument: hits per round (default 2,000,000). Printed, never asserted.
Console.WriteLine($"Load average when starting: {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores");
await CacheGuarantees.RunAsync();
await CacheBench.RunAsync(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000);
