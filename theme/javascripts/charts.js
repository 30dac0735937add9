/* Renders every chart on the page from its figure JSON (written by the generator).
 *
 * Runs on first load and after each instant navigation (mkdocs-material's document$), loads
 * plotly.js once and only when a page has a chart, follows the light/dark palette toggle, and
 * resizes charts with their container (also when a collapsed block or tab opens).
 */
(function () {
  "use strict";
  var plotly = null;

  function siteUrl(path) {
    return new URL(path, typeof __md_scope !== "undefined" ? __md_scope : document.baseURI).href;
  }

  function loadPlotly() {
    if (!plotly) {
      plotly = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = siteUrl("assets/javascripts/plotly.min.js");
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { reject(new Error("plotly.js failed to load")); };
        document.head.appendChild(script);
      });
    }
    return plotly;
  }

  function palette() {
    var style = getComputedStyle(document.body);
    var text = style.getPropertyValue("--md-typeset-color").trim() || "#000";
    var grid = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
    return {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: { color: text },
      "xaxis.gridcolor": grid,
      "yaxis.gridcolor": grid,
      "xaxis.zerolinecolor": grid,
      "yaxis.zerolinecolor": grid
    };
  }

  function applyPalette(layout) {
    var colors = palette();
    layout.paper_bgcolor = colors.paper_bgcolor;
    layout.plot_bgcolor = colors.plot_bgcolor;
    layout.font = colors.font;
    ["xaxis", "yaxis"].forEach(function (axis) {
      layout[axis] = Object.assign({}, layout[axis], { gridcolor: colors["xaxis.gridcolor"], zerolinecolor: colors["xaxis.zerolinecolor"] });
    });
    return layout;
  }

  var resizer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      if (window.Plotly && entry.target.classList.contains("js-plotly-plot") && entry.contentRect.width > 0) {
        window.Plotly.Plots.resize(entry.target);
      }
    });
  });

  function render() {
    var nodes = Array.prototype.slice.call(document.querySelectorAll(".fs-chart__plot[data-chart]"));
    if (!nodes.length) return;
    loadPlotly().then(function (Plotly) {
      nodes.forEach(function (node) {
        fetch(siteUrl(node.getAttribute("data-chart")))
          .then(function (response) { return response.json(); })
          .then(function (figure) {
            return Plotly.newPlot(node, figure.data, applyPalette(figure.layout), { displayModeBar: false, responsive: true });
          })
          .then(function () {
            // Points that carry a site-relative address (the timeline picture) open their entry. On a touch
            // screen the first tap shows the point's tooltip and a second tap on it opens the entry.
            var touch = window.matchMedia("(hover: none)").matches;
            var tapped = null;
            node.on("plotly_click", function (event) {
              var point = event.points.length && event.points[0];
              var target = point && point.customdata;
              if (typeof target !== "string") return;
              var key = point.curveNumber + ":" + point.pointNumber;
              if (touch && tapped !== key) {
                tapped = key;
                Plotly.Fx.hover(node, [{ curveNumber: point.curveNumber, pointNumber: point.pointNumber }]);
                return;
              }
              window.location.assign(siteUrl(target));
            });
            // On a narrow screen the timeline's counts beside its markers would overlap: the tooltip has them.
            if (node.clientWidth < 600 && node.data.some(function (t) { return t.mode === "markers+text"; })) {
              Plotly.restyle(node, { mode: "markers" });
            }
            node.setAttribute("data-rendered", "true");
            resizer.observe(node);
            // PNG and SVG of this chart, drawn by Plotly itself (offline).
            var figure = node.closest(".fs-chart");
            figure.querySelectorAll(".fs-chart__export").forEach(function (button) {
              button.hidden = false;
              button.onclick = function () {
                var name = node.getAttribute("data-chart").replace(/^.*\//, "").replace(/\.json$/, "");
                Plotly.downloadImage(node, { format: button.getAttribute("data-format"), filename: name,
                                             width: 1000, height: 520 });
              };
            });
          })
          .catch(function (error) { node.textContent = "The chart could not be drawn: " + error.message; });
      });
    });
  }

  new MutationObserver(function () {
    if (!window.Plotly) return;
    document.querySelectorAll(".fs-chart__plot.js-plotly-plot").forEach(function (node) {
      window.Plotly.relayout(node, palette());
    });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  document$.subscribe(render);
})();
