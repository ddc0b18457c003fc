// Progressive enhancement: draws <canvas data-chart='{"type","labels","datasets","percent"}'>
// with Chart.js (served from /vendor, no CDN). The figures are also on the page as tables/grids.
(function () {
  if (typeof window.Chart === "undefined") return;
  var colours = ["#b71c1c", "#0969da", "#1a7f37", "#9a6700"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec;
    try { spec = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    var datasets = spec.datasets.map(function (d, i) {
      var c = colours[i % colours.length];
      return {
        label: d.label,
        data: d.data,
        type: d.type || spec.type,
        borderColor: c,
        backgroundColor: (d.type || spec.type) === "bar" ? c + "99" : c,
        spanGaps: true,
        pointRadius: 2,
        borderWidth: 2
      };
    });
    var yAxis = spec.percent ? { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } : { beginAtZero: true, ticks: { precision: 0 } };
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: yAxis }, plugins: { legend: { position: "bottom" } } }
    });
  });
})();
