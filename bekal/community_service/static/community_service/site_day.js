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
      badge.textContent = {pending: text.textPending, saved: text.textSaved, confirm: text.textConfirm}[state] || "";
    }

    function lock(form, locked) {
      form.querySelectorAll("input, select, textarea, button").forEach(function (node) { node.disabled = locked; });
    }

    /* The server asks before a session that issues a letter (a warning...): it wrote nothing. Show why, with a
     * button that sends the same entry again with confirm=1, and one that gives the row back to change it. */
    function askConfirm(form, entry, data) {
      var old = form.querySelector(".row-confirm");
      if (old) {
        old.remove();
      }
      var box = document.createElement("div");
      box.className = "row-confirm";
      var message = document.createElement("p");
      message.setAttribute("role", "alert");
      message.textContent = (data.errors || []).join(" ");
      var yes = document.createElement("button");
      yes.type = "button";
      yes.textContent = text.textConfirmButton;
      var no = document.createElement("button");
      no.type = "button";
      no.className = "secondary";
      no.textContent = text.textCancel;
      box.append(message, yes, " ", no);
      form.append(box);
      setState(form, "confirm");
      yes.addEventListener("click", function () {
        box.remove();
        queue.add({url: entry.url, fields: entry.fields.concat([["confirm", "1"]]), meta: entry.meta});
        setState(form, "pending");
        queue.flush(onResult, onDone);
      });
      no.addEventListener("click", function () {
        box.remove();
        setState(form, "");
        lock(form, false);
      });
      yes.focus();
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
      if (result.kind === "confirm") {
        askConfirm(form, entry, result.data);
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
        lock(form, true);
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
      lock(form, true);
    });
    queue.resume(onResult, onDone);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
