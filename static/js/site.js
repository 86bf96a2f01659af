// Progressive enhancement only: every page works without this file.
"use strict";

// The service worker makes the portal installable and shows a page of its own when
// there is no connection (see templates/portal/service-worker.js).
if ("serviceWorker" in navigator && document.body.dataset.serviceWorker) {
  navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" })
    .catch(() => {});
}

// "Try again" on the offline page reloads the page the reader wanted.
for (const link of document.querySelectorAll("a[data-reload]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.location.reload();
  });
}
