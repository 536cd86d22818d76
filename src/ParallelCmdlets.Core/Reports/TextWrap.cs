namespace ParallelCmdlets.Reports;

/// <summary>
/// Breaks text into lines at word boundaries for the format views: PowerShell's table -Wrap cuts a cell at its
/// width wherever that falls, mid-word ("Dicti/onary"), so a view hands it lines that already fit.
/// </summary>
public static class TextWrap
{
    /// <summary>
    /// A name with a bracketed part ("ThreadJob (& { })", "Processes (SharedMemory)") for a narrow column: as it is
    /// when it fits, else the bracketed part on a line of its own, so "& { }" is never broken inside.
    /// </summary>
    public static string Name(string? text, int width)
    {
        if (string.IsNullOrEmpty(text) || text.Length <= width) return text ?? "";
        var open = text.IndexOf(" (", StringComparison.Ordinal);
        return open < 0 ? Lines(text, width) : Lines(text[..open], width) + Environment.NewLine + text[(open + 1)..];
    }

    /// <summary>
    /// <paramref name="text"/> in lines of at most <paramref name="width"/> characters, joined by newlines; a word
    /// longer than a line is cut. Line breaks already in the text are kept.
    /// </summary>
    public static string Lines(string? text, int width)
    {
        if (string.IsNullOrEmpty(text)) return "";
        width = Math.Max(1, width);
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var rest = word;
                if (line.Length > 0 && line.Length + 1 + rest.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                while (rest.Length > width)
                {
                    lines.Add(rest[..width]);
                    rest = rest[width..];
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(rest);
            }
            lines.Add(line.ToString());
        }
        return string.Join(Environment.NewLine, lines);
    }
}
