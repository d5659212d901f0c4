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

  document.addEventListener("DOMContentLoaded", function () { trackModuleTime(); submitOnce(); });
})();
