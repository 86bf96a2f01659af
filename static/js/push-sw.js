// Push messages in the service worker: shows the message the portal sent (kind, title,
// link; never private text) and opens its page when it is tapped.
// Taken in by the site's service worker (templates/portal/service-worker.js) with
// importScripts(); static/js/push.js registers that worker.
(function () {
  "use strict";

  // Only links on this site are opened, whatever a message says.
  function pageUrl(link) {
    var url = new URL(link || "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  }

  function show(data) {
    if (!data || !data.title) return Promise.resolve();
    return self.registration.showNotification(data.title, {
      tag: data.kind,  // a newer message of the same kind replaces the older one
      renotify: true,
      data: {kind: data.kind, url: pageUrl(data.url)}
    });
  }

  function open(url) {
    return self.clients.matchAll({type: "window", includeUncontrolled: true})
      .then(function (windows) {
        for (var i = 0; i < windows.length; i++) {
          if (windows[i].url === url && "focus" in windows[i]) return windows[i].focus();
        }
        return self.clients.openWindow(url);
      });
  }

  self.addEventListener("push", function (event) {
    var data = null;
    try { data = event.data ? event.data.json() : null; } catch (error) { data = null; }
    event.waitUntil(show(data));
  });

  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    event.waitUntil(open((event.notification.data || {}).url || pageUrl("/")));
  });

  self.revierPush = {show: show, open: open, pageUrl: pageUrl};
})();
