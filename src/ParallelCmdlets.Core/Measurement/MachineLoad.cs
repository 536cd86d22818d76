using System.Globalization;

namespace ParallelCmdlets.Measurement;

/// <summary>The whole machine's CPU counters from /proc/stat: all processes, ours and everyone else's.</summary>
public readonly record struct MachineCpu(double BusySeconds, double TotalSeconds)
{
    /// <summary>The machine's counters now, or null where /proc/stat does not exist.</summary>
    public static MachineCpu? Read()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal)) return null;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal (guest time is already inside user).
            var total = fields.Take(8).Sum();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            return new MachineCpu((total - idle) / TicksPerSecond, total / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static readonly double TicksPerSecond = ReadTicksPerSecond();

    private static double ReadTicksPerSecond()
    {
        try
        {
            var ticks = Native.NativeMethods.SysConf(Native.NativeMethods.SysConfClockTicks);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }
}
