// The section form works without JavaScript: every button saves. With it, this script only adds
// to it:
// - a background save a few seconds after the last keystroke: the same form, posted to the same
//   address without its files, asking for JSON ({version, message, problems}); a colleague's
//   save since the page was opened answers 409, and then saving waits for the "Save" button,
//   which shows both versions;
// - a warning before leaving the page with changes not saved yet, a file chosen and not yet
//   uploaded included (not when the form is sent, nor on a quick exit, which must leave at once);
// - the words of long answers counted as they are typed ("120 of 300 words"), by the rule the
//   server counts by: runs of characters that are not white space (Python's `\S+`).
// The words it shows come from the page (data-* attributes), in the reader's language.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name='_version']");
  var DELAY = 5000;
  var RETRY = 15000;
  var timer = null;
  var changed = false; // typed since the last save began
  var saving = false;
  var stopped = false; // a colleague saved, or the server refused: the buttons take over
  var sending = false; // the form itself is being sent: leaving is expected
  var waiting = null; // a button pressed while a background save was under way

  function say(text) {
    if (status && text) {
      status.textContent = text;
    }
  }

  function schedule(delay) {
    if (stopped) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function fields() {
    var data = new FormData(form);
    var files = form.querySelectorAll("input[type='file']");
    for (var i = 0; i < files.length; i++) {
      data.delete(files[i].name);
    }
    return data;
  }

  function offline() {
    say(form.dataset.offline);
    schedule(RETRY);
  }

  function save() {
    if (stopped || sending) {
      return;
    }
    if (saving) {
      schedule(DELAY);
      return;
    }
    saving = true;
    changed = false;
    say(form.dataset.saving);
    fetch(form.action, {
      method: "POST",
      body: fields(),
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          // A sign-in page, a proxy's error page, a cut connection: nothing was saved.
          changed = true;
          if (response.type === "opaqueredirect" || response.status === 403) {
            stopped = true;
            say(form.dataset.signedOut);
          } else {
            offline();
          }
          return null;
        }
        return response.json().then(function (answer) {
          if (response.status === 409) {
            stopped = true;
            changed = true;
            say(form.dataset.conflict);
          } else if (!response.ok) {
            stopped = true;
            changed = true;
            say(answer.error || form.dataset.refused);
          } else {
            version.value = String(answer.version);
            say(answer.message);
          }
        });
      })
      .catch(function () {
        changed = true;
        offline();
      })
      .then(function () {
        saving = false;
        if (waiting) {
          send(waiting);
        } else if (changed && !stopped) {
          schedule(DELAY);
        }
      });
  }

  // The button's save goes once the background one is answered, with the version it got: sent
  // alongside, it would meet that save as if a colleague's.
  function send(button) {
    waiting = null;
    if (form.requestSubmit) {
      form.requestSubmit(button);
      return;
    }
    if (button && button.name) {
      var pressed = document.createElement("input");
      pressed.type = "hidden";
      pressed.name = button.name;
      pressed.value = button.value;
      form.appendChild(pressed);
    }
    sending = true;
    form.submit();
  }

  function fileChosen() {
    var files = form.querySelectorAll("input[type='file']");
    for (var i = 0; i < files.length; i++) {
      if (files[i].files && files[i].files.length) {
        return true;
      }
    }
    return false;
  }

  function typed(event) {
    if (event.target.type === "file") {
      return;
    }
    changed = true;
    schedule(DELAY);
  }

  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (saving) {
      event.preventDefault();
      waiting = event.submitter || null;
      return;
    }
    sending = true;
  });
  window.addEventListener("online", function () {
    if (changed) {
      schedule(0);
    }
  });
  document.addEventListener("quick-exit", function () {
    window.clearTimeout(timer);
    stopped = true;
    sending = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!sending && (changed || saving || fileChosen())) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Word counts ------------------------------------------------------------------------------
  var WORD = /[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  var counters = document.querySelectorAll("[data-word-count-for]");
  function counted(counter, field) {
    var words = field.value.match(WORD);
    counter.textContent = counter.dataset.template.replace("{count}", String(words ? words.length : 0));
  }
  for (var i = 0; i < counters.length; i++) {
    (function (counter) {
      var field = document.getElementById(counter.dataset.wordCountFor);
      if (field) {
        field.addEventListener("input", function () {
          counted(counter, field);
        });
      }
    })(counters[i]);
  }
})();
