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
