// Parts of a page that work only with JavaScript (passkeys) are hidden in the HTML, so that a
// browser without it (Tor Browser's safest mode) never offers what it cannot do; shown here.
(function () {
  "use strict";
  var parts = document.querySelectorAll("[data-needs-javascript]");
  for (var i = 0; i < parts.length; i++) {
    parts[i].hidden = false;
  }
})();
