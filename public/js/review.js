// Progressive enhancement for the secretary's overview: a filter form marked data-autosubmit is
// submitted as soon as a select changes (the 筛选 button still works without JavaScript).
(function () {
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select").forEach(function (sel) {
      sel.addEventListener("change", function () {
        var page = form.querySelector("input[name=page]");
        if (page) page.value = "";
        form.submit();
      });
    });
  });
})();
// The overview's batch sign-off (issue 15): "全选" ticks every member of the page that may be
// signed off in the batch (the boxes only exist for them).
(function () {
  var all = document.querySelector("[data-select-all]");
  if (!all) return;
  all.closest("[data-select-all-row]").hidden = false;
  all.addEventListener("change", function () {
    document.querySelectorAll('input[name="memberIds"][form="batch-form"]').forEach(function (box) { box.checked = all.checked; });
  });
})();
