/* The header on a phone: the menu and the account links fold behind one "Menu" button, so the page starts near the
 * top of the screen. Without JavaScript the button stays hidden and the header shows everything, as on a desktop. */
(function () {
  "use strict";
  function start() {
    var header = document.querySelector("header.top");
    var button = header && header.querySelector(".menu-toggle");
    if (!button) {
      return;
    }
    header.dataset.menu = "closed";
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = header.dataset.menu !== "open";
      header.dataset.menu = open ? "open" : "closed";
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
