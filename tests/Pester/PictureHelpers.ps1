# What the tests of the picture-writing commands (Export-Timeline, Export-ScalingChart) share: reading the
# drawn SVG by class, and rendering a page in headless Chromium. Dot-sourced in their BeforeAll.

# XPath on class lists: class="task completed" is a task.
function Select-Class([System.Xml.XmlNode] $Node, [string] $Class, [string] $Element = '*') {
    @($Node.SelectNodes(".//*[local-name()='$Element' or '$Element'='*'][contains(concat(' ', @class, ' '), ' $Class ')]"))
}

function Get-InlineSvg([string] $Html) {
    [xml]([regex]::Match($Html, '(?s)<svg .*</svg>').Value)
}

# The Chromium to render pages with, or nothing where none is installed (the browser tests then skip).
function Find-Chromium {
    @('/usr/bin/chromium', (Get-Command chromium, chromium-browser -CommandType Application -ErrorAction Ignore |
            Select-Object -First 1 -ExpandProperty Source)) | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
}

# Runs headless Chromium ($chromium, from Find-Chromium) on one page, killed after 60 s; returns its exit code, stdout and stderr.
function Invoke-Chromium([string] $Page, [string[]] $Mode) {
    $profileDir = Join-Path $TestDrive ('chromium-' + [guid]::NewGuid())
    New-Item -ItemType Directory $profileDir | Out-Null
    $start = [System.Diagnostics.ProcessStartInfo]::new($chromium)
    foreach ($arg in @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
            "--user-data-dir=$profileDir", '--window-size=1200,900', '--enable-logging=stderr', '--v=0') + $Mode +
        [uri]::new($Page).AbsoluteUri) { $start.ArgumentList.Add($arg) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit(60000)) {
        $process.Kill($true)
        throw "chromium did not finish within 60 s on $Page"
    }
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Out = $stdout.Result; Err = $stderr.Result }
}
