// Keyboard shortcuts of the inbox (documented on the page, "Raccourcis clavier"). Without JavaScript every
// action stays reachable by links, checkboxes and buttons.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.inbox-row"));
  var current = -1;

  function select(index) {
    if (!rows.length) { return; }
    if (current >= 0) { rows[current].classList.remove("selected"); }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows[current].classList.add("selected");
    rows[current].querySelector("a.open-link").focus();
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.href = link.href; }
  }

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var handled = true;
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "o": if (current >= 0) { rows[current].querySelector("a.open-link").click(); } break;
      case "x":
        if (current >= 0) { var box = rows[current].querySelector("input[type=checkbox]"); box.checked = !box.checked; }
        break;
      case "/": document.getElementById("id_q").focus(); break;
      case "n": follow(".pagination a[rel=next]"); break;
      case "p": follow(".pagination a[rel=prev]"); break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
})();
