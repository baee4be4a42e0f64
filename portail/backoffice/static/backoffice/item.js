// Alt+Enter in the answer: "Répondre et passer à la suivante" (documented in the inbox's "Raccourcis clavier").
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  var next = document.getElementById("answer-next");
  if (!form || !next) { return; }
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.altKey) {
      event.preventDefault();
      next.click();
    }
  });
})();
