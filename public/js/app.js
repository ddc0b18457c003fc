// Progressive enhancement only: every page works without this file.
(function () {
  // Ask before a destructive form is submitted (data-confirm="…").
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });

  // Talk form: search members or residents as the name is typed, fill a <datalist>,
  // and remember the picked id (cleared when the typed name no longer matches).
  var input = document.querySelector("[data-counterpart-search]");
  if (!input) return;
  var list = document.getElementById("counterpart-list");
  var hidden = document.getElementById("f-counterpartId");
  var kind = document.getElementById("f-counterpartKind");
  var found = [];
  var timer;
  function match() {
    var hit = found.filter(function (c) { return c.name + "（" + c.hint + "）" === input.value || c.name === input.value; });
    if (hit.length === 1) { hidden.value = String(hit[0].id); input.value = hit[0].name; } else { hidden.value = ""; }
  }
  function search() {
    var q = input.value.trim();
    if (!q) return;
    fetch("/counterparts?kind=" + encodeURIComponent(kind.value) + "&q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (rows) {
        found = rows;
        list.textContent = "";
        rows.forEach(function (c) {
          var o = document.createElement("option");
          o.value = c.name + "（" + c.hint + "）";
          list.appendChild(o);
        });
      })
      .catch(function () {});
  }
  input.addEventListener("input", function () { match(); clearTimeout(timer); timer = setTimeout(search, 250); });
  input.addEventListener("change", match);
  kind.addEventListener("change", function () { hidden.value = ""; found = []; list.textContent = ""; });
})();
