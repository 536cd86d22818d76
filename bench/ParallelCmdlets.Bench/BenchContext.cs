using System.Diagnostics;
using ParallelCmdlets.Executors;
using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Bench;

/// <summary>What every row needs: how to start workers, the echo child and the no-op process, and prepared workloads.</summary>
internal sealed class BenchContext : IDisposable
{
    private readonly WorkloadCatalog catalog = WorkloadCatalog.CreateBuiltIn();
    private EchoChild? echo;

    public BenchContext(string? modulePath, string? pwshPath)
    {
        DotnetHost = DotnetWorkerLauncher.FindDotnetHost() ?? throw new InvalidOperationException("No dotnet host was found.");
        BenchAssembly = typeof(BenchContext).Assembly.Location;
        // The worker the module ships (out/ParallelCmdlets) when given, else the one built beside this bench.
        var worker = modulePath is null ? null : Path.Combine(modulePath, "ParallelCmdlets.Worker.dll");
        Launcher = worker is not null && File.Exists(worker)
            ? new DotnetWorkerLauncher(DotnetHost, worker)
            : DotnetWorkerLauncher.TryCreateDefault() ?? throw new InvalidOperationException("ParallelCmdlets.Worker.dll was not found.");
        PwshPath = pwshPath;
        ModulePath = modulePath;
    }

    public string DotnetHost { get; }
    public string BenchAssembly { get; }
    public DotnetWorkerLauncher Launcher { get; }
    public string? PwshPath { get; }

    /// <summary>The built module's folder (out/ParallelCmdlets), which row 5 imports into a fresh pwsh.</summary>
    public string? ModulePath { get; }

    /// <summary>Row 1's median per task (1 worker), which the CPU-reading row sets beside its own cost.</summary>
    public double? ThreadsPerTaskOneWorker { get; set; }

    public EchoChild Echo => echo ??= EchoChild.Start(DotnetHost, BenchAssembly);

    public ExecutorOptions Options => new() { Launcher = Launcher };

    /// <summary>A built-in workload prepared in this process, as the cmdlets prepare it before a run.</summary>
    public Workload Prepare(string name, long size, int tasks)
    {
        var workload = catalog.Create(new WorkloadSpec(name, size, tasks));
        workload.PrepareShared();
        workload.PrepareLocal();
        return workload;
    }

    public ProcessExecutor StartProcesses(Workload workload, int workers, TransferMode transferMode = TransferMode.Copy)
    {
        var executor = new ProcessExecutor(workers, 1, workload, Options with { TransferMode = transferMode });
        try
        {
            executor.Start(CancellationToken.None);
            return executor;
        }
        catch
        {
            executor.Dispose();
            throw;
        }
    }

    /// <summary>Seconds from Process.Start to exit of `dotnet bench.dll --noop`.</summary>
    public double NoopProcessSeconds()
    {
        var info = new ProcessStartInfo(DotnetHost) { UseShellExecute = false };
        info.ArgumentList.Add(BenchAssembly);
        info.ArgumentList.Add("--noop");
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the no-op process.");
        process.WaitForExit();
        var seconds = watch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"The no-op process exited with code {process.ExitCode}.");
        return seconds;
    }

    /// <summary>Times a run of <paramref name="tasks"/> tasks and fails loudly unless every task completed.</summary>
    public static double TimedRun(IExecutor executor, int tasks) => TimedRun(executor, tasks, out _);

    public static double TimedRun(IExecutor executor, int tasks, out ExecutedRun result)
    {
        var watch = Stopwatch.StartNew();
        result = executor.Run(tasks, NullTaskSink.Instance, CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        var bad = result.Records.FirstOrDefault(r => r.Status != TaskState.Completed);
        if (bad is not null) throw new InvalidOperationException($"Task {bad.TaskId} {bad.Status}: {bad.Error}");
        return seconds;
    }

    public void DisposeEcho()
    {
        echo?.Dispose();
        echo = null;
    }

    public void Dispose() => DisposeEcho();
}
