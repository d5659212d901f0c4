// Reports (admin): the page of a background export follows its progress, then reloads to show the download link.
(function () {
  "use strict";

  const root = document.querySelector("[data-export-status-url]");
  if (!root) {
    return;
  }
  const url = root.dataset.exportStatusUrl;
  const progress = root.querySelector("[data-export-progress]");
  const rows = root.querySelector("[data-export-rows]");
  const status = root.querySelector("[data-export-status]");
  const every = 2000;

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const data = await response.json();
        if (data.finished) {
          window.location.reload();
          return;
        }
        if (progress) {
          progress.value = data.percent;
          progress.textContent = data.percent + "%";
        }
        if (rows) {
          rows.textContent = data.rows_written;
        }
        if (status) {
          status.textContent = data.status_label;
        }
      }
    } catch (error) {
      // The server or the network may be back at the next try.
    }
    window.setTimeout(poll, every);
  }

  window.setTimeout(poll, every);
})();
