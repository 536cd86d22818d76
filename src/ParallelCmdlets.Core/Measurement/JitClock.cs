namespace ParallelCmdlets.Measurement;

/// <summary>
/// This process's just-in-time compiler, as the runtime counts it: methods compiled and time spent compiling on
/// every thread, the background tiering thread included. A warm process compiles next to nothing; a run during
/// which it compiled was partly still warming up.
/// </summary>
public static class JitClock
{
    /// <summary>Time spent compiling since the process started, on all its threads.</summary>
    public static TimeSpan ProcessTime() => System.Runtime.JitInfo.GetCompilationTime(currentThread: false);

    /// <summary>Methods compiled since the process started, recompilations at a higher tier included.</summary>
    public static long CompiledMethods() => System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
}
