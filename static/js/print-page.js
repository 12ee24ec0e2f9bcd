// The page prints without JavaScript (the browser's own Print command); with it, a button does the same.
(function () {
  "use strict";
  var button = document.getElementById("print-page");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();
