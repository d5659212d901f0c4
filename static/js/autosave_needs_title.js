// Wagtail's autosave on an "add page" form: the server refuses a page without a title (a 400 in the console each
// time the trainer types elsewhere first) and creates the page as soon as one is typed. Until the title has
// something in it, cancel the autosave (Wagtail's controller dispatches a cancelable `w-autosave:save` first).
(() => {
  "use strict";
  document.addEventListener("w-autosave:save", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !/\/pages\/add\//.test(form.getAttribute("action") || "")) {
      return;
    }
    const title = form.elements.namedItem("title");
    if (title && "value" in title && !title.value.trim()) {
      event.preventDefault();
    }
  });
})();
