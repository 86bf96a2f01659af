// Push messages for this device (the account settings' push section,
// templates/portal/push/settings.html): asks the browser for permission, subscribes with
// the server's VAPID key and sends the subscription to the portal; or unsubscribes.
// The service worker that shows the messages is static/js/push-sw.js.
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box) return;
  var status = box.querySelector("[data-push-status]");
  var onButton = box.querySelector("[data-push-on]");
  var offButton = box.querySelector("[data-push-off]");
  var text = box.dataset;

  function say(message) { status.textContent = message; }

  function csrfToken() {
    var input = document.querySelector("#push input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(body)
    });
  }

  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function show(subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
    say(subscribed ? text.textOn : text.textOff);
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(text.textUnsupported);
    return;
  }

  // data-worker names the site's worker, which takes in static/js/push-sw.js, and
  // data-scope its scope (site.js registers the same). Waited for here until active.
  var options = text.scope ? {scope: text.scope} : undefined;
  var ready = navigator.serviceWorker.register(text.worker, options).then(function (registration) {
    return registration.active ? registration : new Promise(function (resolve) {
      var worker = registration.installing || registration.waiting;
      worker.addEventListener("statechange", function () {
        if (worker.state === "activated") resolve(registration);
      });
    });
  });

  function send(subscription) {
    return post(text.subscribeUrl, subscription.toJSON()).then(function (response) {
      if (response.ok) return true;
      return response.json().then(function (answer) { throw new Error(answer.error); });
    });
  }

  ready.then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(function (subscription) {
    if (subscription && Notification.permission === "granted") {
      // Tell the portal again: it may have removed this device meanwhile.
      return send(subscription).then(function () { show(true); });
    }
    show(false);
  }).catch(function () { show(false); });

  onButton.addEventListener("click", function () {
    onButton.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error(text.textDenied);
      return ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(text.key)
      });
    }).then(send).then(function () {
      window.location.reload();  // the list of devices shows this one
    }).catch(function (error) {
      onButton.disabled = false;
      // Our own messages (denied, refused by the portal) are shown; the browser's are not.
      say(error.name === "Error" && error.message ? error.message : text.textFailed);
    });
  });

  offButton.addEventListener("click", function () {
    offButton.disabled = true;
    ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      return post(text.unsubscribeUrl, {endpoint: subscription.endpoint}).then(function () {
        return subscription.unsubscribe();
      });
    }).then(function () {
      window.location.reload();
    }).catch(function () {
      offButton.disabled = false;
      say(text.textFailed);
    });
  });
})();
