// "Aucun suivi particulier" is ticked by default, as in the guide, and means "none of the other boxes": ticking a
// determinant unticks it, unticking the last one ticks it again, and ticking it clears the others, so that the boxes
// never say two contrary things. Without JavaScript the server reads a form that has both as the risks ticked.
// Listens in the capture phase, before htmx reads the boxes for the category preview of the same change.
(function () {
  var group = document.querySelector("[data-determinants]");
  if (!group) return;
  var none = group.querySelector('input[name="determinants"][value="NONE"]');
  if (!none) return;
  function risks() {
    return Array.prototype.filter.call(
      group.querySelectorAll('input[name="determinants"]'), function (box) { return box !== none; });
  }
  function anyRisk() {
    return risks().some(function (risk) { return risk.checked; });
  }
  // A form shown again after an error keeps what was posted, both ticked included.
  if (anyRisk()) none.checked = false;
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!group.contains(box) || box.name !== "determinants") return;
    if (box === none) {
      if (none.checked) risks().forEach(function (risk) { risk.checked = false; });
    } else if (box.checked) {
      none.checked = false;
    } else if (!anyRisk()) {
      none.checked = true;
    }
  }, true);
})();
