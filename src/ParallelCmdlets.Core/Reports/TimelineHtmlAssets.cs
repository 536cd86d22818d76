namespace ParallelCmdlets.Reports;

/// <summary>
/// The page around the timeline SVG: inline CSS and two small scripts, so the file works offline and from
/// disk. No user text is ever placed here; it all goes through <see cref="TimelineSvg"/>'s escaping.
/// </summary>
internal static class TimelineHtmlAssets
{
    /// <summary>
    /// First in the head: counts script errors on the root element (data-errors), so a headless browser's
    /// --dump-dom shows whether the page ran cleanly.
    /// </summary>
    public const string ErrorCapture = """
        <script>
        (function () {
          var count = 0;
          window.addEventListener('error', function () {
            count++;
            document.documentElement.setAttribute('data-errors', String(count));
          });
        })();
        </script>

        """;

    public const string PageStyle = """
        <style>
        html { background: #ffffff; }
        body { margin: 16px; font: 13px system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
        main svg { max-width: 100%; height: auto; display: block; }
        #tip {
          position: fixed; display: none; pointer-events: none; z-index: 10;
          background: #1f2328; color: #f6f8fa; padding: 6px 9px; border-radius: 5px;
          font: 12px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
          white-space: pre; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
        }
        </style>

        """;

    /// <summary>
    /// Moves each hoverable element's SVG title into data-tip (so the browser's own tooltip does not double
    /// ours) and shows it next to the pointer; marks the page data-ready once wired. One script for every
    /// picture the module draws: <paramref name="svgSelector"/> finds the picture, <paramref name="hoverSelector"/>
    /// the elements that carry numbers (CSS selectors of our own, never user text).
    /// </summary>
    public static string TooltipScript(string svgSelector, string hoverSelector) => """
        <script>
        (function () {
          var tip = document.getElementById('tip');
          var svg = document.querySelector('SVG_SELECTOR');
          if (!tip || !svg) return;
          svg.querySelectorAll('HOVER_SELECTOR').forEach(function (g) {
            var title = g.querySelector('title');
            if (!title) return;
            g.setAttribute('data-tip', title.textContent);
            title.remove();
          });
          svg.addEventListener('mousemove', function (e) {
            var target = e.target.closest ? e.target.closest('[data-tip]') : null;
            if (!target) { tip.style.display = 'none'; return; }
            tip.textContent = target.getAttribute('data-tip');
            tip.style.display = 'block';
            var box = tip.getBoundingClientRect();
            var x = e.clientX + 14, y = e.clientY + 14;
            if (x + box.width > window.innerWidth) x = e.clientX - box.width - 14;
            if (y + box.height > window.innerHeight) y = e.clientY - box.height - 14;
            tip.style.left = Math.max(0, x) + 'px';
            tip.style.top = Math.max(0, y) + 'px';
          });
          svg.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
          document.documentElement.setAttribute('data-ready', '1');
        })();
        </script>

        """.Replace("SVG_SELECTOR", svgSelector).Replace("HOVER_SELECTOR", hoverSelector);
}
