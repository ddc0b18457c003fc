// The binder's 打印 button (hidden without JavaScript: the browser's own print works anyway).
(function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
