using System.Globalization;

namespace Socrates.Bench.Llm;

/// <summary>
/// CPU time used so far by the local PostgreSQL server's processes (all of them: backends, WAL writer, checkpointer),
/// read from /proc. Zero where there is no /proc or no local server; the bench then prints 0.
/// </summary>
internal static class PostgresCpu
{
    public static TimeSpan Total()
    {
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), out _) || File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres")
                {
                    continue;
                }

                // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        // Linux reports these in clock ticks of 1/100 s (USER_HZ) on every mainstream configuration.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
