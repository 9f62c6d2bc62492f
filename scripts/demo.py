# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo command, and the reply command that answers its last email.

State lives in ``.demo/``: the PostgreSQL cluster, Odoo's data and log, the
SMTP sink's Maildir (``.demo/mail``) and log, and ``state.json`` (ports,
alias domain) for the reply command."""

import json
import os
import signal
import smtplib
import subprocess
import sys
import time

from devenv import (
    ADDON,
    ROOT,
    Cluster,
    banner,
    log_tail,
    odoo_cmd,
    run_logged,
    say,
    wait_for,
    write_odoo_config,
)
from hermetic import LOG_HANDLERS, check_log
from mail_loop import (
    build_reply,
    envelope_recipients,
    last_sent,
    maildir_messages,
    to_people,
)
from odoo_env import RUN

STATE = ROOT / ".demo"
DATABASE = "citsmart_demo"
DOMAIN = "citsmart.localhost"  # RFC 6761: never leaves the machine
QUIET = ("odoo.addons.rpc.controllers.xmlrpc:ERROR",)  # the sink's XML-RPC


def prepare_database(cluster, config, log):
    """Create the demo database, or update the add-on in it."""
    fresh = not (STATE / "installed").exists()
    if fresh:
        say("creating the demo database (helpdesk_mgmt demo data + this add-on)")
    else:
        say("updating this add-on in the demo database")
    update = ["-i", ADDON, "--with-demo"] if fresh else ["-u", ADDON]
    result = run_logged(
        odoo_cmd(config, "-d", DATABASE, *update, "--stop-after-init", "--no-http"),
        log,
        cwd=ROOT,
    )
    if result.returncode:
        say(f"Odoo failed (exit {result.returncode}); from {log}:")
        print(log_tail(log))
        return False
    cluster.make_hermetic(DATABASE)
    return True


def start_sink(options, base_url):
    """aiosmtpd with DemoSink: saves everything, hands the alias domain's
    mail to Odoo's gateway."""
    with open(STATE / "smtp-sink.log", "a", encoding="utf-8") as log:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "aiosmtpd", "-n"),
                *("-l", f"127.0.0.1:{options.smtp_port}", "-c", "smtp_sink.DemoSink"),
                *(str(STATE / "mail"), DOMAIN, base_url, DATABASE),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")},
        )


