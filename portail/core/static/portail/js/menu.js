// On a phone the menu starts folded, so that each page opens on its own content rather than on the nine menu
// entries; on a wider screen it is always unfolded (its "Menu" toggle is hidden there). Without JavaScript it
// simply stays unfolded. Loaded right after the menu, without defer, so that it folds before the page is drawn.
(function () {
  var narrow = window.matchMedia("(max-width: 820px)");
  var menu = document.querySelector(".sidenav details");
  if (!menu) return;
  function fit() { menu.open = !narrow.matches; }
  fit();
  narrow.addEventListener("change", fit);
})();
