// Wagtail's autosave and a person's own "Save draft" (or "Publish") must not write at the same time. On a new page
// both create it: whichever arrives second is refused (its slug is taken) and the person sees the add form's errors
// for a page that was in fact saved. It happens when the autosave's timer fires while the form's own POST is still
// on its way (a slow server), or when the button is pressed while an autosave is under way. So a submit waits for an
// autosave under way to finish (it then posts to the page the autosave created), and once a submit has gone through
// no autosave starts.
(() => {
  "use strict";
  const LONGEST_WAIT_MS = 30000; // never keep a person's click waiting on an answer that does not come
  const underway = new WeakSet(); // forms with an autosave between its save event and its success or error
  const submitted = new WeakSet(); // forms whose own submit has gone through
  const waiting = new WeakMap(); // form -> the submit to make once its autosave has finished

  document.addEventListener("w-autosave:save", (event) => {
    const form = event.target;
    if (submitted.has(form)) {
      event.preventDefault();
      return;
    }
    // Another listener (autosave_needs_title.js) may still cancel it: read the outcome once all of them have run.
    queueMicrotask(() => {
      if (!event.defaultPrevented) {
        underway.add(form);
      }
    });
  });

  const finished = (event) => {
    underway.delete(event.target);
    const resume = waiting.get(event.target);
    if (resume) {
      resume();
    }
  };
  document.addEventListener("w-autosave:success", finished);
  document.addEventListener("w-autosave:error", finished);

  // On window, after the page's own submit listeners: only a submit that is really going ahead is held or let through.
  window.addEventListener("submit", (event) => {
    const form = event.target;
    if (
      event.defaultPrevented ||
      !(form instanceof HTMLFormElement) ||
      !form.matches("[data-controller~='w-autosave']")
    ) {
      return;
    }
    if (waiting.has(form)) {
      event.preventDefault(); // pressed again while waiting: the first press will be submitted
      return;
    }
    if (underway.has(form)) {
      event.preventDefault();
      const { submitter } = event;
      const resume = () => {
        clearTimeout(timer);
        waiting.delete(form);
        // The pressed button may have been disabled (its spinner) or replaced since: send its name as a field.
        if (submitter && submitter.name) {
          const field = document.createElement("input");
          field.type = "hidden";
          field.name = submitter.name;
          field.value = submitter.value;
          form.append(field);
        }
        form.requestSubmit();
      };
      const timer = setTimeout(resume, LONGEST_WAIT_MS);
      waiting.set(form, resume);
      return;
    }
    submitted.add(form);
    form.setAttribute("data-w-autosave-active-value", "false");
  });
})();
