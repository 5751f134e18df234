// Byline newsroom enhancements. Everything works without this file; with it
// the editor autosaves every few seconds (to the server and to this
// browser), previews the body as you type, suggests topics, and saves with
// Ctrl/Cmd+S.
(function () {
  "use strict";

  var form = document.getElementById("editor");
  if (!form) return;
  var csrf = document.body.getAttribute("data-csrf") || "";
  var id = form.getAttribute("data-id");
  var edition = form.getAttribute("data-edition");
  var stateEl = document.getElementById("autosave-state");
  var storageKey = "byline-editor-" + (id || "new-" + edition);
  var fieldNames = ["headline", "standfirst", "body", "section", "kind", "dateline", "credit", "topics",
    "image_alt", "image_caption", "image_credit", "slug", "embargo"];
  var dirty = false, submitting = false, lastSent = "";

  function say(key) {
    if (stateEl) stateEl.textContent = stateEl.getAttribute("data-" + key) || "";
  }

  function fields() {
    var out = {};
    fieldNames.forEach(function (name) {
      var el = form.elements[name];
      if (el) out[name] = el.value;
    });
    var authors = form.elements["authors"];
    if (authors) {
      out.authors = Array.prototype.filter.call(authors.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    return out;
  }

  function fill(values) {
    Object.keys(values).forEach(function (name) {
      var el = form.elements[name];
      if (!el) return;
      if (name === "authors" && Array.isArray(values.authors)) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.authors.indexOf(o.value) >= 0; });
      } else if (typeof values[name] === "string") {
        el.value = values[name];
      }
    });
    dirty = true;
    preview();
  }

  function post(url, body, type) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Content-Type": type, "X-CSRF-Token": csrf, "Accept": "application/json" }
    });
  }

  // Keep a copy in this browser on every change: a dropped connection
  // loses nothing.
  function keepLocally() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), fields: fields() }));
    } catch (e) { /* storage full or disabled: the server copy remains */ }
  }

  function payload() {
    return JSON.stringify({ revision: Number(form.elements["revision"].value), fields: fields() });
  }

  function autosave() {
    if (!id || !dirty || submitting) return;
    var body = payload();
    if (body === lastSent) return;
    say("saving");
    post("/admin/articles/" + id + "/autosave", body, "application/json").then(function (res) {
      if (res.ok) { lastSent = body; say("saved"); } else { say("failed"); }
    }).catch(function () { say("offline"); });
  }

  form.addEventListener("input", function () { dirty = true; keepLocally(); });
  form.addEventListener("change", function () { dirty = true; keepLocally(); });
  form.addEventListener("submit", function () {
    submitting = true;
    try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
  });
  setInterval(autosave, 3000);
  // Warn before leaving only when the latest changes have no copy on the
  // server yet; an autosaved text is offered back on the next visit.
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !submitting && (!id || payload() !== lastSent)) { autosave(); e.preventDefault(); e.returnValue = ""; }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") {
      e.preventDefault();
      var save = form.querySelector('button[value="save"]');
      if (save) save.click();
    }
  });

  // Offer to bring back unsaved text: the server's autosave, or this
  // browser's copy when it differs from what the page shows.
  var offer = document.getElementById("autosave-offer");
  var restore = document.getElementById("autosave-restore");
  if (offer && restore) {
    restore.hidden = false;
    restore.addEventListener("click", function () {
      try { fill(JSON.parse(offer.getAttribute("data-fields"))); } catch (e) { /* malformed copy */ }
      offer.hidden = true;
    });
  } else {
    try {
      var local = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (local && JSON.stringify(local.fields) !== JSON.stringify(fields()) && stateEl) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = stateEl.getAttribute("data-restore") || "Restore";
        btn.addEventListener("click", function () { fill(local.fields); btn.remove(); });
        stateEl.parentNode.insertBefore(btn, stateEl);
      }
    } catch (e) { /* ignore */ }
  }

  // Live preview of the body, rendered and sanitized by the server.
  var body = form.elements["body"], previewEl = document.getElementById("preview-body"), timer = null;
  function preview() {
    if (!body || !previewEl) return;
    post("/admin/preview", body.value, "text/plain; charset=utf-8").then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (data) { if (data) previewEl.innerHTML = data.html; }).catch(function () { /* offline */ });
  }
  if (body) {
    body.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(preview, 500); });
    if (previewEl && !previewEl.innerHTML.trim()) preview();
  }

  // Topic suggestions for the word being typed after the last comma.
  var topics = form.elements["topics"], list = document.getElementById("topic-suggestions"), topicTimer = null;
  if (topics && list) {
    topics.addEventListener("input", function () {
      clearTimeout(topicTimer);
      topicTimer = setTimeout(function () {
        var parts = topics.value.split(/[,،]/);
        var current = parts.pop().trim();
        if (!current) return;
        var head = parts.map(function (p) { return p.trim(); }).filter(Boolean);
        fetch("/admin/topics/complete?edition=" + encodeURIComponent(edition) + "&q=" + encodeURIComponent(current), {
          credentials: "same-origin", headers: { "Accept": "application/json" }
        }).then(function (res) { return res.ok ? res.json() : { topics: [] }; }).then(function (data) {
          list.textContent = "";
          data.topics.forEach(function (name) {
            var opt = document.createElement("option");
            opt.value = head.concat([name]).join(", ");
            list.appendChild(opt);
          });
        }).catch(function () { /* offline */ });
      }, 200);
    });
  }

  // "Add" on a topic suggestion puts the name into the topics field, to be
  // saved with the rest of the form, instead of saving the story at once.
  document.querySelectorAll("button[data-add-topic]").forEach(function (btn) {
    btn.addEventListener("click", function (ev) {
      if (!topics) return;
      ev.preventDefault();
      var name = btn.getAttribute("data-add-topic");
      var have = topics.value.split(/[,،]/).map(function (p) { return p.trim(); }).filter(Boolean);
      if (have.indexOf(name) < 0) have.push(name);
      topics.value = have.join(", ");
      topics.dispatchEvent(new Event("input", { bubbles: true }));
      var item = btn.closest("li");
      if (item) item.classList.add("added");
      btn.disabled = true;
      btn.textContent = btn.getAttribute("data-added-label") || btn.textContent;
    });
  });
}());
