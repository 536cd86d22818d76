<#
.SYNOPSIS
    How the current folder changes what an empty ForEach-Object -Parallel task costs (bench row 5's noise).
.DESCRIPTION
    Each -Parallel task resets its runspace, and the reset lists every folder on the way to the current location.
    This makes a folder of -Entries empty files under -Base (the home folder: the temp folder may be crowded
    itself), and times the same 300 empty tasks (`1..300 | ForEach-Object -Parallel { $_ } -ThrottleLimit 2`)
    from a small folder beside it and from a folder inside the crowded one, taking turns, the order reversed
    every round. It prints each place's median time per task and the ratio. Its folders are removed at the end.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/experiments/ForEachParallelFolder.ps1 -Entries 17000
#>
param([int] $Entries = 17000, [int] $Rounds = 5, [int] $Tasks = 300, [string] $Base = $HOME)
$root = Join-Path $Base ("pcb-folder-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
$quiet = New-Item -ItemType Directory -Path (Join-Path $root 'quiet')
$crowd = New-Item -ItemType Directory -Path (Join-Path $root 'crowd')
$inside = New-Item -ItemType Directory -Path (Join-Path $crowd 'inside')
try {
    foreach ($i in 1..$Entries) { [IO.File]::Create((Join-Path $crowd "f$i")).Dispose() }
    $places = [ordered]@{ quiet = $quiet.FullName; crowded = $inside.FullName }
    $times = @{ quiet = [Collections.Generic.List[double]]::new(); crowded = [Collections.Generic.List[double]]::new() }
    Push-Location $quiet
    1..4 | ForEach-Object -Parallel { $_ } -ThrottleLimit 2 | Out-Null
    Pop-Location
    foreach ($round in 1..$Rounds) {
        $order = if ($round % 2) { 'quiet', 'crowded' } else { 'crowded', 'quiet' }
        foreach ($name in $order) {
            Push-Location $places[$name]
            try {
                $watch = [Diagnostics.Stopwatch]::StartNew()
                1..$Tasks | ForEach-Object -Parallel { $_ } -ThrottleLimit 2 | Out-Null
                $times[$name].Add($watch.Elapsed.TotalSeconds / $Tasks)
            }
            finally { Pop-Location }
        }
    }
    $median = { param($v) $s = @($v | Sort-Object); if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
    $quietMedian = & $median $times.quiet
    $crowdedMedian = & $median $times.crowded
    [pscustomobject]@{ Place = "a folder beside it ($($quiet.FullName))"; PerTaskMs = [math]::Round($quietMedian * 1e3, 3); Runs = $times.quiet.Count }
    [pscustomobject]@{ Place = "inside a folder of $Entries entries"; PerTaskMs = [math]::Round($crowdedMedian * 1e3, 3); Runs = $times.crowded.Count }
    "crowded ÷ quiet: {0:0.0}×" -f ($crowdedMedian / $quietMedian)
}
finally {
    Remove-Item -LiteralPath $root -Recurse -Force
}
