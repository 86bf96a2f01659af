// Revier's service worker. It keeps the static files and the offline page, and nothing
// else: pages and answers of the portal always come from the network, so no private page
// (studio, inbox, account, questions) and no personal data is ever stored by it.
"use strict";

const CONFIG = {{ config|safe }};

// Push messages: showing them and opening their page when tapped (static/js/push-sw.js).
importScripts(CONFIG.push);

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CONFIG.cache);
    // Without cookies: the offline page kept is the one an anonymous reader gets.
    await cache.addAll(CONFIG.precache.map((url) => new Request(url, { credentials: "omit" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CONFIG.cache) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(CONFIG.static);
}

// Only a complete, plain answer of our own that no header marks as private is kept.
function mayKeep(response) {
  if (!response.ok || response.type !== "basic") return false;
  const control = response.headers.get("Cache-Control") || "";
  return !/private|no-store/i.test(control);
}

// Static files: from the cache when there, refreshed from the network behind it.
async function staticFile(request) {
  const cache = await caches.open(CONFIG.cache);
  const cached = await cache.match(request, { ignoreVary: true });
  const fresh = fetch(request).then((response) => {
    if (mayKeep(response)) cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    fresh.catch(() => {});
    return cached;
  }
  return fresh;
}

// Pages: always the network; the offline page only when the network fails.
async function page(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = await caches.match(CONFIG.offline, { ignoreVary: true });
    if (offline) return offline;
    throw error;
  }
}

// Files shared from another app (the manifest's share target) come as a navigation
// POST started by the platform. Sent on from here, the request is one of our own
// origin, with the session cookie; the studio's answer (a redirect) is followed by the
// browser itself.
async function share(request) {
  const body = await request.formData();
  return fetch(CONFIG.share, {
    method: "POST", body, credentials: "same-origin", redirect: "manual",
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === "POST" && request.mode === "navigate"
      && url.origin === self.location.origin && url.pathname === CONFIG.share) {
    event.respondWith(share(request));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
  // Anything else (fragments, media, uploads) goes to the network untouched.
});
