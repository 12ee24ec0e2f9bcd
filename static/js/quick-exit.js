// The quick-exit link works without JavaScript. With it, the portal's page is replaced in the
// history rather than added, so "Back" does not return here, and Escape pressed twice exits.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) {
    return;
  }
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var now = Date.now();
    if (now - lastEscape < 800) {
      leave();
    }
    lastEscape = now;
  });
})();
