# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Nothing reaches beyond loopback: what the scripts switch off in the
databases they create, and the detector of outbound attempts in Odoo's log.

Odoo's outbound HTTP goes through ``requests`` (IAP services such as partner
autocomplete's company enrichment, link previews, ...). What the log shows of
an attempt:

- ``iap jsonrpc <url>`` (odoo.addons.iap.tools.iap_tools, INFO), before any
  IAP call, and ``iap jsonrpc <url> failed|timed out`` after;
- ``Blocking un-mocked external HTTP request <METHOD> <url>`` (Odoo's test
  framework refuses non-loopback requests during tests and says so, INFO);
- ``Starting new HTTP(S) connection (n): <host>:<port>`` (urllib3, DEBUG:
  LOG_HANDLERS turns it on), for any ``requests`` call;
- ``HTTPSConnectionPool(host='<host>', port=...)`` in the error of a failed
  one;
- ``Starting enrich of company`` (partner_autocomplete, INFO): the company
  enrichment the web client asks for an administrator, which calls
  partner-autocomplete.odoo.com outside tests (Odoo's test mode stops it
  just before the request: the line is the only trace of it in a test run).
"""

import ipaddress
import re
from urllib.parse import urlsplit

# added to every Odoo configuration the scripts write
LOG_HANDLERS = ("urllib3.connectionpool:DEBUG",)

HERMETIC_SQL = """
DO $$
BEGIN
    -- partner_autocomplete enriches the company from partner-autocomplete.odoo.com
    -- when an administrator opens the web client, unless this flag is set
    IF EXISTS (
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'res_company' AND column_name = 'iap_enrich_auto_done'
    ) THEN
        UPDATE res_company SET iap_enrich_auto_done = true;
    END IF;
END $$;
-- mail's weekly "Publisher: Update Notification" posts to services.odoo.com
UPDATE ir_cron SET active = false
 WHERE id IN (
    SELECT res_id FROM ir_model_data
     WHERE model = 'ir.cron' AND module = 'mail'
       AND name = 'ir_cron_module_update_notification'
 );
"""

_URL = r"(\w+://[^\s'\"<>]+)"
ENRICHMENT = re.compile(r"partner_autocomplete\S*: Starting enrich of company")
ENRICHMENT_HOST = "partner-autocomplete.odoo.com"
PATTERNS = (
    re.compile(r"iap jsonrpc " + _URL),
    re.compile(r"Blocking un-mocked external HTTP request \S+ " + _URL),
    re.compile(r"Starting new HTTPS? connection \(\d+\): (\[[^\]]+\]|[^\s:]+)"),
    re.compile(r"HTTPS?ConnectionPool\(host='([^']+)'"),
)


def _host(found):
    if "://" in found:
        return urlsplit(found).hostname or ""
    return found.strip("[]").lower()


def is_loopback(host):
    """127.0.0.0/8, ::1, localhost and *.localhost (RFC 6761)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def outbound_attempts(lines):
    """[(host, line)] for every log line showing a connection attempt to a
    host outside loopback."""
    attempts = []
    for line in lines:
        if ENRICHMENT.search(line):
            attempts.append((ENRICHMENT_HOST, line.rstrip("\n")))
            continue
        for pattern in PATTERNS:
            match = pattern.search(line)
            if match:
                host = _host(match.group(1))
                if not is_loopback(host):
                    attempts.append((host, line.rstrip("\n")))
                break
    return attempts


def check_log(path):
    """outbound_attempts() of the log file at ``path`` (none if absent)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            return outbound_attempts(log)
    except FileNotFoundError:
        return []
