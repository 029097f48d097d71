/* Draws the statistics page's charts from the JSON in #statistics-charts (Chart.js, vendored).
   Each chart has the same figures in a table beside it; the canvas is only a picture of them. */
(function () {
  "use strict";
  var PALETTE = ["#1f5f8b", "#d9822b", "#3c8d5a", "#a23b72", "#6b5ca5", "#8c6d1f", "#2a7f86", "#b0413e"];

  function draw() {
    var source = document.getElementById("statistics-charts");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var charts = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = charts[canvas.getAttribute("data-chart")];
      if (!spec) {
        return;
      }
      var datasets = spec.datasets.map(function (dataset, i) {
        return {
          label: dataset.label,
          data: dataset.data,
          backgroundColor: PALETTE[i % PALETTE.length],
          borderColor: PALETTE[i % PALETTE.length],
        };
      });
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          indexAxis: spec.horizontal ? "y" : "x",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: datasets.length > 1 } },
          scales: {
            x: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
            y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
          },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
