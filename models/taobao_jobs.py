# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The addon's background work, in one place.

Jobs call the purchase flow (the sale order's ``_taobao_*`` methods,
``sale_order_taobao_purchase.py``) and the records, never the other way round; the flow
hands work to the jobs only through cron triggers (``sale.order._taobao_wake_queue``).

- *Taobao: purchase queued sale orders* (every 5 minutes, in lanes, woken when an order is
  queued or a lookup falls due): sweeps the intents whose answer was lost, then buys or looks
  up what is due, each order in its own transaction.
- *Taobao: synchronize purchase orders DajiSaaS messaged about* (every minute): reads the
  messages the webhook kept, marks the purchases they name, and synchronizes those; a
  message about a purchase Odoo does not hold marks its unknown outcome for the queue.
- *Taobao: synchronize purchase orders* (hourly): the same, then polls every purchase still
  moving, oldest first, a query page at a time.
- *Taobao: reconcile purchase requests with DajiSaaS* (hourly, ``taobao_reconciliation.py``).
- *Taobao: find catalog matches by picture* (daily, woken by *Find Taobao Matches*):
  searches the picture of each queued product and proposes its best Taobao items.

Every run keeps within a time budget well inside Odoo's cron watchdog and commits as it goes
(never in tests, which run in one transaction); work left is reported to the cron, which
runs again at once.
"""

import logging
import threading
import time
import weakref
from collections import Counter
from datetime import timedelta

from psycopg2 import OperationalError
from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, config

from ..const import STATUSES_TO_SYNC
from ..dajisaas import DajisaasError
from .sale_order_taobao_purchase import MAX_RETRY_DELAY, QUEUE_LANES
from .taobao_purchase_intent import STALE_AFTER

_logger = logging.getLogger(__name__)

BUSY_DELAY = 60
"""Seconds before the job looks again at an order someone else is purchasing."""

QUEUE_RUN_SECONDS = 50.0
"""The longest the runs of one job go on before handing over to the next time it is due."""

SHORT_WAIT = 20.0
"""The longest the purchase job waits, inside its budget, for an order about to fall due."""

RUN_ATTEMPTS = 2
"""How often one run of the purchase job attempts one order: a lookup due at once after a
failed create is made in the same run, but an order due again at once after each attempt
(no retry delay) waits for the next run instead of taking the lane's whole budget."""

CLAIM_TRIES = 3
"""How often a lane reads the next due order again when another lane changed it meanwhile."""

ATTEMPT_MARGIN = 20.0
"""What the job keeps of its budget after such a wait, for the attempt it waited for."""

ANNOUNCE_EVERY = 2.0
"""How long, at most, the purchase job keeps what it did from open forms, besides the attempt
in progress: it tells them once per interval, before it waits and when it stops, not once per
order (each notification of the bus opens a new connection to PostgreSQL)."""

_JOB_STARTED: "weakref.WeakKeyDictionary[object, float]" = weakref.WeakKeyDictionary()
"""When the runs of a job began, by the cron's cursor. Odoo 18 runs a job that reports work
left up to ten times in a row on one cursor, under one watchdog (``ir_cron._run_job``): the
time budget is for all of them together."""


