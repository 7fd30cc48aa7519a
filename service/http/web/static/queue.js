/* cardnote — works at the venue without a network: registers the service worker, keeps every photo taken on
   the Scan page in the phone's upload queue (queue-core.js) until the server has it, shows what waits (count,
   thumbnails, a note per photo), and sends it when the network is back (Background Sync, the `online` event,
   a page load, and a retry every RETRY_MS while photos wait). Log-out clears the queue and the kept pages. */
(function () {
  "use strict";
  var RETRY_MS = 15000;
  var body = document.body;
  var user = body.getAttribute("data-user");
  var Q = window.CardnoteQueue;
  var usable = Boolean(Q && window.indexedDB && window.fetch && window.Promise);

  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw"), {scope: "/"}).catch(function () {});
  }

  function clearEverything() {
    var jobs = [];
    if (usable) { jobs.push(Q.clear().catch(function () {})); }
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("cardnote-") === 0; })
          .map(function (n) { return caches.delete(n); }));
      }).catch(function () {}));
    }
    return Promise.all(jobs);
  }

  /* Log-out on a shared phone: nothing of this user stays behind (the server also sends Clear-Site-Data). */
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-cleared")) { return; }
      event.preventDefault();
      var waiting = usable && user ? Q.list(user) : Promise.resolve([]);
      waiting.catch(function () { return []; }).then(function (items) {
        if (items.length && !window.confirm(items.length + " photo" + (items.length === 1 ? " has" : "s have") +
            " not been uploaded yet and will be deleted from this phone. Log out anyway?")) { return; }
        clearEverything().then(function () { form.setAttribute("data-cleared", "1"); form.submit(); });
      });
    });
  });

  if (!usable || !user) { return; }
  // Photos someone else queued on this phone are not theirs to see or send: gone once another user is in.
  Q.list(null).then(function (items) {
    items.filter(function (item) { return item.user !== user; }).forEach(function (item) { Q.remove(item.key); });
  }).catch(function () {});

  var panel = document.querySelector("[data-queue]");
  var cameraForm = document.querySelector("[data-camera-form]");
  var uploadUrl = body.getAttribute("data-upload-url");
  var token = (document.querySelector("meta[name='csrf-token']") || {}).content || "";
  var thumbs = {};
  var sending = false;

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content) { node.textContent = content; }
    return node;
  }

  function render() {
    if (!panel) { return Promise.resolve(); }
    return Q.list(user).then(function (items) {
      var list = panel.querySelector("[data-queue-list]");
      panel.hidden = items.length === 0;
      panel.querySelector("[data-queue-count]").textContent = String(items.length);
      panel.querySelector("[data-queue-noun]").textContent = items.length === 1 ? "photo waits" : "photos wait";
      var keep = {};
      items.forEach(function (item, index) {
        keep[item.key] = true;
        var row = list.querySelector("[data-key='" + item.key + "']");
        if (!row) {
          row = text("li", "queue-item");
          row.setAttribute("data-key", item.key);
          var img = document.createElement("img");
          thumbs[item.key] = thumbs[item.key] || URL.createObjectURL(item.blob);
          img.src = thumbs[item.key];
          img.className = "thumb";
          img.alt = "Photo waiting to upload";
          var main = text("div", "queue-main");
          var label = text("label", "hint", "Note for this photo (optional)");
          var note = document.createElement("textarea");
          note.rows = 2;
          note.id = "queue-note-" + item.key;
          label.htmlFor = note.id;
          note.value = item.note || "";
          note.setAttribute("data-queue-note", "");
          note.addEventListener("input", function () { Q.update(item.key, {note: note.value}); });
          var state = text("p", "queue-state");
          state.setAttribute("aria-live", "polite");
          var remove = text("button", "button danger-link", "Remove");
          remove.type = "button";
          remove.addEventListener("click", function () {
            if (window.confirm("Delete this photo from the phone? It was not uploaded.")) {
              Q.remove(item.key).then(render);
            }
          });
          main.appendChild(label);
          main.appendChild(note);
          main.appendChild(state);
          main.appendChild(remove);
          row.appendChild(img);
          row.appendChild(main);
          list.appendChild(row);
        }
        row.querySelector(".queue-state").textContent = item.error ||
          (navigator.onLine ? "Waiting for the server…" : "Waits for the network.");
        row.querySelector("img").alt = "Photo " + (index + 1) + " waiting to upload";
      });
      list.querySelectorAll("[data-key]").forEach(function (row) {
        var key = row.getAttribute("data-key");
        if (!keep[key]) {
          if (thumbs[key]) { URL.revokeObjectURL(thumbs[key]); delete thumbs[key]; }
          row.parentNode.removeChild(row);
        }
      });
    });
  }

  function announce(outcomes) {
    var done = document.querySelector("[data-queue-done]");
    if (!done) { return; }
    outcomes.forEach(function (outcome) {
      (outcome.items || []).forEach(function (card) {
        // The page and Background Sync may both have sent a photo: the server answered both with the same draft.
        if (done.querySelector("[data-draft='" + card.id + "']")) { return; }
        var item = document.createElement("li");
        item.setAttribute("data-draft", String(card.id));
        var link = document.createElement("a");
        link.href = card.review_url;
        link.textContent = (card.name || "Card read") + " — add the conversation";
        item.appendChild(link);
        done.appendChild(item);
      });
    });
    done.hidden = !done.children.length;
  }

  /* A page kept from an earlier session carries a stale CSRF token: fetch the Scan page for the current one. */
  function freshToken() {
    return fetch(uploadUrl, {credentials: "same-origin", cache: "no-store"}).then(function (response) {
      if (response.redirected && response.url.indexOf("/login") !== -1) { return null; }
      return response.text().then(function (html) {
        var found = /name="csrf-token" content="([^"]+)"/.exec(html);
        return found ? found[1] : null;
      });
    });
  }

  function flush(retried) {
    if (sending || !navigator.onLine) { return Promise.resolve([]); }
    sending = true;
    return Q.flush(user).then(function (outcomes) {
      sending = false;
      announce(outcomes);
      var stale = outcomes.some(function (outcome) { return outcome.state === "token"; });
      if (stale && !retried) {
        return freshToken().then(function (fresh) {
          if (!fresh) { return render().then(function () { return outcomes; }); }
          token = fresh;
          return Q.renewToken(user, fresh).then(function () { return flush(true); });
        }, function () { return outcomes; });
      }
      return render().then(function () { return outcomes; });
    }, function () { sending = false; return []; });
  }

  function askForSync() {
    if (!navigator.serviceWorker) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register(Q.SYNC_TAG); }
    }).catch(function () {});
  }

  if (cameraForm) {
    var input = cameraForm.querySelector("[data-autosubmit]");
    var busy = cameraForm.querySelector("[data-busy]");
    var status = document.querySelector("[data-queue-status]");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { return; }
      Q.add(user, file, file.name, token, uploadUrl).then(function (item) {
        input.value = "";
        return render().then(function () {
          if (!navigator.onLine) {
            askForSync();
            if (status) { status.textContent = "No network: the photo is kept on this phone and goes up by itself."; }
            return;
          }
          if (busy) { busy.hidden = false; }
          sending = true;
          return Q.sendKey(item.key).then(function (outcome) {
            sending = false;
            if (busy) { busy.hidden = true; }
            if (outcome.state === "done" && outcome.items.length) {
              window.location.assign(outcome.items[0].review_url);
              return;
            }
            if (outcome.state === "waiting") { askForSync(); }
            if (outcome.state === "token") { return flush(); }
            return render();
          });
        });
      }).catch(function () {
        cameraForm.submit();  // no storage on this phone (private mode): a plain upload, as without script
      });
    });
  }

  navigator.serviceWorker && navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "cardnote-queue") { announce(event.data.outcomes || []); render(); }
  });
  window.addEventListener("online", function () { render().then(function () { return flush(); }); });
  window.addEventListener("offline", render);
  render().then(function () { return flush(); });
  window.setInterval(function () {
    Q.list(user).then(function (items) { if (items.length) { flush(); } }).catch(function () {});
  }, RETRY_MS);
}());
