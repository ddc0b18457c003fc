// Meeting form, progressive enhancement only (the form works without it):
// - "＋ 再加一条" adds an empty row for one more request raised at the meeting;
// - the count of members ticked follows the boxes;
// - changing the zone or the date reloads the roster of that day, while nothing has been typed.
(function () {
  var form = document.querySelector("[data-meeting-form]");
  if (!form) return;
  var rows = form.querySelector("[data-raised-rows]");
  var add = form.querySelector("[data-add-raised]");
  if (rows && add) {
    add.hidden = false;
    add.addEventListener("click", function () {
      var last = rows.querySelector("[data-raised-row]:last-child");
      if (!last) return;
      var copy = last.cloneNode(true);
      copy.classList.remove("has-error");
      var n = rows.querySelectorAll("[data-raised-row]").length + 1;
      copy.querySelectorAll("input").forEach(function (input, i) {
        input.value = "";
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
        input.setAttribute("aria-label", "第 " + n + " 条诉求的" + (i === 0 ? "群众姓名" : "内容"));
      });
      copy.querySelectorAll(".error").forEach(function (p) { p.remove(); });
      rows.appendChild(copy);
      copy.querySelector("input").focus();
    });
  }
  // the count of members ticked, kept as boxes are ticked (issue 15)
  var count = form.querySelector("[data-attendee-count] strong");
  if (count) {
    form.addEventListener("change", function (e) {
      if (e.target.name !== "attendeeIds") return;
      count.textContent = String(form.querySelectorAll('input[name="attendeeIds"]:checked').length);
    });
  }
  var typed = false;
  form.addEventListener("input", function (e) {
    if (e.target.name !== "zoneId" && e.target.name !== "heldOn") typed = true;
  });
  function reload() {
    if (typed) return;
    var q = new URLSearchParams({
      zone: form.elements.zoneId ? form.elements.zoneId.value : "",
      heldOn: form.elements.heldOn.value,
      kind: form.elements.kind.value,
    });
    window.location.assign("/meetings/new?" + q.toString());
  }
  ["zoneId", "heldOn"].forEach(function (name) {
    var el = form.elements[name];
    if (el) el.addEventListener("change", reload);
  });
})();
