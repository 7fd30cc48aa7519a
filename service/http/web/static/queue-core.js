/* cardnote — the phone's upload queue, shared by the pages (queue.js) and the service worker (sw.js).
   Every photo is stored in IndexedDB first, with a random upload key, and deleted only once the server has
   answered for it; the server keeps each key once per user, so sending a photo twice (a reload, Background Sync
   and the page at the same time) still makes one draft. */
(function (scope) {
  "use strict";
  var DB_NAME = "cardnote";
  var STORE = "uploads";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, {keyPath: "key"});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function newKey() {
    if (scope.crypto && scope.crypto.randomUUID) { return scope.crypto.randomUUID(); }
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* The photos waiting for `user` (oldest first; null: everyone's, for the service worker, whose uploads the
     CSRF token ties to the session they were taken in). */
  function list(user) {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).filter(function (item) { return user === null || item.user === user; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }

  function add(user, blob, name, csrf, uploadUrl) {
    var item = {key: newKey(), user: user, blob: blob, name: name || "photo.jpg", note: "", csrf: csrf,
                url: uploadUrl, created: Date.now(), error: null};
    return run("readwrite", function (store) { store.put(item); }).then(function () { return item; });
  }

  function update(key, changes) {
    return run("readwrite", function (store) {
      var request = store.get(key);
      request.onsuccess = function () {
        if (request.result) { store.put(Object.assign(request.result, changes)); }
      };
    });
  }

  function remove(key) {
    return run("readwrite", function (store) { store.delete(key); });
  }

  function clear() {
    return run("readwrite", function (store) { store.clear(); });
  }

  /* Send one queued photo. Resolves {state: "done", items} when the server answered for it (it is then deleted),
     {state: "failed", message} when the server refused the file (kept, not retried), {state: "token"} when its
     CSRF token is no longer the session's (kept; see renewToken), or {state: "waiting"} when the network or the
     session is missing (kept; sent again later). */
  function send(item) {
    var body = new FormData();
    body.append("csrf_token", item.csrf || "");
    body.append("key", item.key);
    if (item.note) { body.append("note", item.note); }
    body.append("images", item.blob, item.name);
    return scope.fetch(item.url, {method: "POST", body: body, credentials: "same-origin",
                                  headers: {"Accept": "application/json", "X-CSRFToken": item.csrf || ""}})
      .then(function (response) {
        if (response.redirected && response.url.indexOf("/login") !== -1) {
          return update(item.key, {error: "Log in again: the photo waits here."}).then(function () {
            return {state: "waiting"};
          });
        }
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) {
            return remove(item.key).then(function () { return {state: "done", items: data.items || []}; });
          }
          if (data.error === "csrf_failed") {  // a token from before the session was renewed: ask for a new one
            return {state: "token"};
          }
          if (response.status >= 500 || response.status === 429) {
            return {state: "waiting"};
          }
          var message = data.message || ("The server answered " + response.status + ".");
          return update(item.key, {error: message}).then(function () { return {state: "failed", message: message}; });
        });
      }, function () { return {state: "waiting"}; });
  }

  /* One sender at a time across the pages and the service worker (Web Locks where the browser has them): a photo
     is then sent once, not by the page and Background Sync together (the upload key would make that harmless,
     but the server would read the card twice). */
  function locked(work) {
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("cardnote-uploads", work) : work();
  }

  function get(key) {
    return run("readonly", function (store) { return store.get(key); });
  }

  /* Send the photo `key` if it still waits (another sender may have just done it): as send(), or {state: "gone"}. */
  function sendKey(key) {
    return locked(function () {
      return get(key).then(function (item) { return item ? send(item) : {state: "gone", items: []}; });
    });
  }

  /* Send every photo of `user` that is not marked failed, one at a time; resolves the list of outcomes. */
  function flush(user) {
    return locked(function () {
      return list(user).then(function (items) {
        var outcomes = [];
        var chain = Promise.resolve();
        items.filter(function (item) { return !item.error || item.error.indexOf("Log in") === 0; })
          .forEach(function (item) {
            chain = chain.then(function () {
              return send(item).then(function (outcome) { outcome.key = item.key; outcomes.push(outcome); });
            });
          });
        return chain.then(function () { return outcomes; });
      });
    });
  }

  /* Give every queued photo of `user` the current session's CSRF token (read from a freshly fetched page). */
  function renewToken(user, token) {
    return list(user).then(function (items) {
      return Promise.all(items.map(function (item) { return update(item.key, {csrf: token}); }));
    });
  }

  scope.CardnoteQueue = {list: list, add: add, update: update, remove: remove, clear: clear, send: send,
                         sendKey: sendKey, flush: flush, renewToken: renewToken, SYNC_TAG: "cardnote-uploads"};
}(self));
