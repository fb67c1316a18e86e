/* The offline queue of the field forms (attendance of a training day, hours at a work site).
 *
 * Each entry is one write with a client-made id, kept in localStorage until the server answers it, so a reload or a
 * lost connection loses nothing; the id goes out as the Idempotency-Key header, so sending an entry twice (the answer
 * was lost, the page was reloaded mid-send) never writes twice. A service worker (/sw.js) keeps a copy of the form
 * page, so it opens again with no connection. No inline script: the pages load this file and their own.
 */
(function () {
  "use strict";
  var STORE = "bekal-queue-v1";
  var CACHE = "bekal-field-v1";

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(STORE) || "[]");
    } catch (e) {
      return [];
    }
  }

  function store(entries) {
    window.localStorage.setItem(STORE, JSON.stringify(entries));
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  /* Add an entry {url, page, fields: [[name, value], ...], meta}; return it with its id. */
  function add(entry) {
    entry.id = uuid();
    entry.page = entry.page || window.location.pathname + window.location.search;
    var entries = load();
    entries.push(entry);
    store(entries);
    return entry;
  }

  function remove(id) {
    store(load().filter(function (e) { return e.id !== id; }));
  }

  function pending(page) {
    page = page || window.location.pathname + window.location.search;
    return load().filter(function (e) { return e.page === page; });
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* Send one entry; resolve {kind: "saved" | "refused" | "confirm" | "offline" | "signin", data}. "confirm": the
   * server wrote nothing and asks the user to confirm first (the entry issues a letter); the page resends it with
   * confirm=1 once they do. */
  function send(entry) {
    if (navigator.onLine === false) {
      // The browser knows it has no connection: keep the entry without trying (a request from a page a service
      // worker controls is not always stopped by the browser's offline state).
      return Promise.resolve({kind: "offline", data: null});
    }
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return window.fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Idempotency-Key": entry.id,
        "X-CSRFToken": csrfToken()
      },
      body: body
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) {
        return {kind: "signin", data: null};
      }
      return response.json().then(function (data) {
        if (response.ok) {
          return {kind: "saved", data: data};
        }
        if (response.status === 409 && data && data.confirm) {
          return {kind: "confirm", data: data};
        }
        if (response.status === 409 || response.status === 422) {
          return {kind: "refused", data: data};
        }
        return {kind: "signin", data: data};
      });
    }, function () {
      return {kind: "offline", data: null};
    });
  }

  var flushing = false;
  var retryTimer = null;
  var retryDelay = 0;

  /* A send failed while the browser says it is online (a weak signal, a portal, a server restarting): try again
   * later, waiting twice as long each time up to a minute, instead of waiting for an "online" event that will not
   * come. With the browser offline, the "online" event starts the next flush. */
  function retryLater(onResult, onDone) {
    if (retryTimer !== null || navigator.onLine === false) {
      return;
    }
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2000, 60000);
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush(onResult, onDone);
    }, retryDelay);
  }

  /* Send this page's entries in the order they were made, reading the store afresh before each one (an entry made
   * while others are sending goes out in the same run); stop at the first that cannot go out. onResult(entry,
   * result) hears each answer; onDone(left) hears how many are still waiting. */
  function flush(onResult, onDone) {
    if (flushing) {
      return;
    }
    flushing = true;
    function next() {
      var entry = pending()[0];
      if (!entry) {
        flushing = false;
        onDone(0);
        return;
      }
      send(entry).then(function (result) {
        if (result.kind === "offline" || result.kind === "signin") {
          flushing = false;
          onResult(entry, result);
          onDone(pending().length);
          if (result.kind === "offline") {
            retryLater(onResult, onDone);
          }
          return;
        }
        retryDelay = 0;
        remove(entry.id);
        onResult(entry, result);
        next();
      });
    }
    next();
  }

  /* Keep this page and its files in the service worker's cache, so a reload with no connection still shows it. */
  function keepPage() {
    if (!("serviceWorker" in navigator) || !window.caches) {
      return;
    }
    navigator.serviceWorker.register("/sw.js").catch(function () { return null; });
    var urls = [window.location.href];
    document.querySelectorAll("script[src], link[rel=stylesheet]").forEach(function (node) {
      urls.push(node.src || node.href);
    });
    window.caches.open(CACHE).then(function (cache) {
      return cache.addAll(urls);
    }).catch(function () { return null; });
  }

  /* Start a page's queue: send what waits whenever the connection returns, keep the page for a reload with no
   * connection, send what was left from before (or, offline, say how many wait), and mark the page ready (the
   * browser tests wait for it). onResult(entry, result) hears each answer, onWaiting(left) how many still wait. */
  function resume(onResult, onWaiting) {
    window.addEventListener("online", function () { flush(onResult, onWaiting); });
    keepPage();
    var left = pending().length;
    if (left) {
      if (navigator.onLine) {
        flush(onResult, onWaiting);
      } else {
        onWaiting(left);
      }
    }
    document.documentElement.dataset.queue = "ready";
  }

  window.BekalQueue = {add: add, remove: remove, pending: pending, flush: flush, keepPage: keepPage, resume: resume};
})();
