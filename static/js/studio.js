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

  function add(file, alt) {
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
    textarea.value = alt || "";
    if (!isPhoto) {
      labelEl.textContent = msg.msgVideo;
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button-secondary preview-remove";
    remove.textContent = msg.msgRemove;
    const entry = { file: file, item: item, label: labelEl, isPhoto: isPhoto, textarea: textarea };
    remove.addEventListener("click", function () {
      chosen.splice(chosen.indexOf(entry), 1);
      URL.revokeObjectURL(url);
      item.remove();
      renumber();
      saveSoon();
    });
    fields.append(labelEl, help, textarea, remove);
    item.append(media, fields);
    previews.append(item);
    chosen.push(entry);
    renumber();
  }

  form.querySelectorAll("input[type=file][name=media]").forEach(function (input) {
    input.addEventListener("change", function () {
      Array.from(input.files).forEach(function (file) { add(file); });
      // The files now live in `chosen`; clearing the input lets the same one be re-chosen.
      input.value = "";
      saveSoon();
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
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = on;
    });
    progress.hidden = !on;
    if (on) {
      bar.value = 0;
      label.textContent = msg.msgUploading;
    }
  }

  function showProgress(sent, total) {
    const percent = total ? Math.min(100, Math.round((sent / total) * 100)) : 100;
    bar.value = percent;
    label.textContent = percent < 100 ? msg.msgUploading + " " + percent + " %" : msg.msgProcessing;
  }

  function waiting(on) {
    if (on) {
      form.dataset.waiting = "";
      progress.hidden = false;
      label.textContent = msg.msgWaiting;
    } else {
      delete form.dataset.waiting;
      label.textContent = msg.msgUploading;
    }
  }

  // --- The draft kept on this device (static/js/studio-drafts.js) ---------------------
  const drafts = window.RevierDrafts;
  const keep = drafts && drafts.resumable && msg.draftKey;
  const caption = form.elements.caption;
  const place = form.elements.place_name;
  let sending = false;
  let saveTimer = null;

  function saveDraft() {
    if (!keep) {
      return Promise.resolve();
    }
    if (!chosen.length && !caption.value && !place.value) {
      return drafts.store.remove(msg.draftKey).catch(function () {});
    }
    return drafts.store.put(msg.draftKey, {
      caption: caption.value,
      place: place.value,
      files: chosen.map(function (entry) {
        return { file: entry.file, alt: entry.textarea.value, upload: entry.upload || null };
      }),
      sending: sending,
    }).catch(function () {});  // a full or blocked store must not stop the form
  }

  function saveSoon() {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(saveDraft, 300);
  }

  if (keep) {
    // "Cancel" forgets the post kept on this device.
    form.querySelector("[data-discard]").addEventListener("click", function (event) {
      event.preventDefault();
      window.clearTimeout(saveTimer);
      const href = event.currentTarget.href;
      const leave = function () { window.location.assign(href); };
      drafts.store.remove(msg.draftKey).then(leave, leave);
    });
    form.addEventListener("input", saveSoon);
    form.addEventListener("change", saveSoon);
    drafts.store.get(msg.draftKey).then(function (draft) {
      if (!draft) {
        return;
      }
      caption.value = draft.caption || "";
      place.value = draft.place || "";
      draft.files.forEach(function (kept) {
        add(kept.file, kept.alt);
        chosen[chosen.length - 1].upload = kept.upload;
      });
      const notice = form.querySelector("[data-restored]");
      notice.hidden = false;
      if (draft.sending) {
        send();
      }
    }).catch(function () {});
  }

  function failed(messages) {
    sending = false;
    saveDraft();
    busy(false);
    showErrors(messages);
  }

  // Every file goes up in pieces first; then the form is sent with the uploads' ids.
  function uploadAll() {
    const total = chosen.reduce(function (sum, entry) { return sum + entry.file.size; }, 0);
    let done = 0;
    return chosen.reduce(function (previous, entry, index) {
      return previous.then(function () {
        if (entry.upload) {
          done += entry.file.size;
          return null;
        }
        return drafts.upload(entry.file, {
          endpoint: msg.uploadUrl,
          chunkSize: Number(msg.chunkBytes),
          csrf: form.elements.csrfmiddlewaretoken.value,
          refused: msg.msgServer,
          progress: function (sent) { showProgress(done + sent, total); },
          waiting: waiting,
        }).catch(function (refusal) {
          // Named as the server names a refused file of the form.
          throw { message: msg.msgFile.replace("%(number)d", String(index + 1))
            .replace("%(name)s", entry.file.name).replace("%(message)s", refusal.message) };
        }).then(function (id) {
          entry.upload = id;
          done += entry.file.size;
          return saveDraft();
        });
      });
    }, Promise.resolve());
  }

  function post(data) {
    return new Promise(function (resolve, reject) {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          showProgress(e.loaded, e.total);
        }
      });
      xhr.addEventListener("load", function () {
        let body = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch (e) {
          body = null;
        }
        resolve({ status: xhr.status, body: body });
      });
      xhr.addEventListener("error", function () { reject(new Error("network")); });
      xhr.addEventListener("timeout", function () { reject(new Error("network")); });
      xhr.send(data);
    });
  }

  let action = null;  // the submit button used ("save as draft" or "save and submit")

  function formData() {
    const data = new FormData(form);
    if (action) {
      data.append(action.name, action.value);
    }
    data.delete("media");
    data.delete("alt_text");
    chosen.forEach(function (entry) {
      if (keep) {
        data.append("upload", entry.upload);
      } else {
        data.append("media", entry.file, entry.file.name);
      }
      data.append("alt_text", entry.textarea.value);
    });
    return data;
  }

  function send() {
    sending = true;
    busy(true);
    saveDraft();
    const ready = keep ? drafts.online().then(function () { return null; }) : Promise.resolve();
    if (keep && !navigator.onLine) {
      waiting(true);
    }
    ready
      .then(function () { waiting(false); return keep ? uploadAll() : null; })
      .then(function () { return post(formData()); })
      .then(function (answer) {
        if (answer.status >= 200 && answer.status < 300 && answer.body && answer.body.redirect) {
          sending = false;
          const leave = function () { window.location.assign(answer.body.redirect); };
          (keep ? drafts.store.remove(msg.draftKey) : Promise.resolve()).then(leave, leave);
          return;
        }
        failed(answer.body && answer.body.errors && answer.body.errors.length
          ? answer.body.errors : [msg.msgServer]);
      }, function (problem) {
        if (problem && problem.message && problem.message !== "network") {
          failed([problem.message]);  // the server refused a file
        } else if (keep) {
          waiting(true);  // the form itself could not be sent: again when online
          drafts.online().then(send);
        } else {
          failed([msg.msgNetwork]);
        }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.reportValidity()) {
      return;
    }
    // The button that sent the form says what to do: save, or save and submit.
    action = event.submitter && event.submitter.name ? event.submitter : null;
    const total = chosen.reduce(function (sum, entry) { return sum + entry.file.size; }, 0);
    if (!keep && total > maxBytes) {
      showErrors([msg.msgTooLarge]);
      return;
    }
    summary.hidden = true;
    send();
  });
}());
