/* cardnote — a little progressive enhancement. Every page works without it (plain form posts);
   there is no inline script anywhere, so the Content-Security-Policy can forbid it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* A photo input posts its form as soon as the camera returns a photo (the back of a card; the Scan page's
     camera too when the phone has no storage for the upload queue, see queue.js). */
  var queued = Boolean(window.CardnoteQueue && window.indexedDB && document.body.getAttribute("data-user"));
  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    var form = input.form;
    if (!form || (queued && form.hasAttribute("data-camera-form"))) { return; }
    input.addEventListener("change", function () {
      if (!input.files.length) { return; }
      var busy = form.querySelector("[data-busy]") || document.querySelector("[data-busy-for='" + form.id + "']");
      if (busy) { busy.hidden = false; }
      form.classList.add("is-busy");
      form.submit();
    });
  });

  /* Many files: send them one at a time (each stays under the upload limit) and show each file's state. */
  function row(list, name) {
    var item = document.createElement("li");
    var file = document.createElement("span");
    var state = document.createElement("span");
    file.className = "file";
    file.textContent = name;
    state.className = "state";
    state.textContent = "Waiting";
    item.appendChild(file);
    item.appendChild(state);
    list.appendChild(item);
    return item;
  }

  function setState(item, className, content) {
    var state = item.querySelector(".state");
    item.className = className;
    state.textContent = "";
    if (typeof content === "string") { state.textContent = content; } else { state.appendChild(content); }
  }

  function reviewLink(card) {
    var link = document.createElement("a");
    link.href = card.review_url;
    link.textContent = (card.name || "Card read") + (card.existing_contact ? " (known)" : "") + " — review";
    return link;
  }

  function bumpBadge(by) {
    var badge = document.querySelector("[data-testid='drafts-count']");
    if (!badge || !by) { return; }
    var count = (parseInt(badge.textContent, 10) || 0) + by;
    badge.textContent = String(count);
    badge.classList.toggle("badge-zero", count === 0);
  }

  function sendOne(form, token, file) {
    var body = new FormData();
    body.append("csrf_token", token);
    body.append("images", file, file.name);
    return fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                               headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (response.redirected && response.url.indexOf("/login") !== -1) {
          return {ok: false, data: {message: "You were logged out. Reload the page and log in again."}};
        }
        return response.json()
          .catch(function () { return {message: "The server answered " + response.status + "."}; })
          .then(function (data) { return {ok: response.ok, data: data}; });
      });
  }

  document.querySelectorAll("[data-multi-upload]").forEach(function (form) {
    var list = form.parentNode.querySelector("[data-progress]");
    var input = form.querySelector("input[type='file']");
    var button = form.querySelector("button[type='submit']");
    form.addEventListener("submit", function (event) {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length || !window.fetch || !list) { return; }
      event.preventDefault();
      var token = form.querySelector("input[name='csrf_token']").value;
      list.textContent = "";
      var rows = files.map(function (file) { return row(list, file.name); });
      button.disabled = true;
      var read = 0;
      var chain = Promise.resolve();
      files.forEach(function (file, index) {
        chain = chain.then(function () {
          setState(rows[index], "busy", "Reading…");
          return sendOne(form, token, file).then(function (result) {
            var cards = (result.ok && result.data.items) || [];
            if (cards.length) {  // a photo of several cards: one link per card
              read += 1;
              var links = document.createElement("span");
              cards.forEach(function (card, at) {
                if (at) { links.appendChild(document.createTextNode(" · ")); }
                links.appendChild(reviewLink(card));
              });
              setState(rows[index], "done", links);
              bumpBadge(cards.filter(function (card) { return card.created; }).length);
            } else {
              var failure = (result.data.failures && result.data.failures[0]) || result.data;
              setState(rows[index], "failed", failure.message || "Could not read this file.");
            }
          }, function () {
            setState(rows[index], "failed", "Network error: the file was not sent.");
          });
        });
      });
      chain.then(function () {
        button.disabled = false;
        input.value = "";
        var summary = document.createElement("li");
        var link = document.createElement("a");
        link.href = list.getAttribute("data-inbox-url") || "/inbox";
        link.textContent = "Read " + read + " of " + files.length + ". Add their context in Needs context ›";
        summary.appendChild(link);
        list.appendChild(summary);
      });
    });
  });

  /* Deleting a scan asks first (without script it is a plain post, as on any form). */
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  /* What was typed on a review page survives its reloads (adding the back of the card reloads the page): kept
     in this tab's sessionStorage until the form is sent; log-out's Clear-Site-Data drops it with the rest. */
  document.querySelectorAll("form[data-keep-typed]").forEach(function (form) {
    var key = "cardnote-typed:" + window.location.pathname;
    var names = ["note", "collaboration_kind", "collaboration_detail", "event_id", "date", "their_strengths",
                 "my_offer", "next_action", "next_due"];
    var store;
    try { store = window.sessionStorage; } catch (error) { return; }
    var kept = JSON.parse(store.getItem(key) || "{}");
    names.forEach(function (name) {
      var field = form.elements[name];
      if (field && kept[name] !== undefined && !field.defaultValue && !form.querySelector(".field-error")) {
        field.value = kept[name];
      }
    });
    form.addEventListener("input", function () {
      var typed = {};
      names.forEach(function (name) { if (form.elements[name]) { typed[name] = form.elements[name].value; } });
      store.setItem(key, JSON.stringify(typed));
    });
    form.addEventListener("submit", function () { if (navigator.onLine !== false) { store.removeItem(key); } });
  });

  /* Save stays disabled until the note and the collaboration are filled; the server re-checks the rule. */
  document.querySelectorAll("[data-context-gate]").forEach(function (form) {
    var note = form.querySelector("[name='note']");
    var kind = form.querySelector("[name='collaboration_kind']");
    var detail = form.querySelector("[name='collaboration_detail']");
    var buttons = form.querySelectorAll("[data-needs-context]");
    var hint = form.querySelector("[data-gate-hint]");
    if (!note || !kind || !detail) { return; }

    /* The same rule as the server's (service/domain.py validate_context), from the settings it renders into the
       page: not blank, not a placeholder such as "n/a" or "todo", long enough, and at least one real word. */
    var placeholders = {};
    JSON.parse(note.getAttribute("data-placeholders") || "[]").forEach(function (p) { placeholders[p] = true; });
    var edgeNoise = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
    var word = /\p{L}{4,}/u;
    function minimum(field) { return parseInt(field.getAttribute("data-min"), 10) || 1; }
    function placeholder(text) {
      var squeezed = text.split(/\s+/).filter(Boolean).join(" ").toLowerCase();
      return placeholders[squeezed] === true || placeholders[squeezed.replace(edgeNoise, "")] === true;
    }
    function filled(field) {
      var text = field.value.trim();
      return text.length >= minimum(field) && !placeholder(text) && word.test(text);
    }
    function count(field) {
      var counter = form.querySelector("[data-counter-for='" + field.name + "']");
      if (!counter) { return; }
      var length = field.value.trim().length;
      counter.textContent = length + " / " + minimum(field);
      counter.classList.toggle("ok", length >= minimum(field));
    }
    function update() {
      var ready = filled(note) && kind.value !== "" && filled(detail);
      buttons.forEach(function (button) { button.disabled = !ready; });
      if (hint) { hint.hidden = ready; }
      count(note);
      count(detail);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    /* A page opened from the phone's cache cannot save without a network: say so instead of a browser error
       (what was typed is kept, see data-keep-typed). */
    form.addEventListener("submit", function (event) {
      if (navigator.onLine !== false || !hint) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      hint.hidden = false;
      hint.textContent = "No network: nothing was sent. What you wrote stays on this page; save when the network is back.";
    });
    update();
  });
}());
