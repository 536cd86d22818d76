using ParallelCmdlets.Worker;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Executors;

/// <summary>
/// The shared memory of one pool under -TransferMode SharedMemory: an input and an output map per slot (worker ×
/// thread) in one private folder under /dev/shm. Owned by the pool, not by a worker, so a worker that dies leaves
/// nothing behind and its replacement maps the same files; Dispose unmaps them and removes the folder.
/// </summary>
internal sealed class PoolMaps : IDisposable
{
    private readonly SlotMaps[] slots;

    private PoolMaps(string folder, SlotMaps[] slots)
    {
        Folder = folder;
        this.slots = slots;
    }

    /// <summary>The private folder holding the maps.</summary>
    public string Folder { get; }

    /// <summary>Maps for <paramref name="slotCount"/> slots, each as large as the workload's largest argument and result.</summary>
    public static PoolMaps Create(Workload workload, int slotCount)
    {
        if (workload is not INumericPayloadWorkload numeric)
            throw new InvalidOperationException($"Workload '{workload.Spec.Name}' cannot use -TransferMode SharedMemory: its argument and result are not arrays of doubles.");
        var inputBytes = Math.Max(sizeof(double), numeric.MaxInputDoubles * sizeof(double));
        var outputBytes = Math.Max(sizeof(double), numeric.MaxOutputDoubles * sizeof(double));
        var folder = SharedMemoryFolder.Create(slotCount * (inputBytes + outputBytes));
        var made = new List<SlotMaps>(slotCount);
        try
        {
            for (var slot = 0; slot < slotCount; slot++) made.Add(SlotMaps.Create(folder, slot + 1, inputBytes, outputBytes));
            return new PoolMaps(folder, made.ToArray());
        }
        catch
        {
            foreach (var maps in made) maps.Dispose();
            SharedMemoryFolder.Remove(folder);
            throw;
        }
    }

    /// <summary>What a worker's slots are told in Setup: worker <paramref name="workerId"/> (from 1) serves slots in a row.</summary>
    public IReadOnlyList<SlotMapPaths> PathsFor(int workerId, int threadsPerWorker) =>
        slots.Skip((workerId - 1) * threadsPerWorker).Take(threadsPerWorker).Select(m => m.Paths).ToList();

    /// <summary>Copies the task's argument, which must be an array of doubles, into the slot's input map.</summary>
    public MappedPayload FillInput(int slot, Workload workload, int taskId)
    {
        var map = slots[slot].Input;
        if (workload.CreateInput(taskId) is not double[] input)
            throw new InvalidOperationException("-TransferMode SharedMemory carries arrays of doubles, and this task's argument is not one.");
        if (input.LongLength > map.CapacityDoubles)
            throw new InvalidOperationException($"The task's argument of {input.LongLength:N0} doubles is larger than its map ({map.CapacityDoubles:N0}).");
        input.CopyTo(map.Doubles(input.Length));
        return new MappedPayload(input.Length);
    }

    /// <summary>Refuses an answer that claims more than the slot's output map holds: the worker is out of step.</summary>
    public void CheckAnswer(int slot, MappedPayload answer)
    {
        var capacity = slots[slot].Output.CapacityDoubles;
        if (answer.Doubles > capacity)
            throw new ProtocolException($"The worker announced a result of {answer.Doubles:N0} doubles in a map of {capacity:N0}.");
    }

    /// <summary>The result, read where the worker left it; copied out only for output the caller keeps.</summary>
    public double[] CopyOutput(int slot, MappedPayload answer) => slots[slot].Output.Doubles(answer.Doubles).ToArray();

    public void Dispose()
    {
        foreach (var maps in slots) maps.Dispose();
        SharedMemoryFolder.Remove(Folder);
    }
}
