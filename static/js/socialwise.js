// Socialwise front end: progressive enhancement only; every page works without it.
(function () {
  "use strict";

  // Report time spent on a module page when the learner leaves or hides it (no countdowns, nothing shown).
  function trackModuleTime() {
    var article = document.querySelector("[data-time-url]");
    if (!article || !navigator.sendBeacon) return;
    var url = article.getAttribute("data-time-url");
    var visibleSince = document.visibilityState === "visible" ? Date.now() : null;
    var token = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || "";
    function flush() {
      if (visibleSince === null) return;
      var seconds = Math.round((Date.now() - visibleSince) / 1000);
      visibleSince = null;
      if (seconds < 1) return;
      var body = new FormData();
      body.append("seconds", String(seconds));
      body.append("csrfmiddlewaretoken", decodeURIComponent(token));
      navigator.sendBeacon(url, body);
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flush();
      else visibleSince = Date.now();
    });
    window.addEventListener("pagehide", flush);
  }

  // Prevent double submission of forms marked data-submit-once (the server still records a repeat only once).
  function submitOnce() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.hasAttribute("data-submit-once")) return;
      if (form.getAttribute("data-submitted") === "true") { event.preventDefault(); return; }
      form.setAttribute("data-submitted", "true");
    });
  }

  // The header's menu is a <details> disclosure; above 640 px it shows as a bar. Browsers without ::details-content
  // would keep it shut there, so open it on wide screens (closed again when the screen narrows). Works without this.
  function wideMenu() {
    var menu = document.querySelector("[data-site-menu]");
    if (!menu || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 40.0625rem)");
    function apply() { menu.open = wide.matches; }
    apply();
    if (wide.addEventListener) wide.addEventListener("change", apply);
    // On a phone the open menu covers the page: Escape closes it (focus back on its button), and so does moving the
    // focus or clicking out of it, so a focused control is never hidden under the panel (WCAG 2.4.7).
    function narrowAndOpen() { return menu.open && !wide.matches; }
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !narrowAndOpen() || menu.querySelector(".account-menu[open]")) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
    menu.addEventListener("focusout", function (event) {
      if (narrowAndOpen() && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
    });
    document.addEventListener("click", function (event) {
      if (narrowAndOpen() && !menu.contains(event.target)) menu.open = false;
    });
  }

  // An open account menu closes on Escape or a click elsewhere.
  function accountMenu() {
    var menu = document.querySelector(".account-menu");
    if (!menu) return;
    document.addEventListener("click", function (event) { if (menu.open && !menu.contains(event.target)) menu.open = false; });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { trackModuleTime(); submitOnce(); wideMenu(); accountMenu(); });
})();
