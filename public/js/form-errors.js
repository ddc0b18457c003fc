// Error summary (issue 15, item 1), progressive enhancement: after a refused save the page opens
// with the summary in view and focused (a screen reader reads it out); each link focuses its field,
// or the first control with that name when the field has no id of its own.
(function () {
  var box = document.querySelector("[data-error-summary]");
  if (!box) return;
  box.scrollIntoView({ block: "start" });
  box.focus({ preventScroll: true });
  box.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-field]");
    if (!a) return;
    var name = a.getAttribute("data-field");
    var safe = name.replace(/"/g, "");
    // a page with several forms may repeat a field name: the control marked invalid is the one meant
    var el = document.querySelector('[name="' + safe + '"][aria-invalid="true"]') || document.getElementById("f-" + name) || document.querySelector('[name="' + safe + '"]');
    if (!el) return;
    e.preventDefault();
    var control = /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName) ? el : el.querySelector("input, select, textarea, button") || el;
    el.scrollIntoView({ block: "center" });
    control.focus({ preventScroll: true });
  });
})();
