using System.Management.Automation;
using System.Text;

namespace ParallelCmdlets.Commands;

/// <summary>
/// What the file-writing commands share: a -Path whose extension picks the format, checked before any upstream
/// run starts; -Force to overwrite; and writing the file as UTF-8 without a byte-order mark.
/// </summary>
public abstract class ExportFileCommandBase : PSCmdlet
{
    private string fullPath = "";

    /// <summary>Where to write; the extension picks the format.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Overwrite the file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected string FullPath => fullPath;

    /// <summary>The file's extension, lower case, with its dot.</summary>
    protected string Extension { get; private set; } = "";

    /// <summary>The extensions this command writes; .html and .svg unless it writes more.</summary>
    protected virtual IReadOnlyList<string> Extensions => [".html", ".svg"];

    /// <summary>Refuses early, before any upstream command starts its (possibly long) run.</summary>
    protected override void BeginProcessing()
    {
        fullPath = GetUnresolvedProviderPathFromPSPath(Path);
        var extension = System.IO.Path.GetExtension(fullPath).ToLowerInvariant();
        var known = Extensions.Count == 1 ? Extensions[0] : string.Join(", ", Extensions.Take(Extensions.Count - 1)) + " or " + Extensions[^1];
        if (!Extensions.Contains(extension))
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"{MyInvocation.MyCommand.Name} writes {known} files; '{Path}' has the extension '{extension}'. Use a path ending in {known}."),
                ErrorIds.UnsupportedExtension, ErrorCategory.InvalidArgument, Path));
        Extension = extension;
        RefuseExistingFile();
    }

    /// <summary>Writes the file, once more refusing a file that appeared during the run, and returns it.</summary>
    protected void WriteFile(string what, Func<string> render)
    {
        RefuseExistingFile();
        if (!ShouldProcess(fullPath, what)) return;
        try
        {
            File.WriteAllText(fullPath, render(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.TimelineWriteFailed, ErrorCategory.WriteError, fullPath));
        }
        // Through the provider, as Get-Item does: the FileInfo then carries PSParentPath and its kin, and shows in
        // Get-Item's view, its folder above it.
        foreach (var item in InvokeProvider.Item.Get([fullPath], force: true, literalPath: true)) WriteObject(item);
    }

    private void RefuseExistingFile()
    {
        if (Force || !File.Exists(fullPath)) return;
        ThrowTerminatingError(new ErrorRecord(
            new IOException($"The file '{fullPath}' already exists. Use -Force to overwrite it."),
            ErrorIds.FileExists, ErrorCategory.ResourceExists, fullPath));
    }
}

/// <summary>The picture-writing commands: an .html page or a bare .svg, with a -Title.</summary>
public abstract class ExportPictureCommandBase : ExportFileCommandBase
{
    /// <summary>The picture's title; each command has its default.</summary>
    [Parameter]
    public string? Title { get; set; }

    protected bool IsHtml => Extension == ".html";
}
