// Inbox: progressive enhancement only; the server checks everything again.
"use strict";

(function () {
  // While the citizen types, words that suggest an emergency or a crime report bring up
  // the guidance and make its checkbox required before the form can be sent. Matching
  // is the same as the server's: lower-case, anywhere in the text (inbox/models/support.py).
  var data = document.getElementById("inbox-hint-words");
  var box = document.getElementById("inbox-guidance");
  if (data && box) {
    var words = JSON.parse(data.textContent);
    var area = box.closest("form").querySelector("[data-guidance-watch-area]");
    var fields = area ? area.querySelectorAll("input, textarea") : [];
    var tick = box.querySelector("input[type=checkbox]");
    var shownByServer = !box.hidden;
    var check = function () {
      var text = Array.prototype.map.call(fields, function (f) { return f.value; })
        .join(" ").toLowerCase();
      var hit = words.some(function (w) { return w && text.indexOf(w) !== -1; });
      box.hidden = !(hit || shownByServer);
      if (tick) { tick.required = hit || shownByServer; }
    };
    Array.prototype.forEach.call(fields, function (f) { f.addEventListener("input", check); });
    check();
  }

  // Studio: "Insert" puts the canned reply into the answer without reloading the page,
  // so nothing typed so far is lost.
  var canned = document.getElementById("canned-form");
  var texts = document.getElementById("inbox-canned");
  var answer = document.querySelector("#answer-form textarea");
  if (canned && texts && answer) {
    var byId = JSON.parse(texts.textContent);
    canned.addEventListener("submit", function (event) {
      var text = byId[canned.elements.canned.value];
      if (text === undefined) { return; }
      event.preventDefault();
      answer.value = answer.value.trim() ? answer.value.replace(/\s+$/, "") + "\n\n" + text : text;
      answer.focus();
    });
  }
})();
