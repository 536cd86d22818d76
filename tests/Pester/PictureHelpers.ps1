# What only the tests of the picture-writing commands (Export-Timeline, Export-ScalingChart, Export-Report) need:
# reading the drawn SVG by class, rendering a page in headless Chromium and decoding its screenshot. Dot-sourced in
# their BeforeAll after TestHelpers.ps1, whose New-TestFolder gives Chromium its profile.

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
    $profileDir = New-TestFolder chromium
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

# Loads [PicturePng]: ReadRgb(path, out width, out height) decodes a screenshot of Chromium's (8-bit RGB(A),
# non-interlaced) to RGB bytes; Count(rgb, '#rrggbb', tolerance) counts pixels of a colour.
function Add-PngReader {
    if ('PicturePng' -as [type]) { return }
    Add-Type -TypeDefinition @'
using System;
using System.IO;
using System.IO.Compression;

public static class PicturePng
{
    public static byte[] ReadRgb(string path, out int width, out int height)
    {
        var bytes = File.ReadAllBytes(path);
        int channels = 0;
        width = height = 0;
        var idat = new MemoryStream();
        for (var at = 8; at + 8 <= bytes.Length;)
        {
            var length = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            if (type == "IHDR")
            {
                width = (bytes[at + 8] << 24) | (bytes[at + 9] << 16) | (bytes[at + 10] << 8) | bytes[at + 11];
                height = (bytes[at + 12] << 24) | (bytes[at + 13] << 16) | (bytes[at + 14] << 8) | bytes[at + 15];
                if (bytes[at + 16] != 8 || bytes[at + 20] != 0) throw new NotSupportedException("8-bit, non-interlaced PNGs only");
                channels = bytes[at + 17] == 2 ? 3 : bytes[at + 17] == 6 ? 4 : throw new NotSupportedException("colour type " + bytes[at + 17]);
            }
            else if (type == "IDAT") idat.Write(bytes, at + 8, length);
            at += 12 + length;
        }
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        var data = raw.ToArray();
        var stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            Array.Copy(data, y * (stride + 1) + 1, row, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                row[i] = (byte)(row[i] + (filter == 0 ? 0 : filter == 1 ? a : filter == 2 ? b : filter == 3 ? (a + b) / 2
                    : filter == 4 ? (pa <= pb && pa <= pc ? a : pb <= pc ? b : c) : throw new InvalidDataException("filter " + filter)));
            }
            for (var x = 0; x < width; x++)
                for (var k = 0; k < 3; k++) rgb[(y * width + x) * 3 + k] = row[x * channels + k];
            (previous, row) = (row, previous);
        }
        return rgb;
    }

    /// <summary>Pixels within the tolerance of #rrggbb in every channel.</summary>
    public static int Count(byte[] rgb, string hex, int tolerance)
    {
        int r = Convert.ToInt32(hex.Substring(1, 2), 16), g = Convert.ToInt32(hex.Substring(3, 2), 16), b = Convert.ToInt32(hex.Substring(5, 2), 16);
        var n = 0;
        for (var i = 0; i + 2 < rgb.Length; i += 3)
            if (Math.Abs(rgb[i] - r) <= tolerance && Math.Abs(rgb[i + 1] - g) <= tolerance && Math.Abs(rgb[i + 2] - b) <= tolerance) n++;
        return n;
    }

    /// <summary>Rows (0 to height - 1) holding at least one pixel within the tolerance of #rrggbb: where a colour was drawn.</summary>
    public static int[] Rows(byte[] rgb, int width, string hex, int tolerance)
    {
        int r = Convert.ToInt32(hex.Substring(1, 2), 16), g = Convert.ToInt32(hex.Substring(3, 2), 16), b = Convert.ToInt32(hex.Substring(5, 2), 16);
        var rows = new System.Collections.Generic.List<int>();
        for (var y = 0; y * width * 3 < rgb.Length; y++)
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 3;
                if (Math.Abs(rgb[i] - r) <= tolerance && Math.Abs(rgb[i + 1] - g) <= tolerance && Math.Abs(rgb[i + 2] - b) <= tolerance) { rows.Add(y); break; }
            }
        return rows.ToArray();
    }
}
'@
}
