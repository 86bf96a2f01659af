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
// A copy button next to a text to copy (the authenticator secret): shown only where the
// clipboard can be written; copies the text without the spaces that group it.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(source.textContent.replace(/\s+/g, ""));
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});
