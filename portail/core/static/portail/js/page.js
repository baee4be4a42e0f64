// Small page helpers, each optional: the page works without them.
(function () {
  // "Imprimer" buttons: hidden in the HTML (without JavaScript the browser's own Print menu does it).
  document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // A checkbox list with a search box: hide the entries that do not contain what is typed.
  document.querySelectorAll("[data-filter-list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) return;
    input.hidden = false;
    var fold = function (text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      list.querySelectorAll("li").forEach(function (item) {
        item.hidden = wanted !== "" && fold(item.textContent).indexOf(wanted) === -1;
      });
    });
  });
  // Forms opened on demand in a list (one exit form at a time): opening one closes the others; "Annuler" closes it.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var slot = event.detail.target;
    if (!slot.classList || !slot.classList.contains("exit-slot")) return;
    document.querySelectorAll(".exit-slot").forEach(function (other) { if (other !== slot) other.innerHTML = ""; });
    var first = slot.querySelector("input, select");
    if (first) first.focus();
  });
  document.body.addEventListener("click", function (event) {
    var close = event.target.closest(".exit-slot .exit-close");
    if (!close) return;
    event.preventDefault();
    close.closest(".exit-slot").innerHTML = "";
  });
})();
