namespace ParallelCmdlets.Reports;

/// <summary>
/// The script of the scaling chart's page; the page's head (error capture, style) is the timeline's. No user
/// text is placed here: it all goes through the SVG's escaping.
/// </summary>
internal static class ScalingChartHtmlAssets
{
    /// <summary>
    /// Moves each hoverable element's SVG title into data-tip (so the browser's own tooltip does not double
    /// ours) and shows it next to the pointer; marks the page data-ready once wired.
    /// </summary>
    public const string TooltipScript = """
        <script>
        (function () {
          var tip = document.getElementById('tip');
          var svg = document.querySelector('svg.scaling-chart');
          if (!tip || !svg) return;
          svg.querySelectorAll('.point, .fit, .ideal, .break-even').forEach(function (g) {
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

        """;
}
