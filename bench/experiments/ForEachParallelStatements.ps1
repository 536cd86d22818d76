<#
.SYNOPSIS
    What one statement, and one try/catch/finally, cost a ForEach-Object -Parallel task (bench row 5: ForEachParallel).
.DESCRIPTION
    ForEach-Object -Parallel runs its block unoptimised in each task's runspace, so every statement the module adds
    around the user's code is paid again per task. This times three blocks over the same empty tasks, taking turns
    (the order reversed every round), and prints each one's median wall time per task and its excess over the bare
    block, divided by the constructs it adds:
      bare        `$_`, the task the bench gives the tool
      statements  `$_` then -Statements simple assignments (`$x1 = $_ + 1`, ...)
      tryBlocks   `$_` then -TryBlocks `try { $y = $_ } catch { $z = 1 } finally { $w = 2 }`
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/experiments/ForEachParallelStatements.ps1
#>
param([int] $Tasks = 300, [int] $Rounds = 7, [int] $Statements = 200, [int] $TryBlocks = 40)
$blocks = [ordered]@{
    bare       = { $_ }
    statements = [scriptblock]::Create("`$_`n" + ((1..$Statements | ForEach-Object { "`$x$_ = `$_ + $_" }) -join "`n"))
    tryBlocks  = [scriptblock]::Create("`$_`n" + ((1..$TryBlocks | ForEach-Object { 'try { $y = $_ } catch { $z = 1 } finally { $w = 2 }' }) -join "`n"))
}
$times = @{}
foreach ($name in $blocks.Keys) {
    $times[$name] = [Collections.Generic.List[double]]::new()
    1..20 | ForEach-Object -Parallel $blocks[$name] -ThrottleLimit 2 | Out-Null
}
foreach ($round in 1..$Rounds) {
    $order = @($blocks.Keys)
    if ($round % 2) { [array]::Reverse($order) }
    foreach ($name in $order) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        1..$Tasks | ForEach-Object -Parallel $blocks[$name] -ThrottleLimit 2 | Out-Null
        $times[$name].Add($watch.Elapsed.TotalSeconds / $Tasks)
    }
}
$median = { param($v) $s = @($v | Sort-Object); if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
$bare = & $median $times.bare
$per = @{ bare = 1; statements = $Statements; tryBlocks = $TryBlocks }
foreach ($name in $blocks.Keys) {
    $m = & $median $times[$name]
    [pscustomobject]@{
        Block           = $name
        PerTaskUs       = [math]::Round($m * 1e6, 0)
        ExcessUs        = [math]::Round(($m - $bare) * 1e6, 0)
        PerConstructUs  = if ($name -eq 'bare') { $null } else { [math]::Round(($m - $bare) * 1e6 / $per[$name], 1) }
    }
}
