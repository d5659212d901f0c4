// Quiz screens: progressive enhancement only; every step works without this file.
(function () {
  "use strict";

  // Announce the posts that arrived with this step, politely, once the page has settled: screen readers do not
  // read a live region's first content, so the summary is written into it after load.
  function announceNewPosts() {
    var status = document.querySelector("[data-feed-status]");
    var feed = document.querySelector("[data-feed-new]");
    if (!status || !feed) return;
    var posts = feed.querySelectorAll(".social-post");
    var parts = [];
    posts.forEach(function (post) {
      var who = post.querySelector(".social-post__who strong");
      var when = post.querySelector("time");
      var text = post.querySelector(".social-post__text");
      parts.push([who && who.textContent, when && when.textContent, text && text.textContent]
        .filter(Boolean).join(", "));
    });
    if (!parts.length) return;
    var heading = document.getElementById("feed-heading");
    window.setTimeout(function () {
      status.textContent = (heading ? heading.textContent.trim() + ". " : "") + parts.join(". ");
    }, 600);
  }

  // After an answer that could not be recorded, take keyboard and screen reader users to the message.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    announceNewPosts();
    focusErrorSummary();
  });
})();
