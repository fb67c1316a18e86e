/* Loaded on the sign-in page, where nobody is signed in: delete the service worker's copies of the field pages
 * (bekal/queue.js keepPage, /sw.js), which hold participants' names, so the next person on this device cannot open
 * them offline. The offline queue's unsent entries (localStorage) are left alone: they are records an officer made
 * and will send once signed in again; wiping them would lose the work. */
(function () {
  "use strict";
  var CACHE = "bekal-field-v1";
  if (window.caches) {
    window.caches.delete(CACHE).catch(function () { return null; });
  }
})();
