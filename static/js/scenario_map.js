/* The scenario editor's map and "Leads to" selects (quizzes/panels.py). Served as a static file: no inline script,
   so it runs under the admin's strict Content Security Policy. The server does the drawing and the analysis: this
   script posts the unsaved form to the map view as the trainer edits, swaps the panel's HTML, keeps every target
   field a select of the scenario's blocks, and takes the trainer to a block or an arrow's field on a click. */
(function () {
  "use strict";

  var DELAY = 500;

  function init(root) {
    var form = root.closest("form");
    if (!form || root.dataset.ready) {
      return;
    }
    root.dataset.ready = "1";
    var body = root.querySelector("[data-scenario-map-body]");
    var targets = JSON.parse(root.dataset.targets || "[]");
    var timer = null;
    var controller = null;

    function isOurs(node) {
      return (
        node.nodeType !== 1 ||
        node.matches("select.scenario-target-select, option") ||
        Boolean(node.closest("[data-scenario-map], select.scenario-target-select"))
      );
    }

    function fill(select, input) {
      var value = input.value;
      var byName = targets.filter(function (target) {
        return target.name === value;
      });
      if (value && byName.length && !targets.some(function (t) { return t.id === value; })) {
        value = byName[0].id; // a target typed as a key before targets were picked
        input.value = value;
      }
      var options = [new Option(root.dataset.emptyLabel || "— pick a step, branch or ending —", "")];
      var found = value === "";
      targets.forEach(function (target) {
        var option = new Option(target.label, target.id);
        if (target.id === value) {
          found = true;
        }
        options.push(option);
      });
      if (!found) {
        options.push(new Option("⚠ " + (root.dataset.missingLabel || "missing block"), value));
      }
      select.replaceChildren.apply(select, options);
      select.value = value;
      select.classList.toggle("is-missing", !found || value === "");
    }

    function enhance() {
      form.querySelectorAll("input[data-scenario-target]").forEach(function (input) {
        var select = input.nextElementSibling;
        if (!input.dataset.enhanced) {
          input.dataset.enhanced = "1";
          select = document.createElement("select");
          select.className = "scenario-target-select";
          select.dataset.targetFor = input.name;
          // the field's <label for=…> now names the select, the control the trainer uses
          select.id = input.id;
          input.id = input.id + "-value";
          input.hidden = true;
          input.after(select);
          select.addEventListener("change", function () {
            input.value = select.value;
            select.classList.toggle("is-missing", select.value === "");
            input.dispatchEvent(new Event("change", { bubbles: true }));
          });
        }
        if (select && select.tagName === "SELECT") {
          fill(select, input);
        }
      });
    }

    function refresh() {
      var data = new FormData(form);
      data.set("scenario_page_id", root.dataset.pageId || "");
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      root.setAttribute("aria-busy", "true");
      fetch(root.dataset.url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") || "", "X-Requested-With": "XMLHttpRequest" },
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          root.removeAttribute("aria-busy");
          if (!answer) {
            return;
          }
          targets = answer.targets;
          body.innerHTML = answer.html;
          enhance();
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            root.removeAttribute("aria-busy");
          }
        });
    }

    function schedule() {
      // busy from the edit on, not only once the request leaves: the map shown is out of date until the answer comes
      root.setAttribute("aria-busy", "true");
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY);
    }

    function expandAround(element) {
      // open every collapsed block panel around the element (Wagtail collapses long streams)
      var panel = element.closest("section.w-panel");
      while (panel) {
        var toggle = panel.querySelector(":scope > .w-panel__header [data-panel-toggle]");
        if (toggle && toggle.getAttribute("aria-expanded") === "false") {
          toggle.click();
        }
        panel = panel.parentElement ? panel.parentElement.closest("section.w-panel") : null;
      }
    }

    function show(element) {
      expandAround(element);
      element.scrollIntoView({ block: "center" });
      element.focus({ preventScroll: true });
    }

    function jumpToBlock(id) {
      var marker = Array.prototype.find.call(form.querySelectorAll('input[type="hidden"][name$="-id"]'), function (input) {
        return input.value === id && /^steps-\d+-id$/.test(input.name);
      });
      if (!marker) {
        return;
      }
      var prefix = marker.name.slice(0, -"-id".length);
      var first = form.querySelector('[name="' + prefix + '-value-key"]');
      if (first) {
        show(first);
      }
    }

    function jumpToField(name) {
      var input = form.querySelector('[name="' + name + '"]');
      if (!input) {
        return;
      }
      var select = input.nextElementSibling;
      show(select && select.tagName === "SELECT" ? select : input);
    }

    root.addEventListener("click", function (event) {
      var block = event.target.closest("[data-block-id]");
      var field = event.target.closest("[data-field]");
      if (field) {
        event.preventDefault();
        jumpToField(field.dataset.field);
      } else if (block) {
        event.preventDefault();
        jumpToBlock(block.dataset.blockId);
      }
    });
    form.addEventListener("input", function (event) {
      if (!isOurs(event.target) || event.target.matches("select.scenario-target-select")) {
        schedule();
      }
    });
    form.addEventListener("change", schedule);
    new MutationObserver(function (mutations) {
      var relevant = mutations.some(function (mutation) {
        if (isOurs(mutation.target)) {
          return false;
        }
        var nodes = Array.prototype.slice.call(mutation.addedNodes).concat(Array.prototype.slice.call(mutation.removedNodes));
        return nodes.some(function (node) {
          return !isOurs(node);
        });
      });
      if (relevant) {
        enhance();
        schedule();
      }
    }).observe(form, { childList: true, subtree: true });
    enhance();
  }

  function start() {
    document.querySelectorAll("[data-scenario-map]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
