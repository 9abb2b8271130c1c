"""A local mail server for the soak test: accepts every message and notes one line per recipient.

    .venv/bin/python bench/soak/smtp_sink.py PORT RECEIVED_FILE

The job worker delivers the queued mail here over SMTP (``EMAIL_URL``), so
the whole queue is exercised; the message itself is not kept.
"""

import sys
import time

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self, path):
        self.out = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the server's life)

    async def handle_DATA(self, server, session, envelope):
        for recipient in envelope.rcpt_tos:
            self.out.write(f"{time.time():.3f} {recipient}\n")
        self.out.flush()
        return "250 Message accepted for delivery"


if __name__ == "__main__":
    controller = Controller(Counter(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()
