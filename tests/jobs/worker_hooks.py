"""Loaded by the test workers (`celery worker -I tests.jobs.worker_hooks`). With SOCIALWISE_TEST_BLOCK_RENDER set
to a folder, making a certificate PDF announces itself there ("started") and then hangs, so the test can kill the
worker in the middle of the task. Without it, this module changes nothing."""

import os
import time
from pathlib import Path

folder = os.environ.get("SOCIALWISE_TEST_BLOCK_RENDER")
if folder:
    from certificates import services

    def _render_then_hang(certificate, *, verify_url):
        Path(folder, "started").write_text(str(certificate.pk))
        time.sleep(600)  # the test kills the worker long before this ends
        raise AssertionError("the worker should have been killed")

    services.render_certificate_pdf = _render_then_hang
