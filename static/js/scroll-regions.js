/* A table that scrolls sideways inside its own box (narrow screens, wide tables) must be reachable by keyboard,
   or a keyboard user can't see its hidden columns (WCAG 2.1.1; axe: scrollable-region-focusable). Each such box
   gets tabindex="0" while it scrolls and loses it again when it fits; a box that is not a table is named as a
   region after its table's caption or the nearest heading above it. Static file: the CSP allows no inline script. */
(function () {
  "use strict";
  var MARK = "data-scroll-region";

  function nameFor(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (var el = box; el && el !== document.body; el = el.parentElement) {
      for (var prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.trim();
      }
    }
    return "Tabel";
  }

  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute(MARK, "");
      if (box.tagName !== "TABLE" && !box.hasAttribute("role")) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameFor(box));
        box.setAttribute(MARK, "role");
      }
    } else if (!scrolls && box.hasAttribute(MARK)) {
      if (box.getAttribute(MARK) === "role") {
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
      box.removeAttribute("tabindex");
      box.removeAttribute(MARK);
    }
  }

  var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  }) : null;

  function scan(root) {
    (root || document).querySelectorAll("main table, main .table-scroll").forEach(function (box) {
      update(box);
      if (observer) observer.observe(box);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target.closest("main") || document); });
  window.addEventListener("resize", function () { scan(document); });
})();