class TaobaoJobs(models.AbstractModel):
    """The addon's background jobs: one cron each (``data/ir_cron_data.xml``), the time
    budget they keep, and the purchase queue's lanes."""

    _name = "taobao.jobs"
    _description = "Taobao Background Jobs"

    @api.model
    def _due_domain(self):
        """Queued orders (confirmed ones only) and unknown outcomes (whatever the order's
        state: what DajiSaaS may have bought must be recorded), whose time has come."""
        return [
            "|",
            "&",
            ("taobao_attempt_state", "=", "queued"),
            ("state", "=", "sale"),
            ("taobao_attempt_state", "=", "unknown"),
            "|",
            ("taobao_next_retry", "=", False),
            ("taobao_next_retry", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _time_budget(self):
        """Seconds the runs of one job may take together: well inside the cron watchdog
        (limit_time_real), which covers every run Odoo makes in a row."""
        limit = config["limit_time_real_cron"]
        if not limit or limit < 0:
            limit = config["limit_time_real"] or 120
        # a quarter: the watchdog covers every job of a cron worker's pass (the purchase
        # queue, the synchronization and the reconciliation may follow one another)
        return max(5.0, min(QUEUE_RUN_SECONDS, limit / 4))

    @api.model
    def _deadline(self):
        """The monotonic time by which this run must hand over: under the cron, the budget
        counts from the first of the runs Odoo makes in a row on this cursor."""
        now, budget = time.monotonic(), self._time_budget()
        if not self.env.context.get("cron_id"):
            return now + budget
        started = _JOB_STARTED.get(self.env.cr)
        if started is None or now - started > 2 * budget:
            started = _JOB_STARTED[self.env.cr] = now
        return started + budget

    @api.model
    def _cron_purchase_queue(self):
        """Purchase what is due, each order in its own transaction, until nothing is due or
        the time budget is spent; never raises. Progress goes to the cron, which runs again
        at once while work remains, and is woken up when the next retry falls due.

        Lanes running at once each take the next due order no other holds
        (:meth:`_claim_next_due`), so they never try the same order."""
        cron_id = self.env.context.get("cron_id")
        if cron_id and cron_id not in self.env["sale.order"]._taobao_queue_lanes().ids:
            return  # a lane whose first lane is archived: the purchase job is paused
        deadline = self._deadline()
        auto_commit = self._auto_commit()
        done = self._sweep_lost_intents()
        requested = self.env["taobao.sync.request"]._take("sale.order")
        busy = self.env["sale.order"]
        for order in self.env["sale.order"].browse(list(requested)).exists():
            # DajiSaaS spoke of this unknown outcome: look it up now (not if being purchased)
            if order.taobao_attempt_state != "unknown":
                continue
            if order._taobao_lock(log=False):
                order.sudo().taobao_next_retry = False
            else:
                busy |= order
        self.env["taobao.sync.request"]._request(busy)
        if auto_commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        attempts = Counter()
        # tests run in one transaction, where an order's lock is this run's: once each
        per_run = RUN_ATTEMPTS if auto_commit else 1
        attempted, announced_at = self.env["sale.order"], time.monotonic()
        while time.monotonic() < deadline:
            excluded = self.env["sale.order"].browse(
                [order_id for order_id, count in attempts.items() if count >= per_run]
            )
            order = self._claim_next_due(excluded)
            if not order:
                # never waited for here: an order this run is done with
                wait = self._seconds_to_next_due(excluded) if auto_commit else None
                # never started so late that one attempt could outlive the budget
                if (
                    wait is None
                    or wait > SHORT_WAIT
                    or (time.monotonic() + wait + ATTEMPT_MARGIN >= deadline)
                ):
                    break
                # a lookup falls due within seconds: wait for it here rather than for the
                # scheduler, which looks at future wake-ups about once a minute
                self._announce(attempted, auto_commit)
                attempted, announced_at = self.env["sale.order"], time.monotonic()
                self.env.cr.commit()  # pylint: disable=invalid-commit
                time.sleep(max(wait, 0.5))
                continue
            attempts[order.id] += 1
            if self._run_isolated(order, auto_commit):
                done += 1
                attempted |= order
            else:
                attempts[order.id] = per_run  # set aside or deferred: not again in this run
            if time.monotonic() - announced_at >= ANNOUNCE_EVERY:
                self._announce(attempted, auto_commit)
                attempted, announced_at = self.env["sale.order"], time.monotonic()
        self._announce(attempted, auto_commit)
        remaining = self.env["sale.order"].search_count(self._due_domain())
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if remaining and time.monotonic() >= deadline:
            # the budget of this series of runs is spent: the next series starts at once
            self.env["sale.order"]._taobao_wake_queue()
        elif remaining:
            # held by another lane or a person, who may yet fail and leave it due
            self.env["sale.order"]._taobao_wake_queue(
                at=fields.Datetime.now() + timedelta(seconds=BUSY_DELAY)
            )
        self._trigger_next_retry()

    @api.model
    def _cron_picture_matches(self, batch=10):
        """Search the pictures of queued products (Find Taobao Matches), each committed on
        its own, until none is queued or the time budget is spent; a run cut short (a
        restart) leaves the rest queued for the next one."""
        deadline = self._deadline()
        auto_commit = self._auto_commit()
        Match = self.env["taobao.picture.match"]
        done, held = 0, []
        while time.monotonic() < deadline:
            matches = Match.search(
                [*Match._due_domain(), ("id", "not in", held)], limit=batch, order="id"
            )
            if not matches:
                break
            for match in matches:
                if time.monotonic() >= deadline:
                    break
                again = self._isolated(
                    lambda match=match: match.with_context(
                        lang=match.company_id._taobao_reader_lang(False)
                    )._taobao_search_picture(),
                    f"match {match.id}",
                    lambda match=match: self._fail_match(match),
                    auto_commit,
                )
                if again is None or again:
                    # set aside, or DajiSaaS failed: it waits for a later run, not this one
                    held.append(match.id)
                else:
                    done += 1
            if not auto_commit:
                break  # tests run in one transaction: one pass
        later = Match.search(
            [("state", "=", "pending"), ("next_try", ">", fields.Datetime.now())],
            order="next_try",
            limit=1,
        )
        if later:  # the job wakes itself when a failed search is due again
            self.env.ref("taobao_purchase.ir_cron_taobao_picture_matches")._trigger(
                at=later.next_try
            )
        remaining = Match.search_count(Match._due_domain())
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _fail_match(self, match):
        """Record on ``match`` that its search met an unexpected error."""
        match.write(
            {
                "state": "failed",
                "error": self.env._("The search met an unexpected error (see the server log)."),
            }
        )

    @api.model
    def _isolated(self, work, label, on_error, auto_commit):
        """``work()``'s result, committed on its own; None when it was rolled back.

        A concurrent transaction changing the same rows (a lane, a person) leaves the
        record for later, quietly. Any other error (an answer breaking a constraint, a bug)
        must not stop the queue behind it: it is logged, and ``on_error()`` records why, in
        a transaction of its own. Tests run in one transaction: there, errors propagate."""
        try:
            result = work()
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            return result
        except OperationalError as error:
            if not auto_commit:
                raise
            self.env.cr.rollback()
            self.env.invalidate_all()
            _logger.info("Taobao %s deferred: %s", label, error)
            return None
        except Exception:
            if not auto_commit:
                raise
            self.env.cr.rollback()
            self.env.invalidate_all()
            _logger.warning("Taobao %s failed", label, exc_info=True)
        try:
            on_error()
            self.env.cr.commit()  # pylint: disable=invalid-commit
        except OperationalError:
            self.env.cr.rollback()  # changed meanwhile by a person or a lane: theirs stands
            self.env.invalidate_all()
        except Exception:
            # recording why must not stop the queue either (the record was deleted, ...)
            self.env.cr.rollback()
            self.env.invalidate_all()
            _logger.warning("Taobao %s: its failure could not be recorded", label, exc_info=True)
        return None

    @api.model
    def _claim_next_due(self, excluded):
        """The next due order but ``excluded``, locked by this transaction until it ends;
        empty when every due order is held elsewhere (another lane, a person) or none is.

        ``FOR NO KEY UPDATE SKIP LOCKED``, the queue idiom: lanes running at once each take
        a different order and never wait for each other. Run first in its transaction, so
        the order is read as committed now."""
        SaleOrder = self.env["sale.order"]
        row = None
        for _try in range(CLAIM_TRIES):
            query = SaleOrder._search(
                [*self._due_domain(), ("id", "not in", excluded.ids)],
                order="taobao_next_retry, id",
                limit=1,
            )
            claim = SQL("%s FOR NO KEY UPDATE SKIP LOCKED", query.select())
            self.env.flush_query(claim)
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(claim, log_exceptions=False)
                    row = self.env.cr.fetchone()
                break
            except SerializationFailure:
                # another lane committed it while this one read: read again, anew
                if not self._auto_commit():
                    break
                self.env.cr.rollback()
                self.env.invalidate_all()
        order = SaleOrder.browse(row[0] if row else ())
        order.invalidate_recordset()  # what an earlier transaction read of it is stale
        return order

    @api.model
    def _run_isolated(self, order, auto_commit):
        """The attempt on ``order``, which this transaction claimed, committed on its own;
        False when it must wait its turn.

        What the attempt writes for people (banner, chatter, activity) is in the language
        of the order's salesperson, not in the job's."""
        lang = order._taobao_reader_lang()
        jobs = self.with_context(lang=lang)
        order = order.with_context(lang=lang)

        return bool(
            jobs._isolated(
                order._taobao_purchase_automatically,
                f"purchase of sale order {order.id}",
                lambda: jobs._set_aside(order),
                auto_commit,
            )
        )

    @api.model
    def _announce(self, orders, auto_commit):
        """Tell open forms that the job changed ``orders`` (``sale.order._taobao_announce``),
        committed on its own when ``auto_commit``. A form left unreloaded must not stop the
        queue: an announcement that fails (PostgreSQL refusing the notification's
        connection) is logged and dropped."""
        if not orders:
            return
        orders._taobao_announce()
        if not auto_commit:
            return
        try:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        except Exception:
            self.env.cr.rollback()
            self.env.invalidate_all()
            _logger.warning("Taobao: open forms were not told of %s", orders, exc_info=True)

    @api.model
    def _set_aside(self, order):
        """Look at ``order`` again only in an hour (its attempt failed unexpectedly)."""
        if order._taobao_lock(log=False):
            order.sudo().write(
                {
                    "taobao_next_retry": fields.Datetime.now() + MAX_RETRY_DELAY,
                    "taobao_last_error": self.env._(
                        "The purchase job met an unexpected error on this order (see the "
                        "server log); it tries again in an hour."
                    ),
                }
            )

    @api.model
    def _next_waiting(self, excluded=None):
        """The queued or unknown order that falls due next, but ``excluded`` (empty when
        none waits)."""
        return self.env["sale.order"].search(
            [
                ("id", "not in", excluded.ids if excluded else []),
                "|",
                "&",
                ("taobao_attempt_state", "=", "queued"),
                ("state", "=", "sale"),
                ("taobao_attempt_state", "=", "unknown"),
                ("taobao_next_retry", ">", fields.Datetime.now()),
            ],
            order="taobao_next_retry",
            limit=1,
        )

    @api.model
    def _seconds_to_next_due(self, excluded=None):
        """Seconds until the next queued or unknown order but ``excluded`` falls due (None:
        none waits)."""
        next_order = self._next_waiting(excluded)
        if not next_order:
            return None
        return (next_order.taobao_next_retry - fields.Datetime.now()).total_seconds()

    @api.model
    def _trigger_next_retry(self):
        """Wake the queue up when the earliest retry falls due, not at the next tick."""
        next_order = self._next_waiting()
        if next_order:
            self.env["sale.order"]._taobao_wake_queue(at=next_order.taobao_next_retry)

    @api.model
    def _auto_commit(self):
        # the idiom of Odoo's own queue crons (mail): tests run in one transaction
        return not getattr(threading.current_thread(), "testing", False)

    @api.model
    def _sweep_lost_intents(self):
        """Turn purchase intents whose outcome was lost (the worker that sent them died
        before recording the answer) into unknown outcomes; return how many."""
        stale = self.env["taobao.purchase.intent"].search(
            [("state", "=", "sending"), ("create_date", "<", fields.Datetime.now() - STALE_AFTER)]
        )
        lost = 0
        for intent in stale:
            if not intent._claim():
                continue  # another purchase lane sweeps it, or has just done so
            order = self.env["sale.order"].browse(intent.sale_order_ref).exists()
            if order and not order._taobao_lock(log=False):
                continue  # the attempt that sent it is still running
            if order and intent._is_lost(order):
                lost += 1
                order._taobao_recover_lost_intent(intent.third_order_ref)
            intent.state = "resolved"
        return lost

    # === PURCHASE QUEUE LANES === #

    @api.model
    def _queue_lane_count(self):
        """How many lanes the purchase job is set to run in: the first, and the others that
        are active (whether the first, their switch, is on or not)."""
        return 1 + sum(
            1
            for xmlid in QUEUE_LANES[1:]
            if (lane := self.env.ref(xmlid, raise_if_not_found=False)) and lane.sudo().active
        )

    @api.model
    def _set_queue_lanes(self, count):
        """Run the purchase queue in ``count`` lanes: the lanes after the first are
        activated or archived; the first, the switch of them all, is left as it is."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators can change the purchase jobs."))
        if not 1 <= count <= len(QUEUE_LANES):
            raise UserError(
                self.env._(
                    "Parallel purchase jobs must be between 1 and %(most)s.",
                    most=len(QUEUE_LANES),
                )
            )
        for number, xmlid in enumerate(QUEUE_LANES, start=1):
            lane = self.env.ref(xmlid, raise_if_not_found=False)
            if lane and number > 1 and lane.active != (number <= count):
                lane.sudo().active = number <= count

    # === SYNCHRONIZATION AND MESSAGES === #

    @api.model
    def _cron_sync(self, limit=None):
        """Synchronize the purchases DajiSaaS messages were about, then poll the others that
        are still moving: all of them, a query page at a time, within the run's time budget.
        What is left is reported to the cron, which runs again at once."""
        self._note_messages()
        requested = self._take_requested_purchases()
        polled = self.env["purchase.order"].search(
            [
                ("is_taobao", "=", True),
                ("taobao_status", "in", STATUSES_TO_SYNC),
                ("id", "not in", requested.ids),
            ],
            limit=limit,
            order="taobao_last_sync asc nulls first, id",
        )
        self._sync_in_pages(requested, polled)

    @api.model
    def _cron_sync_requested(self):
        """Synchronize the purchases DajiSaaS messages were about, every minute.

        Receiving a message only records it (no cron trigger, no notification): a burst
        of messages then costs Odoo no more than their rows, and no message can be missed
        by a run that had already read the others, as a trigger made during a run is
        removed at its end."""
        self._note_messages()
        self._sync_in_pages(self._take_requested_purchases(), self.env["purchase.order"])

    @api.model
    def _take_requested_purchases(self):
        requests = self.env["taobao.sync.request"]._take("purchase.order")
        requested = self.env["purchase.order"].browse(list(requests)).exists()
        requested.filtered(lambda order: requests[order.id])._taobao_flag_refund()
        return requested

    @api.model
    def _sync_in_pages(self, requested, polled):
        """Synchronize ``requested`` first, in every company, then ``polled``, one query page
        at a time, committing each, until the run's time budget is spent; a request not
        served is asked again and the cron is told what is left."""
        deadline = self._deadline()
        synced = self.env["purchase.order"]
        for batch in (requested, polled):
            for company, company_orders in batch.grouped("company_id").items():
                # one query page at a time, so that a slow DajiSaaS never outlives the watchdog
                page_size = company._taobao_dialect().order_query_page_size
                for start in range(0, len(company_orders), page_size):
                    if time.monotonic() >= deadline:
                        break
                    chunk = company_orders[start : start + page_size]
                    try:
                        chunk._taobao_sync()
                    except (DajisaasError, UserError) as error:
                        _logger.warning("Taobao sync for %s failed: %s", company.name, error)
                        break
                    synced |= chunk
                    if self._auto_commit():
                        self.env.cr.commit()  # pylint: disable=invalid-commit
        # a request taken but not served (time out, DajiSaaS failing) is asked again
        self.env["taobao.sync.request"]._request(requested - synced)
        self.env["ir.cron"]._notify_progress(
            done=len(synced), remaining=len((requested | polled) - synced)
        )

    @api.model
    def _note_messages(self):
        """Act upon the DajiSaaS messages received since the last run: each purchase they
        name is marked for synchronization (a message is only a hint: DajiSaaS is asked),
        and a message about a purchase Odoo has not recorded marks the sale order whose
        purchase outcome is unknown, for the purchase job to look up."""
        Receipt = self.env["taobao.message.receipt"]
        notes = Receipt._take_pending()
        by_company = {}
        for receipt_id, company_id, purchase_ref, outer_ref, refund in notes:
            by_company.setdefault(company_id, []).append(
                (receipt_id, purchase_ref, outer_ref, refund)
            )
        requests = self.env["taobao.sync.request"]
        for company_id, company_notes in by_company.items():
            company = self.env["res.company"].browse(company_id).exists()
            if not company:
                continue  # deleted since: its messages are about nothing Odoo holds
            orders = self.env["purchase.order"].search(
                [
                    ("company_id", "=", company.id),
                    ("taobao_purchase_ref", "in", [n[1] for n in company_notes if n[1]]),
                ]
            )
            by_ref = {order.taobao_purchase_ref: order for order in orders}
            refunded = self.env["purchase.order"]
            unknown_outer_refs = set()
            waiting = []
            for receipt_id, purchase_ref, outer_ref, refund in company_notes:
                order = by_ref.get(purchase_ref)
                if order and refund:
                    refunded |= order
                elif not order and purchase_ref:
                    # kept until Odoo records that purchase, its refund included
                    waiting.append(receipt_id)
                if not order and outer_ref:
                    unknown_outer_refs.add(outer_ref)
            requests._request(orders - refunded)
            requests._request(refunded, refund=True)
            if waiting:
                Receipt.browse(waiting).write({"waiting": True})
                self.env["sale.order"]._taobao_reconcile_cron()._trigger()
            if unknown_outer_refs:
                self.env["sale.order"]._taobao_note_unknown_outcomes(company, unknown_outer_refs)
