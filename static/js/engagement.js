// Likes, follows, comments and reports without a page reload. Every form works without
// this file too: it posts, the server redirects back. With it, the same view answers a
// request marked "X-Requested-With: fetch" with the re-rendered partial (or a short
// plain-text message), which is put in place here.
//
//   data-engage="replace" data-engage-target="#id"   swap the element for the answer
//   data-engage="append"  data-engage-into="#list"   add the answer to a list
//   data-engage="remove"  data-engage-target="#id"   remove the element, say the answer
//   data-engage="message" data-engage-target="sel"   put the answer text in the element
//
// The element around the forms (.engage, .comments) carries data-engage-offline: the
// translated text said when the request does not reach the server.
//
// A comment's "Report" and "Reply" links (data-engage-form="report|reply") lead to a
// page with the form. Here the list's one copy of that form (in <template
// data-engage-forms>) opens under the comment instead, sent to the link's address.
"use strict";

(function () {
  function fromHTML(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  }

  function statusFor(form) {
    const holder = form.closest(".engage, .comment-actions, .comments") || form;
    return holder.querySelector("[data-engage-status]");
  }

  function say(form, text) {
    const status = statusFor(form);
    if (status) {
      status.textContent = text;
    }
  }

  async function submit(form) {
    const mode = form.dataset.engage;
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;  // double clicks are harmless anyway; this keeps it calm
    }
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
    } catch (error) {
      const holder = form.closest("[data-engage-offline]");
      say(form, holder ? holder.dataset.engageOffline : "…");
      if (button) {
        button.disabled = false;
      }
      return;
    }
    const text = await response.text();
    if (button) {
      button.disabled = false;
    }
    if (response.redirected || !response.ok) {
      if (response.redirected) {
        window.location.href = response.url;  // e.g. the session ended: sign in again
      } else {
        say(form, text);
      }
      return;
    }
    if (mode === "replace") {
      const target = document.querySelector(form.dataset.engageTarget);
      const fragment = fromHTML(text);
      const first = fragment.firstElementChild;
      target.replaceWith(fragment);
      const focus = first && first.querySelector("button");
      if (focus) {
        focus.focus();
      }
    } else if (mode === "append") {
      const list = document.querySelector(form.dataset.engageInto);
      const fragment = fromHTML(text);
      swapOutOfBand(fragment);
      const item = fragment.firstElementChild;
      list.appendChild(fragment);
      form.reset();
      if (form.classList.contains("comment-inline-form")) {
        closeInlineForm(form);
      }
      if (item) {
        item.setAttribute("tabindex", "-1");
        item.focus();
      }
    } else if (mode === "remove") {
      const target = document.querySelector(form.dataset.engageTarget);
      const list = target.closest(".comments");
      target.remove();
      const status = list && list.querySelector(":scope > form [data-engage-status], :scope > [data-engage-status]");
      if (status) {
        status.textContent = text;
      }
    } else if (mode === "message") {
      const target = document.querySelector(form.dataset.engageTarget);
      collapseLinkOf(target);
      const note = document.createElement("p");
      note.className = "engage-done";
      note.setAttribute("role", "status");
      note.textContent = text;
      target.replaceWith(note);
    }
  }

  // Elements of a response marked data-engage-swap (the comment count above the
  // thread) replace the element with the same id on the page, so counts follow the
  // action as the like button's does.
  function swapOutOfBand(fragment) {
    fragment.querySelectorAll("[data-engage-swap][id]").forEach(function (element) {
      const current = document.getElementById(element.id);
      element.remove();
      if (current) {
        current.replaceWith(element);
      }
    });
  }

  // The "Report"/"Reply" link just before an inline form no longer has it open.
  function collapseLinkOf(form) {
    const link = form.previousElementSibling;
    if (link && link.dataset.engageForm) {
      link.setAttribute("aria-expanded", "false");
    }
  }

  function closeInlineForm(form) {
    collapseLinkOf(form);
    form.remove();
  }

  function openInlineForm(link, template) {
    const actions = link.closest(".comment-actions");
    const open = actions.querySelector(".comment-inline-form");
    if (open) {
      const same = open.previousElementSibling === link;
      closeInlineForm(open);
      if (same) {
        link.focus();
        return;
      }
    }
    const kind = link.dataset.engageForm;
    const id = link.dataset.comment;
    const form = template.content.querySelector('form[data-kind="' + kind + '"]').cloneNode(true);
    form.action = link.href;
    form.querySelectorAll("[id]").forEach(function (field) {
      const label = form.querySelector('label[for="' + field.id + '"]');
      field.id = field.id + "-" + id;
      if (label) {
        label.htmlFor = field.id;
      }
    });
    if (kind === "reply") {
      form.dataset.engageInto = "#replies-" + id;
    } else {
      form.dataset.engageTarget = "#comment-" + id + " .comment-inline-form";
    }
    link.after(form);
    link.setAttribute("aria-expanded", "true");
    form.querySelector("textarea, select").focus();
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-engage-form]");
    const comments = link && link.closest(".comments");
    const template = comments && comments.querySelector("template[data-engage-forms]");
    if (!template || !window.fetch) {
      return;  // the link opens the form on its own page
    }
    event.preventDefault();
    openInlineForm(link, template);
  });

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.engage || !window.fetch) {
      return;
    }
    event.preventDefault();
    submit(form);
  });
})();
