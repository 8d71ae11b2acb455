// laborbridge pages work without JavaScript; this only adds comforts:
// confirmation of destructive actions, auto-submitting filter selects,
// and a busy state on forms that upload files.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("form.filters select, form.filters input[type=checkbox]")) {
      el.form.submit();
    }
  });
  document.addEventListener("submit", function (e) {
    var f = e.target;
    var msg = f.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      e.preventDefault();
      return;
    }
    if (f.hasAttribute("data-busy")) {
      var b = f.querySelector("button[type=submit]");
      if (b) {
        b.disabled = true;
        b.textContent = f.getAttribute("data-busy");
      }
    }
  });
})();
// "Select all" boxes of bulk-action lists.
document.addEventListener("change", function (e) {
  var all = e.target.getAttribute && e.target.getAttribute("data-all");
  if (!all) return;
  var boxes = e.target.form.querySelectorAll("input[name=" + all + "]");
  for (var i = 0; i < boxes.length; i++) boxes[i].checked = e.target.checked;
});
// Print buttons: inline handlers are barred by the Content-Security-Policy.
document.addEventListener("click", function (e) {
  if (e.target.closest && e.target.closest("[data-print]")) window.print();
});
// Pages that show a live count ([data-reload=seconds], the driver's page)
// reload themselves while visible and while no dialog is waiting.
(function () {
  var el = document.querySelector("[data-reload]");
  if (!el) return;
  var ms = Math.max(10, parseInt(el.getAttribute("data-reload"), 10) || 30) * 1000;
  setInterval(function () {
    if (!document.hidden) window.location.reload();
  }, ms);
})();
