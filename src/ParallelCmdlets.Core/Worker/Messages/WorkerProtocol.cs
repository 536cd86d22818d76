namespace ParallelCmdlets.Worker.Messages;

/// <summary>
/// The version of the parent–worker protocol. A parent and the workers it starts come from one build, so they
/// agree; a worker from another build (a stale ParallelCmdlets.Worker.dll, a module folder updated in part) is
/// refused at its Hello, and a parent of another build at its Setup, with both versions named, instead of each
/// misreading the other's frames.
/// </summary>
internal static class WorkerProtocol
{
    /// <summary>
    /// 1: the first protocol, whose Hello and Setup carried no version. 2: Hello and Setup end with it.
    /// 3: Ready and Usage carry the worker's time spent compiling.
    /// Raise it with any change to a message's layout. Hello's first four fields (worker, slot, process id,
    /// version) and Setup's version after the first protocol's fields stay where they are, so every version
    /// can still tell another apart and say so.
    /// </summary>
    public const int Version = 3;

    /// <summary>What a Hello or Setup without a version field speaks: the first protocol.</summary>
    public const int Unversioned = 1;

    /// <summary>
    /// Refuses a peer that speaks another version. <paramref name="peer"/> names it as a sentence starts
    /// ("Worker 2 (dotnet …/ParallelCmdlets.Worker.dll)"), <paramref name="self"/> names this end ("this module").
    /// </summary>
    public static void Require(int peerVersion, string peer, string self)
    {
        if (peerVersion == Version) return;
        throw new ProtocolVersionException(peerVersion,
            $"{peer} speaks version {peerVersion} of the worker protocol and {self} version {Version}: they come from different builds of " +
            "ParallelCmdlets. Rebuild or reinstall the module on this host (./build.ps1 Build, or Install-PSResource ParallelCmdlets -Reinstall) " +
            "so the module and its worker come from one build.");
    }
}

/// <summary>Thrown when the other end speaks another version of the protocol: it comes from another build of the module.</summary>
public sealed class ProtocolVersionException(int peerVersion, string message) : ProtocolException(message)
{
    /// <summary>The version the other end speaks.</summary>
    public int PeerVersion => peerVersion;
}
