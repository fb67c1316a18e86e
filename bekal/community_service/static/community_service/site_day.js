/* A work site's day: each client's session goes through the offline queue (bekal/queue.js).
 *
 * "Record" keeps the session on the device and shows it "not sent yet" until the server confirms it; with no
 * connection it waits (across a reload) and goes out when the connection returns. The server answers each row with
 * its new HTML: the session credited, or the form with the reason it was refused (outside the site's hours, over the
 * day's limit, the order closed meanwhile...). With JavaScript off, each row is a plain form. */
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("site-day");
    if (!box || !window.BekalQueue) {
      return;
    }
    var queue = window.BekalQueue;
    var status = document.getElementById("sync-status");
    var text = box.dataset;

    function rowOf(order) {
      return box.querySelector("form.site-row[data-order='" + order + "']");
    }

    function setState(form, state) {
      var badge = form.querySelector(".sync-state");
      badge.dataset.state = state;
      badge.textContent = state === "pending" ? text.textPending : state === "saved" ? text.textSaved : "";
    }

    function onResult(entry, result) {
      var form = rowOf(entry.meta.order);
      if (result.kind === "signin") {
        status.textContent = text.textSignin;
        return;
      }
      if (!form || result.kind === "offline") {
        return;
      }
      var holder = document.createElement("div");
      holder.innerHTML = result.data.html;
      var fresh = holder.firstElementChild;
      form.replaceWith(fresh);
      bind(fresh);
      setState(fresh, result.kind === "saved" ? "saved" : "");
      var focus = fresh.querySelector("[role=status], .errorlist, input:not([type=hidden])");
      if (focus) {
        focus.setAttribute("tabindex", "-1");
        focus.focus();
      }
    }

    function onDone(left) {
      if (left && status.textContent === text.textSignin) {
        return;
      }
      status.textContent = left ? text.textOffline.replace("{n}", left) : text.textAllSaved;
    }

    function bind(form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var fields = [];
        new FormData(form).forEach(function (value, name) {
          if (name !== "csrfmiddlewaretoken") {
            fields.push([name, String(value)]);
          }
        });
        queue.add({url: form.action, fields: fields, meta: {order: form.dataset.order}});
        setState(form, "pending");
        form.querySelectorAll("input, select, textarea, button").forEach(function (node) { node.disabled = true; });
        queue.flush(onResult, onDone);
      });
    }

    box.querySelectorAll("form.site-row").forEach(bind);
    // Sessions recorded before a reload (with no connection) are shown again in their rows, still waiting.
    queue.pending().forEach(function (entry) {
      var form = rowOf(entry.meta.order);
      if (!form) {
        return;
      }
      entry.fields.forEach(function (pair) {
        var input = form.querySelector("[name='" + pair[0] + "']");
        if (input && input.type !== "checkbox") {
          input.value = pair[1];
        } else if (input) {
          input.checked = true;
        }
      });
      setState(form, "pending");
      form.querySelectorAll("input, select, textarea, button").forEach(function (node) { node.disabled = true; });
    });
    window.addEventListener("online", function () { queue.flush(onResult, onDone); });
    queue.keepPage();
    if (queue.pending().length) {
      if (navigator.onLine) {
        queue.flush(onResult, onDone);
      } else {
        onDone(queue.pending().length);
      }
    }
    document.documentElement.dataset.queue = "ready";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
