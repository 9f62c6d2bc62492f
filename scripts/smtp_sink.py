#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A local SMTP sink on 127.0.0.1 that saves each message as an .eml file
(the demo's outgoing mail server)."""

import argparse
import signal
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        print(f"[smtp-sink] {envelope.mail_from} -> {envelope.rcpt_tos}: {name}")
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--maildir", default=".demo/mail")
    options = parser.parse_args()
    controller = Controller(
        SaveToFolder(options.maildir), hostname="127.0.0.1", port=options.port
    )
    controller.start()
    print(f"[smtp-sink] 127.0.0.1:{options.port}, saving to {options.maildir}")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
