// The studio's upload: previews, one alt text field per photo, and a progress bar.
// Progressive enhancement: without this file the form posts normally (with fixed alt
// text fields). Everything typed stays in the page when an upload fails.
"use strict";

(function () {
  // The post list reloads itself while media is still being processed.
  if (document.querySelector("[data-processing]") && !document.querySelector("[data-studio-form]")) {
    window.setTimeout(function () { window.location.reload(); }, 5000);
  }

  const form = document.querySelector("[data-studio-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest || !window.URL) {
    return;
  }
  const msg = form.dataset;
  const previews = form.querySelector("[data-previews]");
  const fallback = form.querySelector("[data-alt-fallback]");
  const summary = document.querySelector("[data-errors]");
  const errorList = document.querySelector("[data-error-list]");
  const progress = form.querySelector("[data-progress]");
  const bar = progress.querySelector("progress");
  const label = form.querySelector("[data-progress-label]");
  const submit = form.querySelector("[data-submit]");
  const maxBytes = Number(msg.maxBytes) || Infinity;
  const chosen = []; // {file, item}
  let counter = 0;

  // With this script, each chosen file gets its own alt text field next to its preview.
  if (fallback) {
    fallback.remove();
  }

  function renumber() {
    let photo = 0;
    chosen.forEach(function (entry) {
      if (entry.isPhoto) {
        photo += 1;
        entry.label.textContent = msg.msgPhoto.replace("%(number)s", String(photo));
      }
    });
  }

  function add(file) {
    const isPhoto = file.type.indexOf("video/") !== 0;
    const id = "new-media-" + (counter += 1);
    const item = document.createElement("li");
    item.className = "preview";
    const url = URL.createObjectURL(file);
    const media = document.createElement(isPhoto ? "img" : "video");
    media.src = url;
    media.className = "preview-thumb";
    if (isPhoto) {
      media.alt = "";
    } else {
      media.muted = true;
      media.preload = "metadata";
    }
    const fields = document.createElement("div");
    fields.className = "preview-fields";
    const labelEl = document.createElement("label");
    labelEl.htmlFor = id;
    const help = document.createElement("span");
    help.className = "help";
    help.id = id + "-help";
    help.textContent = isPhoto ? msg.msgAltHelp : file.name;
    const textarea = document.createElement("textarea");
    textarea.name = "alt_text";
    textarea.id = id;
    textarea.rows = 2;
    textarea.maxLength = 1000;
    textarea.required = isPhoto;
    textarea.setAttribute("aria-describedby", help.id);
    if (!isPhoto) {
      labelEl.textContent = msg.msgVideo;
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button-secondary preview-remove";
    remove.textContent = msg.msgRemove;
    const entry = { file: file, item: item, label: labelEl, isPhoto: isPhoto };
    remove.addEventListener("click", function () {
      chosen.splice(chosen.indexOf(entry), 1);
      URL.revokeObjectURL(url);
      item.remove();
      renumber();
    });
    fields.append(labelEl, help, textarea, remove);
    item.append(media, fields);
    previews.append(item);
    chosen.push(entry);
    renumber();
  }

  form.querySelectorAll("input[type=file][name=media]").forEach(function (input) {
    input.addEventListener("change", function () {
      Array.from(input.files).forEach(add);
      // The files now live in `chosen`; clearing the input lets the same one be re-chosen.
      input.value = "";
    });
  });

  function showErrors(messages) {
    errorList.replaceChildren();
    messages.forEach(function (text) {
      const li = document.createElement("li");
      li.textContent = text;
      errorList.append(li);
    });
    summary.hidden = false;
    summary.focus();
  }

  function busy(on) {
    submit.disabled = on;
    progress.hidden = !on;
    if (on) {
      bar.value = 0;
      label.textContent = msg.msgUploading;
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.reportValidity()) {
      return;
    }
    const data = new FormData(form);
    data.delete("media");
    let total = 0;
    chosen.forEach(function (entry) {
      data.append("media", entry.file, entry.file.name);
      total += entry.file.size;
    });
    if (total > maxBytes) {
      showErrors([msg.msgTooLarge]);
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        const percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        label.textContent = percent < 100 ? msg.msgUploading + " " + percent + " %" : msg.msgProcessing;
      }
    });
    xhr.addEventListener("load", function () {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && body.redirect) {
        window.location.assign(body.redirect);
        return;
      }
      busy(false);
      showErrors(body && body.errors && body.errors.length ? body.errors : [msg.msgServer]);
    });
    xhr.addEventListener("error", function () {
      busy(false);
      showErrors([msg.msgNetwork]);
    });
    xhr.addEventListener("timeout", function () {
      busy(false);
      showErrors([msg.msgNetwork]);
    });
    busy(true);
    xhr.send(data);
  });
}());
