// The quick-exit link works without JavaScript. With it, the portal's page is replaced in the
// history rather than added, so "Back" does not return here, and Escape pressed twice exits.
// Just before leaving it tells the page ("quick-exit" on the document), so that nothing there
// (autosave.js's "unsaved changes" warning) holds the page on screen by asking to stay.
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
    document.dispatchEvent(new Event("quick-exit"));
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
