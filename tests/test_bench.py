# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The benchmarks' pure parts: Odoo's request log, the payloads the clients
send, the population's JSON, the run order and the tables."""

from email.message import EmailMessage

import pytest
from bench_client import (
    jsonrpc,
    message_post_params,
    page_chatter_token,
    page_csrf,
    reply_email,
    text_to_html,
)
from bench_report import order_of_run, per_item_medians, ratio, table
from bench_server import parse_requests
from bench_setup import Population

LOG = """\
2026-11-26 12:02:23,494 1349 INFO ? werkzeug: 127.0.0.1 - - [26/Nov/2026 12:02:23] "POST /web/session/authenticate HTTP/1.1" 200 - 70 0.089 0.805
2026-11-26 12:02:31,236 1349 INFO bench_ours werkzeug: 127.0.0.1 - - [26/Nov/2026 12:02:31] "POST /mail/message/post HTTP/1.1" 200 - 62 0.141 0.148
2026-11-26 12:02:31,300 1349 WARNING bench_ours odoo.models: something else - - -
2026-11-26 12:02:32,001 1350 INFO bench_ours werkzeug: 127.0.0.1 - - [26/Nov/2026 12:02:32] "\x1b[32mPOST /my/ticket/3/comment HTTP/1.1\x1b[0m" 303 -
 51 0.013 0.042
2026-11-26 12:02:33,002 1350 INFO bench_ours werkzeug: 127.0.0.1 - - [26/Nov/2026 12:02:33] "POST /xmlrpc/2/object#mail.thread.message_process HTTP/1.1" 200 - - - -
"""  # noqa: E501


def test_request_log_rows():
    rows = parse_requests(LOG)
    assert [(r.method, r.path, r.status) for r in rows] == [
        ("POST", "/web/session/authenticate", 200),
        ("POST", "/mail/message/post", 200),
        ("POST", "/my/ticket/3/comment", 303),
        ("POST", "/xmlrpc/2/object#mail.thread.message_process", 200),
    ]
    post = rows[1]
    assert (post.db, post.pid, post.queries) == ("bench_ours", 1349, 62)
    assert post.query_seconds == pytest.approx(0.141)
    assert post.total_seconds == pytest.approx(0.289)  # queries + the rest
    assert rows[0].db == "?"  # before the request knew its database


def test_request_log_figures_on_the_next_line_or_missing():
    comment, gateway = parse_requests(LOG)[2:]
    assert (comment.queries, comment.total_seconds) == (51, pytest.approx(0.055))
    # another log line of the request took the figures: none left
    assert (gateway.queries, gateway.query_seconds, gateway.total_seconds) == (
        None,
        None,
        None,
    )


def test_chatter_payload_is_the_web_clients_send_message():
    params = message_post_params(
        "helpdesk.ticket", 7, "<p>Hi</p>", context={"lang": "en_US"}
    )
    assert params == {
        "post_data": {
            "body": "<p>Hi</p>",
            "email_add_signature": True,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        },
        "thread_id": 7,
        "thread_model": "helpdesk.ticket",
        "context": {"lang": "en_US"},
    }
    assert "partner_ids" not in params["post_data"]  # followers: not suggested
    body = jsonrpc(params, 3)
    assert body == {"jsonrpc": "2.0", "method": "call", "id": 3, "params": params}


def test_portal_chatter_payload_carries_the_pages_token():
    params = message_post_params("helpdesk.ticket", 7, "x", token="abc")
    assert params["token"] == "abc"
    assert "context" not in params


def test_typed_text_as_the_composer_sends_it():
    assert text_to_html("a < b\nnext & last") == "a &lt; b<br>next &amp; last"


def test_page_parsing():
    page = """
    <form action="/my/ticket/3/comment" method="post">
      <input type="hidden" name="csrf_token" value="tok3n"/>
    </form>
    <div id="discussion" class="d-print-none o_portal_chatter p-0"
         data-res_model="helpdesk.ticket" data-token="acc-355" data-pid="">
    """
    assert page_csrf(page) == "tok3n"
    assert page_chatter_token(page) == "acc-355"
    assert page_chatter_token('<div class="o_portal_chatter" data-token="">') == ""
    assert page_chatter_token("<div>no chatter</div>") is None
    assert page_csrf("<form></form>") is None


def test_reply_threads_on_the_email_received():
    original = EmailMessage()
    original["From"] = "Tech <notifications@bench.localhost>"
    original["Reply-To"] = "catchall@bench.localhost"
    original["Subject"] = "[HT00003] New comment"
    original["Message-ID"] = "<m2@bench>"
    original["References"] = "<m1@bench>"
    reply = reply_email(original, ("Rita", "rita@example.com"), "Thanks")
    assert reply["To"] == "catchall@bench.localhost"
    assert reply["From"] == "Rita <rita@example.com>"
    assert reply["Subject"] == "Re: [HT00003] New comment"
    assert reply["In-Reply-To"] == "<m2@bench>"
    assert reply["References"] == "<m1@bench> <m2@bench>"
    assert reply["Message-ID"].endswith("@example.com>")
    assert reply.get_content().startswith("Thanks")
    again = reply_email(reply, ("Tech", "t@example.com"), "ok", reply_to="x@y")
    assert (again["Subject"], again["To"]) == ("Re: [HT00003] New comment", "x@y")


def test_population_round_trips_through_json():
    population = Population(
        dbname="bench_ours",
        flavour="ours",
        admin=("admin", "admin"),
        technicians=[("technician.1", "pw", 5, 6)],
        requesters=[("requester.1", "pw", 7, 8)],
        tickets=[
            {
                "id": 1,
                "number": "HT00001",
                "name": "Benchmark ticket 1",
                "requester_partner_id": 8,
                "technician_user_id": 5,
            }
        ],
    )
    assert Population.from_json(population.to_json()) == population


def test_runs_alternate_their_order():
    two = [order_of_run(index, ("ours", "stock")) for index in range(4)]
    assert two == [
        ("ours", "stock"),
        ("stock", "ours"),
        ("stock", "ours"),
        ("ours", "stock"),
    ]
    three = {order_of_run(index, "abc") for index in range(6)}
    assert len(three) == 6, "every order of three variants in six runs"


def test_medians_per_item_and_ratios():
    medians = per_item_medians({"a": [(10, 0.1), (30, 0.3), (20, 0.2)]}, 10)
    assert medians["a"] == (2.0, pytest.approx(20.0))
    assert ratio(1, 2) == "0.50"
    assert ratio(None, 2) == ratio(1, 0) == "-"


def test_table_is_right_aligned_under_its_header():
    lines = table("T", ["path", "q"], [["chatter", 52], ["inbound", 7]])
    assert lines == [
        "",
        "T",
        "   path   q",
        "-------  --",
        "chatter  52",
        "inbound   7",
    ]