def configure(config, options, base_url, log):
    """Run demo_setup.py in `odoo shell`; print what it says."""
    result = subprocess.run(
        odoo_cmd(config, "-d", DATABASE, "--no-http", command="shell"),
        input=(ROOT / "scripts" / "demo_setup.py").read_text(),
        env={
            **os.environ,
            "CITSMART_SINK_PORT": str(options.smtp_port),
            "CITSMART_ALIAS_DOMAIN": DOMAIN,
            "CITSMART_BASE_URL": base_url,
        },
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.strip():
            print(f"    {line}")
    if result.returncode:
        print(result.stderr[-2000:])
        say(f"the demo set-up failed; see {log}")
    return result.returncode == 0


def show_banner(options):
    url = f"http://localhost:{options.port}"
    banner(
        f"Demo on {url}/odoo  (database {DATABASE})\n"
        "  admin  / admin   administrator (Settings > Helpdesk > Messaging)\n"
        "  demo   / demo    technician (Helpdesk > Tickets, Comments)\n"
        f"  portal / portal  requester ({url}/my/tickets)\n"
        f"Mail: SMTP sink on 127.0.0.1:{options.smtp_port}, every message saved in\n"
        f"  {STATE / 'mail'} (Maildir); mail to @{DOMAIN} (the team's\n"
        f"  support@{DOMAIN}, catchall, bounce) goes back to Odoo.\n"
        "Answer the last email, as its recipient:\n"
        '  python3 scripts/devtools.py reply "Thanks, it works"\n'
        f"Logs: {STATE / 'odoo.log'}, {STATE / 'smtp-sink.log'}\n"
        "Ctrl-C stops everything."
    )


def _stop(signum, frame):
    raise KeyboardInterrupt


def stop_children(children):
    for child in reversed(children):
        if child.poll() is None:
            child.terminate()  # Odoo shuts down gracefully on SIGTERM
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()


def cmd_demo(options, verdict):
    if verdict.kind != RUN:
        say(f"the demo cannot start: {verdict.reason}")
        return 1
    # Ctrl-C, and `kill`, stop everything (SIGINT may be ignored when the
    # demo was started in the background)
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    STATE.mkdir(exist_ok=True)
    os.chmod(STATE, 0o755)  # the cluster runs as "postgres" under root
    log = STATE / "odoo.log"
    cluster = Cluster(STATE / "pg")
    config = STATE / "odoo.cfg"
    base_url = f"http://127.0.0.1:{options.port}"
    children = []
    try:
        cluster.start()
        write_odoo_config(
            config,
            cluster,
            STATE / "data",
            options.port,
            extra={
                "logfile": log,
                "log_level": "info",
                "log_handler": ",".join(LOG_HANDLERS + QUIET),
                "smtp_server": "127.0.0.1",
                "smtp_port": options.smtp_port,
            },
        )
        say(f"Odoo's log: {log}")
        if not prepare_database(cluster, config, log):
            return 1
        children.append(start_sink(options, base_url))
        if not configure(config, options, f"http://localhost:{options.port}", log):
            return 1
        (STATE / "installed").touch()
        (STATE / "state.json").write_text(
            json.dumps({"smtp_port": options.smtp_port, "domain": DOMAIN})
        )
        say(f"starting Odoo on 127.0.0.1:{options.port}")
        with open(log, "a", encoding="utf-8") as out:
            server = subprocess.Popen(
                odoo_cmd(
                    config,
                    *("-d", DATABASE, "--db-filter", f"^{DATABASE}$"),
                    "--max-cron-threads=1",
                ),
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        children.append(server)
        if not wait_for(f"{base_url}/web/health", lambda: server.poll() is None):
            say(f"Odoo did not start; from {log}:")
            print(log_tail(log))
            return 1
        show_banner(options)
        if options.smoke:
            time.sleep(options.smoke)
            return 0
        server.wait()
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        stop_children(children)
        cluster.stop()
        for host, line in check_log(log)[:5]:
            say(f"WARNING: outbound connection attempt to {host}: {line[:160]}")


def cmd_reply(options):
    """Answer the last email the sink received, as its recipient, through
    the sink (as a mail client would); show what Odoo did with it."""
    try:
        state = json.loads((STATE / "state.json").read_text())
    except FileNotFoundError:
        say("no demo here: start it with python3 scripts/devtools.py demo")
        return 1
    maildir = STATE / "mail"
    original = last_sent(maildir, state["domain"])
    if original is None:
        say(f"no email in {maildir} yet")
        return 1
    reply = build_reply(original, options.text, state["domain"])
    seen = {key for key, _message in maildir_messages(maildir)}
    try:
        with smtplib.SMTP("127.0.0.1", state["smtp_port"], timeout=10) as smtp:
            smtp.send_message(reply)
    except OSError as error:
        say(f"the demo is not running (SMTP 127.0.0.1:{state['smtp_port']}): {error}")
        return 1
    say(f"replied as {reply['From']} to {reply['To']}: {reply['Subject']}")
    deadline = time.monotonic() + options.wait
    outcome = wait_for_handoff(reply["Message-ID"], deadline)
    if not outcome or " failed " in outcome:
        say(f"Odoo's gateway: {outcome or 'no answer'} (see {STATE / 'smtp-sink.log'})")
        return 1
    record = outcome.split(": ok ", 1)[1]
    say(f"Odoo's gateway took it (record {record}): a new comment on the ticket")
    sent = wait_for_new_mail(maildir, seen, state["domain"], deadline)
    for message in sent:
        say(
            f"Odoo emailed {', '.join(envelope_recipients(message))}: "
            f"{message['Subject']}"
        )
    if not sent:
        say(
            f"no email from Odoo within {options.wait} s (mail queue: Settings > "
            "Technical > Emails)"
        )
    return 0 if sent else 1


def wait_for_handoff(message_id, deadline):
    log = STATE / "smtp-sink.log"
    while time.monotonic() < deadline:
        for line in reversed(log.read_text(errors="replace").splitlines()):
            if line.startswith(f"handoff {message_id}:"):
                return line
        time.sleep(0.5)
    return None


def wait_for_new_mail(maildir, seen, domain, deadline):
    """The messages to people that arrive after ``seen`` (Maildir keys)."""
    while time.monotonic() < deadline:
        new = [
            message
            for _key, message in maildir_messages(maildir, exclude=seen)
            if to_people(message, domain)
        ]
        if new:
            return new
        time.sleep(1)
    return []
