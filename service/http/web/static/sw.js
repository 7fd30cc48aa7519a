/* cardnote's service worker (served at /sw.js, scope /): the app opens without a network, and photos queued
   offline go up by themselves (Background Sync where the browser has it; the pages also send them on `online`).

   Pages are fetched from the network first and kept, per user, in "cardnote-pages-<user id>" (the server names
   the user in the X-Cardnote-User header); without a network the kept copy is shown. Another user's pages are
   dropped as soon as someone else's page arrives, and everything is cleared at log-out. Assets are served from
   "cardnote-assets-<version>" and refreshed in the background. */
"use strict";
var VERSION = "__VERSION__";
var ASSETS = "cardnote-assets-" + VERSION;
var PAGES = "cardnote-pages-";
var PRECACHE = __PRECACHE__;
var START_URL = "__START_URL__";
var NETWORK_TIMEOUT_MS = 6000;

importScripts("__QUEUE_CORE__");

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSETS).then(function (cache) { return cache.addAll(PRECACHE); })
    .then(function () { return fetchPage(new Request(START_URL, {credentials: "same-origin"})).catch(function () {}); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("cardnote-assets-") === 0 && name !== ASSETS;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function keepPage(request, response) {
  var user = response.headers.get("X-Cardnote-User");
  var type = response.headers.get("Content-Type") || "";
  if (!user || response.status !== 200 || response.redirected || type.indexOf("text/html") !== 0) {
    return Promise.resolve();
  }
  var copy = response.clone();
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES) === 0 && name !== PAGES + user;  // someone else's pages: gone
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return caches.open(PAGES + user);
  }).then(function (cache) { return cache.put(request.url.split("#")[0], copy); });
}

function fetchPage(request) {
  return fetch(request).then(function (response) {
    return keepPage(request, response).then(function () { return response; });
  });
}

function keptPage(url) {
  return caches.keys().then(function (names) {
    var pages = names.filter(function (name) { return name.indexOf(PAGES) === 0; });
    return pages.reduce(function (found, name) {
      return found.then(function (hit) {
        return hit || caches.open(name).then(function (cache) {
          return cache.match(url, {ignoreSearch: false}).then(function (exact) {
            return exact || cache.match(START_URL);
          });
        });
      });
    }, Promise.resolve(undefined));
  });
}

function offlinePage() {
  var html = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><meta name=\"viewport\" " +
    "content=\"width=device-width, initial-scale=1\"><title>Offline · cardnote</title>" +
    "<main style=\"font-family:system-ui,sans-serif;padding:24px\"><h1>No network</h1><p>This page was not " +
    "opened before on this phone. Open the Scan page: photos taken there wait until the network is back.</p>" +
    "<p><a href=\"" + START_URL + "\">Scan</a></p></main></html>";
  return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

function navigate(request) {
  var network = new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, NETWORK_TIMEOUT_MS);
    fetchPage(request).then(function (response) { clearTimeout(timer); resolve(response); },
                            function (error) { clearTimeout(timer); reject(error); });
  });
  return network.catch(function () {
    return keptPage(request.url).then(function (kept) { return kept || offlinePage(); });
  });
}

function asset(request) {
  return caches.open(ASSETS).then(function (cache) {
    return cache.match(request).then(function (hit) {
      var refresh = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      if (hit) { refresh.catch(function () {}); return hit; }
      return refresh;
    });
  });
}

/* A card image of a kept page (a draft's or contact's) joins that user's pages, so the page still shows it
   offline; it is never kept without a user's pages to go with. */
var CARD_IMAGE = /^\/(drafts|contacts)\/\d+\/image$/;

function cardImage(request) {
  return fetch(request).then(function (response) {
    if (!response.ok) { return response; }
    var copy = response.clone();
    return caches.keys().then(function (names) {
      var pages = names.filter(function (name) { return name.indexOf(PAGES) === 0; });
      if (pages.length !== 1) { return response; }
      return caches.open(pages[0]).then(function (cache) { return cache.put(request, copy); })
        .then(function () { return response; });
    });
  }, function (error) {
    return caches.keys().then(function (names) {
      var pages = names.filter(function (name) { return name.indexOf(PAGES) === 0; });
      return pages.length ? caches.open(pages[0]).then(function (cache) { return cache.match(request); }) : null;
    }).then(function (hit) { if (hit) { return hit; } throw error; });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) {
    return;  // uploads, API calls and other sites go straight to the network
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  } else if (PRECACHE.indexOf(url.pathname) !== -1) {
    event.respondWith(asset(request));
  } else if (CARD_IMAGE.test(url.pathname)) {
    event.respondWith(cardImage(request));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === CardnoteQueue.SYNC_TAG) {
    event.waitUntil(CardnoteQueue.flush(null).then(function (outcomes) {
      return self.clients.matchAll({type: "window"}).then(function (windows) {
        windows.forEach(function (client) { client.postMessage({type: "cardnote-queue", outcomes: outcomes}); });
      });
    }));
  }
});
