/* Attendance of a training day, one mark at a time, through the offline queue (bekal/queue.js).
 *
 * Each tap is kept on the device and shown "not sent yet" until the server confirms it; with no connection the marks
 * wait (across a reload) and go out when it returns. A mark someone else changed meanwhile comes back refused with
 * the reason, and the row shows the server's mark again. Focus stays on the radio that was pressed; the present count
 * and the sending status are announced through live regions. With JavaScript off, the form posts the whole day. */
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("attendance-form");
    if (!form || !window.BekalQueue) {
      return;
    }
    var queue = window.BekalQueue;
    var status = document.getElementById("sync-status");
    var text = form.dataset;

    function rowOf(enrollment) {
      return form.querySelector(".attendance-row[data-enrollment='" + enrollment + "']");
    }

    function setState(row, state, message) {
      var badge = row.querySelector(".sync-state");
      badge.dataset.state = state;
      badge.textContent = state === "pending" ? text.textPending : state === "saved" ? text.textSaved : "";
      var error = row.querySelector(".row-error");
      error.textContent = message || "";
      error.hidden = !message;
    }

    function check(row, code) {
      row.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = radio.value === code;
      });
    }

    function countPresent() {
      var rows = form.querySelectorAll(".attendance-row");
      var present = form.querySelectorAll(".attendance-row input[type=radio][value=present]:checked").length;
      document.getElementById("present-count").textContent =
        text.textPresent.replace("{n}", present).replace("{total}", rows.length);
    }

    function showLeft(left) {
      status.textContent = left ? text.textOffline.replace("{n}", left) : text.textAllSaved;
    }

    function onResult(entry, result) {
      var row = rowOf(entry.meta.enrollment);
      if (!row) {
        return;
      }
      if (result.kind === "saved") {
        row.dataset.mark = result.data.marks[entry.meta.enrollment] || entry.meta.mark;
        var waiting = queue.pending().some(function (e) { return e.meta.enrollment === entry.meta.enrollment; });
        setState(row, waiting ? "pending" : "saved");
      } else if (result.kind === "refused") {
        var now = (result.data.marks || {})[entry.meta.enrollment] || "";
        row.dataset.mark = now;
        check(row, now);
        setState(row, "refused", result.data.errors.join(" "));
        countPresent();
      } else if (result.kind === "signin") {
        status.textContent = text.textSignin;
      }
    }

    function onDone(left) {
      if (left && status.textContent === text.textSignin) {
        return;
      }
      showLeft(left);
    }

    function enqueue(row, code) {
      var enrollment = row.dataset.enrollment;
      // What the server held before this mark: the last mark still waiting for this row, else the server's own.
      var waiting = queue.pending().filter(function (e) { return e.meta.enrollment === enrollment; });
      var base = waiting.length ? waiting[waiting.length - 1].meta.mark : row.dataset.mark;
      queue.add({
        url: form.action || window.location.pathname,
        fields: [["mark_" + enrollment, code], ["base_" + enrollment, base]],
        meta: {enrollment: enrollment, mark: code}
      });
      setState(row, "pending");
    }

    form.addEventListener("change", function (event) {
      var radio = event.target;
      if (radio.type !== "radio") {
        return;
      }
      enqueue(radio.closest(".attendance-row"), radio.value);
      countPresent();
      queue.flush(onResult, onDone);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (event.submitter && event.submitter.name === "all_present") {
        form.querySelectorAll(".attendance-row").forEach(function (row) {
          if (!row.querySelector("input[type=radio]:checked")) {
            check(row, "present");
            enqueue(row, "present");
          }
        });
        countPresent();
      }
      queue.flush(onResult, onDone);
    });

    // Marks made before a reload (with no connection) are shown again, still waiting.
    queue.pending().forEach(function (entry) {
      var row = rowOf(entry.meta.enrollment);
      if (row) {
        check(row, entry.meta.mark);
        setState(row, "pending");
      }
    });
    // A tap made before this script ran (a slow phone) changed a radio with nobody listening: send it now.
    form.querySelectorAll(".attendance-row").forEach(function (row) {
      var checked = row.querySelector("input[type=radio]:checked");
      var waiting = queue.pending().some(function (e) { return e.meta.enrollment === row.dataset.enrollment; });
      if (checked && checked.value !== row.dataset.mark && !waiting) {
        enqueue(row, checked.value);
      }
    });
    countPresent();
    queue.resume(onResult, onDone);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
