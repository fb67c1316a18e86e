/* Bekal's service worker: keeps the field forms (attendance of a training day, a work site's day) and the static files
 * they need, so a page reloaded with no connection still opens and its offline queue (bekal/queue.js) can wait for the
 * connection. Every other page goes to the network untouched. Pages are fetched from the network first: the cache
 * is only the fallback when there is no connection. */
"use strict";
var CACHE = "bekal-field-v1";
var FIELD_PAGES = [/^\/training\/days\/\d+\/attendance\/$/, /^\/community-service\/sites\/\d+\/day\/$/];

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    // ignoreVary: the page varies on Cookie and Accept-Language, which a navigation and the page's own copy send
    // differently; the cache is this browser's alone.
    return caches.match(request, {ignoreVary: true}).then(function (hit) {
      return hit || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  var field = FIELD_PAGES.some(function (pattern) { return pattern.test(url.pathname); });
  if (url.pathname.indexOf("/static/") === 0 || (field && request.mode === "navigate")) {
    event.respondWith(networkFirst(request));
  }
});
