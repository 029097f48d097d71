/* KAM Portal: small page helpers (a static file: the Content-Security-Policy allows no inline script). */
(function () {
  "use strict";

  /* A table wider than the screen scrolls inside its own box instead of widening the page. */
  function wrapTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("table-responsive") || parent.classList.contains("table-scroll")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrollable();
  }

  /* A box that scrolls can be reached and scrolled with the keyboard. */
  function markScrollable() {
    document.querySelectorAll(".table-scroll, .table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wrapTables);
  } else {
    wrapTables();
  }
  window.addEventListener("resize", markScrollable);
  document.addEventListener("htmx:afterSettle", wrapTables);
})();
