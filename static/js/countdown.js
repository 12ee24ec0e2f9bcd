// The server writes the time left in words (rounded down); with JavaScript each countdown on the
// page counts down once a second, in the page's language, from the instant in data-deadline.
// Not a live region: a screen reader reads it when asked, not every second.
(function () {
  "use strict";
  var clocks = Array.prototype.slice.call(document.querySelectorAll(".countdown[data-deadline]"));
  if (!clocks.length || !window.Intl || !Intl.NumberFormat) {
    return;
  }
  var language = document.documentElement.lang || "en";

  function unit(name) {
    try {
      // Latin digits, as the server writes numbers in every language.
      return new Intl.NumberFormat(language, {
        style: "unit",
        unit: name,
        unitDisplay: "long",
        numberingSystem: "latn",
      });
    } catch (error) {
      return null; // a browser without unit formatting keeps the server's text
    }
  }

  var units = { day: unit("day"), hour: unit("hour"), minute: unit("minute"), second: unit("second") };
  if (!units.day || !units.second) {
    return;
  }
  var list = Intl.ListFormat ? new Intl.ListFormat(language, { style: "long", type: "conjunction" }) : null;

  // The two largest units left, rounded down: never more time than there is.
  function words(seconds) {
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    var parts;
    if (days) {
      parts = [units.day.format(days), hours && units.hour.format(hours)];
    } else if (hours) {
      parts = [units.hour.format(hours), minutes && units.minute.format(minutes)];
    } else if (minutes) {
      parts = [units.minute.format(minutes), rest && units.second.format(rest)];
    } else {
      parts = [units.second.format(rest)];
    }
    parts = parts.filter(Boolean);
    return list ? list.format(parts) : parts.join(" ");
  }

  var timer = null;

  function tick() {
    var now = Date.now();
    var running = false;
    clocks.forEach(function (clock) {
      var deadline = Date.parse(clock.getAttribute("data-deadline"));
      if (isNaN(deadline)) {
        return;
      }
      var left = Math.floor((deadline - now) / 1000);
      var text;
      if (left <= 0) {
        text = clock.getAttribute("data-closed");
      } else {
        text = clock.getAttribute("data-closes").replace("{time}", words(left));
        running = true;
      }
      if (clock.textContent !== text) {
        clock.textContent = text;
      }
    });
    if (!running && timer !== null) {
      window.clearInterval(timer);
    }
  }

  tick();
  timer = window.setInterval(tick, 1000);
})();
