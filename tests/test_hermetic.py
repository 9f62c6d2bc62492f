# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The detector of outbound connection attempts in Odoo's log, on lines in
the formats Odoo, its test framework and urllib3 write."""

import pytest
from devenv import write_odoo_config
from hermetic import HERMETIC_SQL, check_log, is_loopback, outbound_attempts

PREFIX = "2026-11-26 09:21:04,648 11471 INFO citsmart_test "
OUTBOUND = [
    (
        PREFIX + "odoo.addons.iap.tools.iap_tools: iap jsonrpc "
        "https://partner-autocomplete.odoo.com/api/dnb/1/enrich_by_domain",
        "partner-autocomplete.odoo.com",
    ),
    (
        PREFIX + "odoo.addons.iap.tools.iap_tools: iap jsonrpc "
        "https://iap.odoo.com/iap/1/balance failed, ConnectionError: boom",
        "iap.odoo.com",
    ),
    (
        PREFIX + "odoo.tests.common.requests: Blocking un-mocked external HTTP "
        "request POST https://partner-autocomplete.odoo.com/api/dnb/1/enrich",
        "partner-autocomplete.odoo.com",
    ),
    (
        PREFIX.replace("INFO", "DEBUG") + "urllib3.connectionpool: "
        "Starting new HTTPS connection (1): services.odoo.com:443",
        "services.odoo.com",
    ),
    (
        PREFIX + "odoo.addons.partner_autocomplete.models.iap_autocomplete_api: "
        "Autocomplete API error: HTTPSConnectionPool(host='partner-autocomplete."
        "odoo.com', port=443): Max retries exceeded",
        "partner-autocomplete.odoo.com",
    ),
    (
        "... urllib3.connectionpool: Starting new HTTP connection (1): 10.0.0.5:80",
        "10.0.0.5",
    ),
    (
        PREFIX + "odoo.addons.partner_autocomplete.models.res_company: "
        "Starting enrich of company My Company (1)",
        "partner-autocomplete.odoo.com",
    ),
]
LOOPBACK = [
    "... urllib3.connectionpool: Starting new HTTP connection (1): 127.0.0.1:8069",
    "... urllib3.connectionpool: Starting new HTTP connection (1): localhost:8069",
    "... urllib3.connectionpool: Starting new HTTP connection (1): [::1]:8069",
    PREFIX + "odoo.addons.iap.tools.iap_tools: iap jsonrpc http://127.0.0.1:9/x",
    PREFIX + "Blocking un-mocked external HTTP request GET http://citsmart.localhost/",
    PREFIX + "odoo.modules.loading: 42 modules loaded in 1.2s",
    PREFIX + "odoo.addons.mail.models.mail_mail: Mail with ID 7 sent to example.com",
]


@pytest.mark.parametrize("line, host", OUTBOUND)
def test_outbound_attempts_are_found(line, host):
    assert outbound_attempts([line]) == [(host, line)]


@pytest.mark.parametrize("line", LOOPBACK)
def test_loopback_and_other_lines_are_not(line):
    assert outbound_attempts([line]) == []


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("citsmart.localhost", True),
        ("LOCALHOST.", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("localhost.example.com", False),
        ("odoo.com", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_check_log_reads_a_file(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text("\n".join([*LOOPBACK, OUTBOUND[0][0], OUTBOUND[3][0]]) + "\n")
    assert [host for host, _line in check_log(log)] == [
        "partner-autocomplete.odoo.com",
        "services.odoo.com",
    ]
    assert check_log(tmp_path / "absent.log") == []


def test_scripts_configure_the_log_the_detector_reads(tmp_path):
    """urllib3's connection lines are DEBUG: every configuration the scripts
    write turns them on."""

    class FakeCluster:
        port = 5432

    config = tmp_path / "odoo.cfg"
    write_odoo_config(config, FakeCluster(), tmp_path / "data", 8069)
    assert "log_handler = urllib3.connectionpool:DEBUG" in config.read_text()


def test_hermetic_sql_marks_the_company_enrichment_done():
    assert "UPDATE res_company SET iap_enrich_auto_done = true" in HERMETIC_SQL
    assert "ir_cron_module_update_notification" in HERMETIC_SQL
