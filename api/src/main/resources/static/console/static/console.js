// The console's keyboard: j/k move through the inbox, Enter opens, a approve, r reject, / search.
// A static file, never inline script: the Content-Security-Policy runs only the service's own files.
(function () {
  "use strict";

  function typing(event) {
    var target = event.target;
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
  }

  function rows() {
    return Array.prototype.filter.call(document.querySelectorAll("#rows tr.row"), function (row) {
      return !row.hidden;
    });
  }

  var selectedId = null;

  function select(row) {
    document.querySelectorAll("#rows tr.selected").forEach(function (r) { r.classList.remove("selected"); });
    if (!row) { selectedId = null; return; }
    row.classList.add("selected");
    row.focus();
    selectedId = row.getAttribute("data-action-id");
  }

  function current() {
    var all = rows();
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-action-id") === selectedId) { return i; }
    }
    return -1;
  }

  function move(step) {
    var all = rows();
    if (all.length === 0) { return; }
    var i = current();
    i = i < 0 ? 0 : Math.max(0, Math.min(all.length - 1, i + step));
    select(all[i]);
  }

  function open(anchor) {
    var all = rows();
    var i = current();
    if (i < 0) { return; }
    window.location.href = all[i].getAttribute("data-href") + (anchor ? "#" + anchor : "");
  }

  function filter() {
    var search = document.getElementById("search");
    var words = search ? search.value.toLowerCase().trim() : "";
    document.querySelectorAll("#rows tr.row").forEach(function (row) {
      row.hidden = words !== "" && row.textContent.toLowerCase().indexOf(words) < 0;
    });
  }

  function focusForm(id) {
    var field = document.getElementById(id);
    if (field) { field.focus(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "Escape" && typing(event)) { event.target.blur(); return; }
    if (typing(event)) { return; }
    // Enter on a focused button or link is that control's own, not the selected row's.
    if (event.key === "Enter" && event.target && /^(BUTTON|A|SELECT)$/.test(event.target.tagName)) { return; }
    var page = document.body.getAttribute("data-page");
    if (event.key === "/") {
      var search = document.getElementById("search");
      if (search) { event.preventDefault(); search.focus(); }
      return;
    }
    if (page === "inbox") {
      if (event.key === "j") { move(1); }
      else if (event.key === "k") { move(-1); }
      else if (event.key === "Enter") { open(""); }
      else if (event.key === "a") { open("approve"); }
      else if (event.key === "r") { open("reject"); }
    } else if (page === "action") {
      if (event.key === "a") { event.preventDefault(); focusForm("comment"); }
      else if (event.key === "r") { event.preventDefault(); focusForm("reason"); }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var search = document.getElementById("search");
    if (search) { search.addEventListener("input", filter); }
    // From the inbox's a or r: land in the matching form.
    if (window.location.hash === "#approve") { focusForm("comment"); }
    if (window.location.hash === "#reject") { focusForm("reason"); }
    document.addEventListener("click", function (event) {
      // A reject preset types its reason; the field stays editable and required.
      var preset = event.target.closest && event.target.closest("button.preset[data-reason]");
      if (preset) {
        var reason = document.getElementById("reason");
        if (reason) { reason.value = preset.getAttribute("data-reason"); reason.focus(); }
        return;
      }
      var row = event.target.closest && event.target.closest("#rows tr.row");
      if (row) { select(row); }
    });
  });

  // The poll replaces the rows: keep the selection and the search on the new ones.
  document.addEventListener("htmx:afterSwap", function () {
    filter();
    if (selectedId) {
      var row = document.querySelector('#rows tr.row[data-action-id="' + CSS.escape(selectedId) + '"]');
      if (row) { row.classList.add("selected"); }
    }
  });

  // Tick the countdowns between polls.
  setInterval(function () {
    document.querySelectorAll("#rows td.sla[data-deadline]").forEach(function (cell) {
      var deadline = Date.parse(cell.getAttribute("data-deadline"));
      if (isNaN(deadline)) { return; }
      var left = Math.floor((deadline - Date.now()) / 1000);
      var text = cell.querySelector(".countdown");
      if (!text) { return; }
      if (left <= 0) { text.textContent = "breached"; return; }
      var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      text.textContent = h > 0 ? h + "h " + pad(m) + "m " + pad(s) + "s" : m > 0 ? m + "m " + pad(s) + "s" : s + "s";
    });
  }, 1000);
})();
