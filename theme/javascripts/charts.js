/* Makes the charts on the page interactive, from their figure JSON (written by the generator).
 *
 * Each chart arrives as a static picture drawn at build time (render/svg.py), so the page paints
 * without plotly.js. plotly.js (and the figure) load only when the reader reaches for a chart: a
 * pointer over it, a tap, the "Interactive chart" button, or an image export; the interactive chart
 * then replaces the picture at the same size. A chart without a picture is drawn at once.
 *
 * A chart of several entities carries a picker (render/charts.py): the lines shown and, where values span
 * orders of magnitude, a logarithmic axis. The choice is kept in the page's address
 * (?entities=china,japan&from=2000&to=2021&scale=log), so a shared link draws the same chart; "CSV of
 * the lines shown" gives exactly the rows of the chart's CSV for those lines and years.
 *
 * Runs on first load and after each instant navigation (mkdocs-material's document$), follows the
 * light/dark palette toggle, and resizes charts with their container.
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
        script.onerror = function () {
          script.remove();
          plotly = null; // the next attempt loads it again
          reject(new Error("plotly.js failed to load"));
        };
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

  function loadFigure(node) {
    return fetch(siteUrl(node.getAttribute("data-chart"))).then(function (response) {
      if (!response.ok) throw new Error("the chart's data failed to load (HTTP " + response.status + ")");
      return response.json();
    });
  }

  // Draws one chart with plotly.js in place of its picture. The promise resolves to the chart once it is
  // drawn, or to null when it could not be: the picture stays, with a line saying so (one, however
  // often the reader tries again).
  function activate(node) {
    if (node._fsDrawn) return node._fsDrawn;
    var failed = node.parentNode.querySelector(".fs-chart__error");
    if (failed) failed.remove();
    node._fsDrawn = Promise.all([loadPlotly(), loadFigure(node)])
      .then(function (loaded) {
        var Plotly = loaded[0], figure = loaded[1];
        var picture = node.querySelector(".fs-static");
        return Plotly.newPlot(node, figure.data, applyPalette(figure.layout), { displayModeBar: false, responsive: true })
          .then(function () {
            if (picture) picture.remove();
            var toggle = node.closest(".fs-chart").querySelector(".fs-chart__interactive");
            if (toggle) toggle.remove();
            interactions(Plotly, node);
            var choice = choiceOf(node);
            return choice && !choice.isDefault() ? applyChoice(node, choice).then(function () { return node; }) : node;
          });
      })
      .catch(function (error) {
        node._fsDrawn = null;
        var message = document.createElement("p");
        message.className = "fs-chart__error";
        message.setAttribute("role", "status");
        message.textContent = "The interactive chart could not be drawn (" + error.message + "). " +
          (node.querySelector(".fs-static") ? "The picture shows the same figures; \u201cInteractive chart\u201d tries again." : "");
        node.after(message);
        return null;
      });
    return node._fsDrawn;
  }

  function interactions(Plotly, node) {
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
  }

  // The picker of a chart's figure: its entity boxes, its scale box, and what they say.
  function choiceOf(node) {
    var picker = node.closest(".fs-chart").querySelector(".fs-picker");
    if (!picker) return null;
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[name=entity]"));
    var log = picker.querySelector("input[name=scale]");
    var first = picker.querySelector("select[name=from]"), last = picker.querySelector("select[name=to]");
    return {
      picker: picker, boxes: boxes, log: log, first: first, last: last,
      selected: function () {
        return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      },
      allShown: function () { return boxes.every(function (box) { return box.checked; }); },
      // The years shown, first to last (a reversed choice is read the right way round); null without a choice.
      years: function () {
        if (!first) return null;
        var a = +first.value, b = +last.value;
        return [Math.min(a, b), Math.max(a, b)];
      },
      allYears: function () {
        return !first || (first.selectedIndex === 0 && last.selectedIndex === last.options.length - 1);
      },
      isDefault: function () { return this.allShown() && this.allYears() && !(log && log.checked); }
    };
  }

  function pick(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { select.selectedIndex = i; return; }
    }
  }

  function readAddress(choice) {
    var params = new URLSearchParams(window.location.search);
    var wanted = params.get("entities");
    if (wanted !== null) {
      var ids = wanted.split(",");
      // An address naming none of the chart's entities (an old or mistyped link) keeps the default.
      if (choice.boxes.some(function (box) { return ids.indexOf(box.value) >= 0; })) {
        choice.boxes.forEach(function (box) { box.checked = ids.indexOf(box.value) >= 0; });
      }
    }
    if (choice.log) choice.log.checked = params.get("scale") === "log";
    if (choice.first) {
      choice.first.selectedIndex = 0;
      choice.last.selectedIndex = choice.last.options.length - 1;
      if (params.get("from")) pick(choice.first, params.get("from"));
      if (params.get("to")) pick(choice.last, params.get("to"));
    }
  }

  function writeAddress(choice) {
    var params = new URLSearchParams(window.location.search);
    ["entities", "from", "to", "scale"].forEach(function (name) { params.delete(name); });
    var parts = params.toString() ? [params.toString()] : [];
    if (!choice.allShown()) parts.push("entities=" + choice.selected().join(","));
    if (!choice.allYears()) parts.push("from=" + choice.years()[0], "to=" + choice.years()[1]);
    if (choice.log && choice.log.checked) parts.push("scale=log");
    var address = window.location.pathname + (parts.length ? "?" + parts.join("&") : "") + window.location.hash;
    history.replaceState(history.state, "", address);
  }

  function applyChoice(node, choice) {
    var ids = choice.selected();
    var visible = node.data.map(function (trace) { return trace.meta === undefined || ids.indexOf(trace.meta) >= 0; });
    return window.Plotly.restyle(node, { visible: visible }).then(function () {
      var layout = { "yaxis.autorange": true };
      if (choice.log) layout["yaxis.type"] = choice.log.checked ? "log" : "linear";
      if (choice.first) {
        var years = choice.years();
        layout["xaxis.range"] = [years[0] - 0.5, years[1] + 0.5];
      }
      return window.Plotly.relayout(node, layout);
    });
  }

  // The records of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks), each with
  // its text as written, so the rows kept are the file's own bytes.
  function csvRecords(text) {
    var records = [], fields = [], field = "", quoted = false, start = 0;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (quoted) {
        if (ch !== '"') field += ch;
        else if (text[i + 1] === '"') { field += '"'; i++; }
        else quoted = false;
      } else if (ch === '"') {
        quoted = true;
      } else if (ch === ",") {
        fields.push(field); field = "";
      } else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && text[i + 1] === "\n") i++;
        fields.push(field);
        records.push({ text: text.slice(start, i + 1), fields: fields });
        fields = []; field = ""; start = i + 1;
      } else {
        field += ch;
      }
    }
    if (start < text.length) {
      fields.push(field);
      records.push({ text: text.slice(start) + "\n", fields: fields });
    }
    return records;
  }

  function downloadSelection(figure, choice) {
    var link = figure.querySelector(".fs-chart__downloads a[download]");
    return fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (text) {
      var records = csvRecords(text);
      var column = records[0].fields.indexOf("entity"), period = records[0].fields.indexOf("period");
      var ids = choice.selected(), years = choice.years();
      var kept = records.slice(1).filter(function (record) {
        var year = parseInt(record.fields[period], 10);
        return ids.indexOf(record.fields[column]) >= 0 && (!years || (year >= years[0] && year <= years[1]));
      });
      var blob = new Blob([records[0].text].concat(kept.map(function (record) { return record.text; })),
                          { type: "text/csv" });
      var save = document.createElement("a");
      save.href = URL.createObjectURL(blob);
      save.download = link.getAttribute("href").replace(/^.*\//, "").replace(/\.csv$/, "") + "-" + ids.join("-") +
        (years && !choice.allYears() ? "-" + years[0] + "-" + years[1] : "") + ".csv";
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(save.href); }, 0);
    });
  }

  function setUpPicker(node, figure) {
    var choice = choiceOf(node);
    if (!choice) return;
    choice.picker.hidden = false;
    readAddress(choice);
    var changed = function () {
      writeAddress(choice);
      activate(node).then(function (drawn) { if (drawn) applyChoice(drawn, choice); });
    };
    choice.boxes.concat(choice.log ? [choice.log] : [], choice.first ? [choice.first, choice.last] : [])
      .forEach(function (control) { control.onchange = changed; });
    var selection = figure.querySelector(".fs-chart__selection");
    if (selection) {
      selection.hidden = false;
      selection.onclick = function () { downloadSelection(figure, choice); };
    }
    if (!choice.isDefault()) activate(node);  // a shared link's choice is drawn at once
  }

  function render() {
    document.querySelectorAll(".fs-chart__plot[data-chart]").forEach(function (node) {
      var figure = node.closest(".fs-chart");
      // PNG and SVG of the chart, drawn by Plotly itself (offline), once the chart is interactive.
      figure.querySelectorAll(".fs-chart__export").forEach(function (button) {
        button.onclick = function () {
          activate(node).then(function (drawn) {
            if (!drawn) return;
            var name = node.getAttribute("data-chart").replace(/^.*\//, "").replace(/\.json$/, "");
            window.Plotly.downloadImage(node, { format: button.getAttribute("data-format"), filename: name,
                                                width: 1000, height: 520 });
          });
        };
      });
      setUpPicker(node, figure);
      if (!node.querySelector(".fs-static")) {
        activate(node);
        return;
      }
      var wake = function () { activate(node); };
      node.addEventListener("pointerenter", wake, { once: true });
      node.addEventListener("touchstart", wake, { once: true, passive: true });
      var toggle = figure.querySelector(".fs-chart__interactive");
      if (toggle) {
        toggle.onclick = function () {
          // The button goes with the picture: keyboard focus moves on to the image exports.
          activate(node).then(function (drawn) {
            if (drawn) figure.querySelector(".fs-chart__export").focus();
          });
        };
      }
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
