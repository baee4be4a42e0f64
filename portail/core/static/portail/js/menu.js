// On a phone the menu and the account links start folded, so that each page opens on its own content rather than
// on a dozen links; on a wider screen they are always unfolded (their toggles are hidden there). Without JavaScript
// they simply stay unfolded. Loaded right after them, without defer, so that they fold before the page is drawn.
(function () {
  var narrow = window.matchMedia("(max-width: 820px)");
  var folding = document.querySelectorAll("details[data-fold-narrow]");
  function fit() {
    folding.forEach(function (details) { details.open = !narrow.matches; });
  }
  fit();
  narrow.addEventListener("change", fit);
})();
