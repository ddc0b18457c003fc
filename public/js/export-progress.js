// The year workbook export's progress page: polls the job's JSON status and updates the bar;
// when done, shows the download link. Without JavaScript the page's 刷新 link does the same.
(function () {
  var box = document.querySelector("[data-export-status]");
  if (!box) return;
  var url = box.getAttribute("data-export-status");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-export-text]");
  var done = box.querySelector("[data-export-done]");
  var failed = box.querySelector("[data-export-failed]");
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) return;
        if (bar) { bar.max = Math.max(1, s.total); bar.value = s.rows; }
        if (text) text.textContent = s.message;
        if (s.state === "done") { if (done) done.hidden = false; return; }
        if (s.state === "failed") { if (failed) { failed.hidden = false; failed.textContent = s.error || "导出失败"; } return; }
        setTimeout(tick, 1000);
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  tick();
})();
