// Wagtail's autosave on an "add page" form: the server refuses a page without a title or a slug (a 400 in the
// console: the slug is filled from the title only when the title field is left) and creates the page once both are
// there. Until then, cancel the autosave (Wagtail's controller dispatches a cancelable `w-autosave:save` first).
(() => {
  "use strict";
  document.addEventListener("w-autosave:save", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !/\/pages\/add\//.test(form.getAttribute("action") || "")) {
      return;
    }
    const empty = (name) => {
      const field = form.elements.namedItem(name);
      return Boolean(field) && "value" in field && !field.value.trim();
    };
    if (empty("title") || empty("slug")) {
      event.preventDefault();
    }
  });
})();
