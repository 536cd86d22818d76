using System.Runtime.InteropServices;

namespace ParallelCmdlets.Native;

/// <summary>
/// Every call into the C library, in one place and one style: LibraryImport, whose marshalling is generated at
/// build time (no runtime stubs, blittable signatures checked by the compiler). Linux functions: each caller checks
/// the platform first, or catches DllNotFoundException and EntryPointNotFoundException where one may be missing.
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string LibC = "libc";

    /// <summary>CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID of clock_gettime(2).</summary>
    public const int ClockProcessCpuTime = 2, ClockThreadCpuTime = 3;

    /// <summary>_SC_CLK_TCK of sysconf(3) on Linux: the ticks per second /proc/stat counts in.</summary>
    public const int SysConfClockTicks = 2;

    /// <summary>struct timespec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>
    /// struct statx (linux/stat.h): 256 bytes, the same on every architecture, so these offsets hold everywhere;
    /// only the fields read are declared.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;     // stx_mask
        [FieldOffset(20)] public uint OwnerId; // stx_uid
        [FieldOffset(28)] public ushort Mode;  // stx_mode: type and permission bits
    }

    [LibraryImport(LibC, EntryPoint = "clock_gettime")]
    public static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport(LibC, EntryPoint = "sysconf")]
    public static partial long SysConf(int name);

    [LibraryImport(LibC, EntryPoint = "getppid")]
    public static partial int GetParentProcessId();

    [LibraryImport(LibC, EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    /// <summary>mkdtemp(3): replaces the template's trailing XXXXXX in place and makes the folder 0700; null on failure.</summary>
    [LibraryImport(LibC, EntryPoint = "mkdtemp", SetLastError = true)]
    public static partial IntPtr MakeTempFolder(byte* template);

    /// <summary>statx(2) of a path (glibc 2.28 and later).</summary>
    [LibraryImport(LibC, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int folderHandle, string path, int flags, uint mask, out StatxBuffer buffer);
}
