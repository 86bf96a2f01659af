// Drafts that survive a dead spot, for static/js/studio.js: the post being written
// (caption, place, alt texts and the chosen files) is kept in this browser's IndexedDB
// until the server has it, and photos and videos go up in pieces through the tus
// protocol (tus-js-client, static/vendor/), so a dropped connection, or a phone that
// went to sleep, resumes where it stopped instead of starting again.
"use strict";

(function () {
  const DB_NAME = "revier-studio";
  const STORE = "drafts";

  function open() {
    return new Promise(function (resolve, reject) {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(STORE, mode);
        const request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  const drafts = {
    get: function (key) { return withStore("readonly", function (s) { return s.get(key); }); },
    put: function (key, draft) {
      return withStore("readwrite", function (s) { return s.put(draft, key); });
    },
    remove: function (key) {
      return withStore("readwrite", function (s) { return s.delete(key); });
    },
  };

  function online() {
    return new Promise(function (resolve) {
      if (navigator.onLine) {
        resolve();
      } else {
        window.addEventListener("online", function () { resolve(); }, { once: true });
      }
    });
  }

  // One file through tus. Resolves with the upload's id once the server has all of it
  // and has accepted it; rejects with {message} when the server refuses it. While the
  // connection is gone it waits (options.waiting(true)) and then goes on from the
  // server's offset.
  function upload(file, options) {
    return new Promise(function (resolve, reject) {
      const tusUpload = new window.tus.Upload(file, {
        endpoint: options.endpoint,
        chunkSize: options.chunkSize,
        retryDelays: [0, 1000, 3000, 5000],
        headers: { "X-CSRFToken": options.csrf },
        metadata: { filename: file.name, filetype: file.type },
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onProgress: function (sent) { options.progress(sent); },
        onSuccess: function () {
          resolve(tusUpload.url.split("/").pop());
        },
        onError: function (error) {
          const response = error.originalResponse;
          const status = response ? response.getStatus() : 0;
          if (status >= 400 && status < 500 && status !== 409 && status !== 423) {
            reject({ message: (response.getBody() || "").trim() || options.refused });
            return;
          }
          // No connection (or a server that is restarting): wait, then resume.
          options.waiting(true);
          online().then(function () {
            options.waiting(false);
            window.setTimeout(function () { tusUpload.start(); }, 300);
          });
        },
      });
      tusUpload.findPreviousUploads().then(function (previous) {
        if (previous.length) {
          tusUpload.resumeFromPreviousUpload(previous[0]);
        }
        tusUpload.start();
      });
    });
  }

  window.RevierDrafts = {
    store: drafts,
    online: online,
    upload: upload,
    resumable: Boolean(window.tus && window.tus.isSupported && window.indexedDB),
  };
}());
