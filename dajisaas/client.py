"""HTTP client of the DajiSaaS Taobao API."""

import base64
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from . import endpoints
from .answer_shapes import find_payload
from .catalog_responses import BunkerItem, ItemDetail, SearchPage
from .conventions import ITEM_RESOURCE, MAX_PAY_BATCH, MAX_SEARCH_PAGE_SIZE
from .dialect import (
    GET_SIGNING_VARIANTS,
    ORDER_QUERIES,
    POST_SIGNING_VARIANTS,
    Dialect,
    PostSigning,
)
from .direct_parse import validate_plain_answer
from .envelope import Envelope, parse_envelope, raise_for_data_failure
from .errors import (
    AuthenticationError,
    BusinessError,
    ConnectionFailed,
    CreateOutcomeUnknown,
    DajisaasError,
    EnvelopeError,
    HttpStatusError,
    MalformedResponseError,
    NotFoundError,
    ParameterError,
    PayOutcomeUnknown,
    RequestTimeout,
    TransportError,
    UnavailableSkuError,
)
from .exchange import Exchange, without_bulk
from .image_search import (
    IMAGE_CATEGORIES,
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PAGE_NO,
    MAX_IMAGE_PAGE_SIZE,
    PROBE_PICTURE,
    ImageSearchPage,
    PictureError,
    UploadedImage,
    image_format,
)
from .order_requests import CreateOrderRequest, PreviewRequest
from .order_responses import (
    CancelResult,
    CreateOrderResult,
    OrderQueryPage,
    PayBatchAnswer,
    PayResult,
    PreviewResult,
    QueriedPurchaseOrder,
)
from .read_deadline import ReadDeadline
from .redaction import Redactor, install_credential_log_filter, redact_mapping
from .signing import post_string_to_sign, sign_post, sign_query_params, string_to_sign
from .tolerant_model import TolerantModel, lookup

_logger = logging.getLogger(__name__)

SigningMode = Literal["signed", "debug"]
SIGNING_MODES = ("signed", "debug")

RETRYABLE_HTTP_STATUSES = frozenset({502, 503, 504})
EXCHANGE_BODY_LIMIT = 20_000
MAX_ANSWER_BYTES = 5 * 2**20
"""The largest answer read (5 MiB; a 320-SKU item is about 200 KiB): a bigger one is refused
before it fills a worker's memory."""
CONNECTION_CHECK_KEYWORD = "dress"  # any word Taobao finds items for: a hit has a picture
CONNECTION_CHECK_THIRD_ORDER_ID = "odoo-connection-check-{}"
CONNECTION_CHECK_PURCHASE_ID = 1
SECRET_MASK = "<appSecret>"
SIGNING_REFUSAL_WORDS = (
    "sign",
    "签名",
    "appkey",
    "secret",
    "密钥",
    "鉴权",
    "auth",
    "requesttime",
    "timestamp",
)
"""Words of a refusal that speak of the credentials: its signing variant may be wrong."""
MAX_QUERY_PAGES = 20
"""The most order query pages one call reads (1,000 orders at 50 per page): an answer whose
total never comes cannot make one action send calls without end."""

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def _may_have_been_sent(exc: BaseException) -> bool:
    """Tell whether a connection error may have happened after the request was sent.

    Only a failure to open the connection (refused, DNS, connect timeout) proves that
    nothing was sent; a reset or an aborted answer may come after the server acted.
    """
    pending: list[object] = [exc]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if id(item) in seen or not isinstance(item, BaseException):
            continue
        seen.add(id(item))
        if isinstance(item, NewConnectionError | ConnectTimeoutError):
            return False
        if isinstance(item, MaxRetryError):
            pending.append(item.reason)
        pending.extend(item.args)
        pending.append(item.__cause__)
        pending.append(item.__context__)
    return True


class DajisaasClient:
    """Client of the DajiSaaS Taobao purchase API (one instance per set of credentials).

    :param base_url: server root, e.g. ``https://openapi.dajisaas.com``.
    :param signing_mode: ``"signed"`` (production: MD5 ``sign``, the secret is never sent)
        or ``"debug"`` (``appSecret`` sent in clear, as the docs allow while testing).
    :param timeout: seconds, or ``(connect, read)`` seconds, for every HTTP attempt.
    :param max_retries: extra attempts for reads (GETs and the order query) after a
        network error or HTTP 502/503/504. Orders, payments, cancels and previews are
        never re-sent automatically.
    :param backoff: first retry delay in seconds, doubled at each further retry.
    :param on_exchange: called with a redacted :class:`Exchange` after every HTTP attempt,
        failed ones included; an exception raised by it is logged and ignored.
    :param session: a ``requests.Session`` to use (the caller then closes it).
    :param dialect: the choices made where the DajiSaaS docs are silent (``dialect``).

    Every method raises a :class:`DajisaasError` subclass on failure.
    """

    def __init__(
        self,
        base_url: str,
        app_key: str,
        app_secret: str,
        *,
        signing_mode: SigningMode = "signed",
        timeout: float | tuple[float, float] = (5, 30),
        max_retries: int = 2,
        backoff: float = 0.5,
        on_exchange: Callable[[Exchange], None] | None = None,
        session: requests.Session | None = None,
        dialect: Dialect | None = None,
    ):
        if urlsplit(base_url or "").scheme not in ("http", "https"):
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        if not app_key or not app_secret:
            raise ValueError("app_key and app_secret are required")
        if signing_mode not in SIGNING_MODES:
            raise ValueError(f"signing_mode must be one of {SIGNING_MODES}")
        if max_retries < 0 or backoff < 0:
            raise ValueError("max_retries and backoff cannot be negative")
        self.base_url = base_url.rstrip("/")
        self.app_key = app_key
        self._app_secret = app_secret
        self.signing_mode = signing_mode
        self.timeout: tuple[float, float] = (
            timeout if isinstance(timeout, tuple) else (timeout, timeout)
        )
        """(connect, read) seconds each request waits at most."""
        self.max_retries = max_retries
        self.backoff = backoff
        self._on_exchange = on_exchange
        self.dialect = dialect or Dialect()
        self._owns_session = session is None
        self._session = session if session is not None else self.new_session()
        self._redact = Redactor([app_secret])
        install_credential_log_filter()

    def __repr__(self) -> str:
        return f"<DajisaasClient {self.base_url} appKey={self.app_key} {self.signing_mode}>"

    @staticmethod
    def new_session() -> requests.Session:
        """A session configured as the client wants one (no automatic retry, JSON), to share
        between clients: its open connections spare a TLS handshake per call."""
        session = requests.Session()
        # Never let urllib3 re-send a request on its own: retries are decided here.
        adapter = HTTPAdapter(max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["Accept"] = "application/json"
        return session

    def close(self) -> None:
        """Close the HTTP session if the client created it."""
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> "DajisaasClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- Catalog -----------------------------------------------------------------------

    def search_items(
        self, keyword: str, page_no: int = 1, page_size: int = 20, language: str | None = None
    ) -> SearchPage:
        """Search Taobao items by keyword (Chinese or English).

        ``page_size`` above :data:`~.conventions.MAX_SEARCH_PAGE_SIZE` is lowered to it.
        Walk pages while :attr:`SearchPage.has_more`.
        """
        keyword = (keyword or "").strip()
        if not keyword:
            raise ValueError("keyword must not be empty")
        if page_no < 1 or page_size < 1:
            raise ValueError("page_no and page_size must be at least 1")
        page_size = min(page_size, MAX_SEARCH_PAGE_SIZE)
        params = {"keyword": keyword, "page_no": page_no, "page_size": page_size}
        if language:
            params["language"] = language

        def parse(envelope: Envelope) -> SearchPage:
            data = envelope.data
            if isinstance(data, list):
                data = {"data": data}
            payload = self._payload("search", data, endpoints.SEARCH_ITEMS, envelope.trace_id)
            data = {"pageNo": page_no, "pageSize": page_size, **payload}
            page = self._model(SearchPage, data, endpoints.SEARCH_ITEMS, envelope.trace_id)
            # never more than the page asked for: each result may cost a call of its own
            return page.model_copy(
                update={
                    "page_no": page_no,
                    "page_size": page_size,
                    "items": page.items[:page_size],
                }
            )

        return self._call("GET", endpoints.SEARCH_ITEMS, params, parse, retry=True)

    def get_item(self, item_id: int | str) -> ItemDetail:
        """Return the detail of a Taobao item (Taobao ids, prices in fen)."""
        return self._call(
            "GET",
            endpoints.GET_ITEM,
            {"item_id": _positive_id(item_id, "item_id"), "item_resource": ITEM_RESOURCE},
            self._shaped_parser("item", ItemDetail, endpoints.GET_ITEM),
            retry=True,
            direct=ItemDetail,
        )

    def get_bunker(self, item_id: int | str) -> BunkerItem:
        """Return the distribution ids (``mpId``, ``mpSkuId``) of a Taobao item.

        :raises UnavailableSkuError: the item is not open to distribution.
        """
        return self._call(
            "GET",
            endpoints.GET_BUNKER,
            {"item_id": _positive_id(item_id, "item_id")},
            self._shaped_parser("bunker", BunkerItem, endpoints.GET_BUNKER),
            retry=True,
            business_error=UnavailableSkuError,
            direct=BunkerItem,
        )

    # --- Search by picture ---------------------------------------------------------------

    def upload_image(self, image: bytes | None = None, pic_url: str | None = None) -> str:
        """Upload a picture for :meth:`search_by_image_id`: its bytes (a JPG, PNG or WEBP
        file of at most :data:`~.image_search.MAX_IMAGE_BYTES`) or an address DajiSaaS
        fetches itself; return the ``imageId`` DajiSaaS gives it.

        :raises PictureError: a picture DajiSaaS would refuse (nothing is sent)
        :raises ValueError: neither or both given, or an address that is not http(s)
        """
        if (image is None) == (pic_url is None):
            raise ValueError("give the picture's bytes or its address, not both")
        if image is not None:
            if not image_format(image):
                raise PictureError("the picture must be a JPG, PNG or WEBP file")
            if len(image) > MAX_IMAGE_BYTES:
                raise PictureError(f"the picture must be at most {MAX_IMAGE_BYTES} bytes")
            payload = {"image_base64": base64.b64encode(image).decode("ascii")}
        else:
            payload = {"pic_url": _picture_address(pic_url)}
        uploaded = self._call(
            "POST",
            endpoints.UPLOAD_IMAGE,
            payload,
            self._shaped_parser("upload", UploadedImage, endpoints.UPLOAD_IMAGE),
            retry=True,
        )
        if not uploaded.image_id.strip():
            raise MalformedResponseError(endpoint=endpoints.UPLOAD_IMAGE).because(
                "unexpected_shape", endpoint=endpoints.UPLOAD_IMAGE, where=" (empty imageId)"
            )
        return uploaded.image_id

    def search_by_image_url(
        self,
        pic_url: str,
        category_id: int | None = None,
        crop: bool = False,
        page_no: int = 0,
        page_size: int = MAX_IMAGE_PAGE_SIZE,
    ) -> ImageSearchPage:
        """Taobao items that look like the picture at ``pic_url`` (image search V2.0), best
        first: one page (numbered from 0) of at most 20.

        :param category_id: one of :data:`~.image_search.IMAGE_CATEGORIES`; None lets
            DajiSaaS guess
        :param crop: look only at the picture's main subject
        """
        if category_id is not None and category_id not in IMAGE_CATEGORIES:
            raise ValueError(f"unknown picture category {category_id!r}")
        if not 0 <= page_no <= MAX_IMAGE_PAGE_NO or page_size < 1:
            raise ValueError(f"page_no must be 0 to {MAX_IMAGE_PAGE_NO}, page_size at least 1")
        page_size = min(page_size, MAX_IMAGE_PAGE_SIZE)
        params: dict[str, object] = {
            "picUrl": _picture_address(pic_url),
            "pageNo": page_no,
            "pageSize": page_size,
        }
        if category_id is not None:
            params["categoryId"] = category_id
        if crop:
            params["crop"] = "true"
        return self._call(
            "GET",
            endpoints.IMAGE_SEARCH_V2,
            params,
            self._image_search_parser(endpoints.IMAGE_SEARCH_V2, page_no, page_size),
            retry=True,
        )

    def search_by_image_id(self, image_id: str, language: str | None = None) -> ImageSearchPage:
        """Taobao items that look like an uploaded picture (image search V1.0), best first:
        one list, without paging."""
        image_id = (image_id or "").strip()
        if not image_id:
            raise ValueError("image_id must not be empty")
        params = {"image_id": image_id}
        if language:
            params["language"] = language
        return self._call(
            "GET",
            endpoints.IMAGE_SEARCH_V1,
            params,
            self._image_search_parser(endpoints.IMAGE_SEARCH_V1, None, None),
            retry=True,
        )

    def _image_search_parser(
        self, endpoint: str, page_no: int | None, page_size: int | None
    ) -> Callable[[Envelope], ImageSearchPage]:
        """Hits wherever the answer holds their list; a V1.0 list is one unpaged page."""

        def parse(envelope: Envelope) -> ImageSearchPage:
            data = envelope.data
            if isinstance(data, list):
                data = {"data": data}
            payload = self._payload("image_search", data, endpoint, envelope.trace_id)
            hits = lookup(payload, "data", "items", "list")
            count = len(hits) if isinstance(hits, list) else 0
            page = {
                **payload,
                "pageNo": page_no or 0,
                "pageSize": page_size or count,
                "paged": page_no is not None,
            }
            found = self._model(ImageSearchPage, page, endpoint, envelope.trace_id)
            if page_size is not None:  # never more than the page asked for
                return found.model_copy(update={"hits": found.hits[:page_size]})
            return found

        return parse

    # --- Orders ------------------------------------------------------------------------

    def preview_order(self, request: PreviewRequest) -> PreviewResult:
        """Return the price, shipping fee and unavailable SKUs of a prospective order."""
        if not isinstance(request, PreviewRequest):
            raise TypeError("preview_order expects a PreviewRequest")

        def parse(envelope: Envelope) -> PreviewResult:
            endpoint, trace_id = endpoints.PREVIEW_ORDER, envelope.trace_id
            payload = self._payload("render", envelope.data, endpoint, trace_id)
            return self._validated(PreviewResult.from_api, payload, endpoint, trace_id)

        return self._call("POST", endpoints.PREVIEW_ORDER, request.to_body(), parse)

    def create_order(self, request: CreateOrderRequest) -> CreateOrderResult:
        """Create the purchase orders (one per supplier). Never retried automatically.

        Creating is idempotent on ``third_order_id`` at DajiSaaS: after a
        :class:`TransportError` with ``outcome_unknown``, call :meth:`find_order` (or
        create again with the same ``third_order_id``) instead of a new id.

        :raises BusinessError: the order was refused (``data.success`` false);
            :class:`UnavailableSkuError` when a SKU is out of stock or unknown.
        """
        if not isinstance(request, CreateOrderRequest):
            raise TypeError("create_order expects a CreateOrderRequest")

        def parse(envelope: Envelope) -> CreateOrderResult:
            data = self._mapping(envelope, endpoints.CREATE_ORDER)
            result = self._model(CreateOrderResult, data, endpoints.CREATE_ORDER, None)
            if not _accounts_for_every_line(result, request.line_numbers):
                # "success" without saying what became of every line (orders under a key
                # this addon does not know, or none): never read it as "nothing was bought"
                raise CreateOutcomeUnknown(
                    body_excerpt=self._redact(repr(data)[:300]),
                    endpoint=endpoints.CREATE_ORDER,
                    trace_id=envelope.trace_id,
                ).because("create_unreadable")
            return result.model_copy(update={"trace_id": envelope.trace_id})

        return self._call(
            "POST", endpoints.CREATE_ORDER, request.to_body(), parse, state_changing=True
        )

    def query_orders(
        self,
        *,
        third_order_id: str | None = None,
        purchase_ids: Iterable[int] | None = None,
    ) -> list[QueriedPurchaseOrder]:
        """Return the purchase orders of a ``third_order_id`` and/or of ``purchase_ids``.

        All pages are fetched, up to :data:`MAX_QUERY_PAGES`. An unknown ``third_order_id``
        gives an empty list. Orders the answer carries that were not asked for (another
        ``outer_purchase_id``, a purchase id not asked for) are left out and logged: a server
        that ignores a filter parameter must not make another sale's purchases look like
        these. :meth:`find_order` returns them to its caller instead.

        :raises MalformedResponseError: an answer in a shape this client does not know (never
            read as "no orders").
        """
        lookup_result = self._lookup(third_order_id, purchase_ids, ())
        if lookup_result.foreign:
            _logger.warning(
                "DajiSaaS answered a query for %s with orders not asked for: %s",
                third_order_id or "purchase ids",
                ", ".join(lookup_result.foreign_descriptions()),
            )
        return lookup_result.orders

    def find_order(self, third_order_id: str, also: Iterable[str] = ()) -> "OrderLookup":
        """Look up what DajiSaaS holds for ``third_order_id``.

        This is how to learn whether a create whose outcome is unknown went through. An order
        whose ``outer_purchase_id`` is ``third_order_id``, one of ``also`` (the outer ids
        DajiSaaS answered for it before) or missing is the id's; any other order the answer
        carries is returned apart (:attr:`OrderLookup.foreign`), never dropped: DajiSaaS may
        write the outer id its own way.
        """
        if not third_order_id:
            raise ValueError("third_order_id must not be empty")
        return self._lookup(str(third_order_id), None, also)

    def _lookup(
        self,
        third_order_id: str | None,
        purchase_ids: Iterable[int] | None,
        also: Iterable[str],
    ) -> "OrderLookup":
        third_order_id = str(third_order_id) if third_order_id else None
        ids = [_positive_id(purchase_id, "purchase_id") for purchase_id in purchase_ids or ()]
        if not third_order_id and not ids:
            raise ValueError("give a third_order_id or purchase_ids")
        query = self.dialect.query
        body: dict[str, object] = {}
        if third_order_id:
            body[query.third_order_id_field] = third_order_id
        if ids:
            body[query.purchase_ids_field] = ids
        page_size = self.dialect.order_query_page_size

        answered: dict[int, QueriedPurchaseOrder] = {}
        for page_no in range(1, MAX_QUERY_PAGES + 2):
            if page_no > MAX_QUERY_PAGES:
                # what was read is not all DajiSaaS holds: never taken for the whole answer
                raise MalformedResponseError(
                    endpoint=query.path,
                ).because(
                    "unexpected_shape",
                    endpoint=query.path,
                    where=f"the query did not end within {MAX_QUERY_PAGES} pages",
                )
            page = self._call(
                "POST",
                query.path,
                {**body, "page_no": page_no, "page_size": page_size},
                self._parse_query_page,
                retry=True,
            )
            # never more than a page: an answer cannot make one call hold any number of orders
            new = [o for o in page.orders[:page_size] if o.purchase_id not in answered]
            answered.update((order.purchase_id, order) for order in new)
            if page.results_total is not None:
                # the server may cap pages below what was asked: the total says when to stop
                if len(answered) >= page.results_total or not new:
                    break
            elif len(page.orders) < page_size or not new:
                break
        return _sorted_out(list(answered.values()), third_order_id, set(ids), also)

    def cancel_order(
        self,
        purchase_id: int | str,
        sub_purchase_order_ids: Iterable[int | str] = (),
        reason: str = "",
        remark: str = "",
    ) -> CancelResult:
        """Ask DajiSaaS to cancel a purchase order, or only some of its sub-orders.

        The cancel is asynchronous: the order reaches ``TRADE_CLOSED`` later.

        :raises BusinessError: the order cannot be cancelled in its current status.
        """
        body = {
            "purchase_id": str(_positive_id(purchase_id, "purchase_id")),
            "sub_purchase_orderId_list": [
                str(_positive_id(sub_id, "sub_purchase_order_id"))
                for sub_id in sub_purchase_order_ids
            ],
            "cancel_reason": reason,
            "cancel_remark": remark,
        }
        return self._call(
            "POST",
            endpoints.CANCEL_ORDER,
            body,
            self._parser(CancelResult, endpoints.CANCEL_ORDER),
            state_changing=True,
        )

    def pay_orders(self, purchase_ids: Iterable[int | str]) -> PayResult:
        """Pay purchase orders from the DajiSaaS account, in batches of ``MAX_PAY_BATCH``.

        Payment is accepted asynchronously; confirm it with :meth:`query_orders`. Batches
        are sent in order and never re-sent; if one fails, the error is raised and the
        later batches are not sent (earlier ones may already be paid: query them).
        """
        ids = list(dict.fromkeys(_positive_id(pid, "purchase_id") for pid in purchase_ids))
        answers = [
            self._call(
                "POST",
                endpoints.PAY_ORDERS,
                {"purchaseOrderIdList": ids[start : start + MAX_PAY_BATCH]},
                self._parse_pay_answer,
                state_changing=True,
            )
            for start in range(0, len(ids), MAX_PAY_BATCH)
        ]
        return PayResult.merge(answers, ids)

    def check_connection(self) -> "ConnectionReport":
        """Find out, with read-only calls, how this server wants to be spoken to.

        A one-item search (GET) checks the URL and the appKey, and the GET signing: when it
        is refused in any way that speaks of the credentials (an envelope code 401, HTTP
        401/403, or any code whose message names the sign, the appKey or the secret), every
        known GET signing variant is tried. An order query for a thirdOrderId that cannot
        exist (POST) checks the POST signing the same way, then the order query dialects.
        Nothing is retried automatically and nothing is bought. Every attempt is kept in the
        report (:attr:`ConnectionReport.attempts`) for DajiSaaS support.

        :raises DajisaasError: the GET failed for another reason (URL, network): the precise
            reason the connection does not work.
        """
        report = ConnectionReport(dialect=self.dialect)
        probe = self._recording(report)
        probe._check_signing(report)
        if report.get_accepted or self.signing_mode == "debug":
            probe._with_dialect(report.dialect)._probe_pictures(report)
        return report

    def _check_signing(self, report: "ConnectionReport") -> None:
        if self.signing_mode == "debug":
            report.picture_address = self._search_probe()
            # the appSecret travels in clear: no signing to find out
            report.post_accepted = self._probe_query(report, self.dialect)
            return
        get_variants = [self.dialect.get_signing] + [
            code for code in GET_SIGNING_VARIANTS if code != self.dialect.get_signing
        ]
        for code in get_variants:
            candidate = self._with_dialect(report.dialect.with_get_signing(code))
            try:
                report.picture_address = candidate._search_probe()
            except DajisaasError as error:
                if not _is_signing_refusal(error):
                    raise
                report.last_error = error
                continue
            report.dialect = candidate.dialect
            report.get_accepted = True
            report.last_error = None
            break
        variants = [self.dialect.post_signing] + [
            code for code in POST_SIGNING_VARIANTS if code != self.dialect.post_signing
        ]
        for code in variants:
            dialect = report.dialect.with_post_signing(code)
            report.signing_tried.append(code)
            if self._probe_query(report, dialect):
                report.post_accepted = True
                return
            if not _is_signing_refusal(report.last_error):
                return

    def _probe_pictures(self, report: "ConnectionReport") -> None:
        """Which search by picture answers: V1.0 (a tiny picture uploaded, then searched by
        its id) once POST is accepted, else V2.0 by the address of the picture the search
        probe found. Neither answering leaves ``picture_search`` None; no error is raised."""
        address = report.picture_address
        if report.post_accepted and _answers(
            lambda: self.search_by_image_id(self.upload_image(PROBE_PICTURE))
        ):
            report.picture_search = "upload"
        elif address and _answers(lambda: self.search_by_image_url(address, page_size=1)):
            report.picture_search = "address"

    def _search_probe(self) -> str | None:
        """A one-item search; the address of its hit's picture, if it reads as one."""
        return self._call(
            "GET",
            endpoints.SEARCH_ITEMS,
            {"keyword": CONNECTION_CHECK_KEYWORD, "page_no": 1, "page_size": 1},
            lambda envelope: _first_picture(envelope.data),
        )

    def _recording(self, report: "ConnectionReport") -> "DajisaasClient":
        """A copy of this client that also keeps every exchange in ``report.attempts``."""
        clone = self._with_dialect(self.dialect)
        hook = self._on_exchange

        def record(exchange: Exchange) -> None:
            report.attempts.append(exchange)
            if hook is not None:
                hook(exchange)

        clone._on_exchange = record
        return clone

    def _probe_query(self, report: "ConnectionReport", dialect: Dialect) -> bool:
        """One order query per order query dialect, until one is understood."""
        names = [dialect.order_query] + [n for n in ORDER_QUERIES if n != dialect.order_query]
        probe_id = CONNECTION_CHECK_THIRD_ORDER_ID.format(int(time.time()))
        for name in names:
            candidate = dialect.with_order_query(name)
            probe = self._with_dialect(candidate)
            try:
                foreign = probe._query_answer(probe_id)
            except DajisaasError as error:
                if _is_signing_refusal(error) or not isinstance(
                    error, NotFoundError | ParameterError | HttpStatusError
                ):
                    report.last_error = error
                    return False
                report.last_error = error
                if isinstance(error, HttpStatusError) and error.status_code != 404:
                    return False
                continue
            report.dialect = candidate
            report.last_error = None
            report.foreign_orders, report.query_shape_recognised = foreign
            return True
        return False

    def _query_answer(self, third_order_id: str) -> tuple[int, bool]:
        """Send one query page; return how many orders answered that were not asked for, and
        whether the answer had a known shape.

        The body carries a list (a purchase id that does not exist) besides the scalars, so
        that signing variants which differ only on non-scalar fields are told apart.
        """
        query = self.dialect.query
        ids = [CONNECTION_CHECK_PURCHASE_ID]
        body = {
            query.third_order_id_field: third_order_id,
            query.purchase_ids_field: ids,
            "page_no": 1,
            "page_size": 1,
        }
        recognised: list[bool] = []

        def parse(envelope: Envelope) -> OrderQueryPage:
            recognised.append(find_payload("query", envelope.data) is not None)
            return self._parse_probe_page(envelope)

        page = self._call("POST", query.path, body, parse)
        foreign = len(_sorted_out(page.orders, third_order_id, set(ids), ()).foreign)
        return foreign, recognised[0]

    def _with_dialect(self, dialect: Dialect) -> "DajisaasClient":
        clone = object.__new__(DajisaasClient)
        clone.__dict__.update(self.__dict__)
        clone.dialect = dialect
        clone._owns_session = False
        return clone

    # --- Parsing helpers ---------------------------------------------------------------

    def _payload(
        self, answer: str, data: object, endpoint: str, trace_id: str | None
    ) -> Mapping[str, Any]:
        payload = find_payload(answer, data)
        if payload is None:
            raise MalformedResponseError(
                body_excerpt=self._redact(repr(data)[:300]),
                endpoint=endpoint,
                trace_id=trace_id,
            ).because("unexpected_shape", endpoint=endpoint, where="")
        return payload

    def _shaped_parser(
        self, answer: str, model: type[M], endpoint: str
    ) -> Callable[[Envelope], M]:
        def parse(envelope: Envelope) -> M:
            payload = self._payload(answer, envelope.data, endpoint, envelope.trace_id)
            return self._model(model, payload, endpoint, envelope.trace_id)

        return parse

    def _parse_query_page(self, envelope: Envelope) -> OrderQueryPage:
        """One query page; an answer with none of the query's keys is an unknown shape, never
        "no orders" (what would then be bought again may be bought already)."""
        endpoint = self.dialect.query.path
        data = self._mapping(envelope, endpoint)
        payload = self._payload("query", data, endpoint, envelope.trace_id)
        return self._model(OrderQueryPage, payload, endpoint, envelope.trace_id)

    def _parse_probe_page(self, envelope: Envelope) -> OrderQueryPage:
        """A Test Connection query page: an unknown shape is reported, not raised."""
        data = self._mapping(envelope, self.dialect.query.path)
        payload = find_payload("query", data)
        if payload is None:
            inner = lookup(data, "data")
            payload = inner if isinstance(inner, Mapping) else data
        return self._model(OrderQueryPage, payload, self.dialect.query.path, envelope.trace_id)

    def _parse_pay_answer(self, envelope: Envelope) -> PayBatchAnswer:
        """A pay answer in a shape this client does not know means "outcome unknown".

        The payment may have been accepted: the caller must look the orders up, never
        conclude that nothing was paid.
        """
        payload = find_payload("pay", envelope.data)
        if payload is None:
            raise PayOutcomeUnknown(
                body_excerpt=self._redact(repr(envelope.data)[:300]),
                endpoint=endpoints.PAY_ORDERS,
                trace_id=envelope.trace_id,
            ).because("pay_unknown")
        return self._model(PayBatchAnswer, payload, endpoints.PAY_ORDERS, envelope.trace_id)

    def _parser(self, model: type[M], endpoint: str) -> Callable[[Envelope], M]:
        def parse(envelope: Envelope) -> M:
            data = self._mapping(envelope, endpoint)
            return self._model(model, data, endpoint, envelope.trace_id)

        return parse

    def _mapping(self, envelope: Envelope, endpoint: str) -> Mapping[str, Any]:
        if not isinstance(envelope.data, Mapping):
            raise MalformedResponseError(
                body_excerpt=self._redact(repr(envelope.data)[:300]),
                endpoint=endpoint,
                trace_id=envelope.trace_id,
            ).because("no_data", endpoint=endpoint)
        return envelope.data

    def _model(self, model: type[M], data: object, endpoint: str, trace_id: str | None) -> M:
        return self._validated(model.model_validate, data, endpoint, trace_id)

    def _validated(
        self, build: Callable[[Any], T], data: object, endpoint: str, trace_id: str | None
    ) -> T:
        try:
            return build(data)
        except (ValidationError, ValueError, TypeError) as exc:
            where = ""
            if isinstance(exc, ValidationError):
                first = exc.errors(include_input=False, include_url=False)[0]
                where = f" (first problem: {'.'.join(map(str, first['loc']))}: {first['msg']})"
            raise MalformedResponseError(
                body_excerpt=self._redact(repr(data)[:300]),
                endpoint=endpoint,
                trace_id=trace_id,
            ).because("unexpected_shape", endpoint=endpoint, where=where.strip(" ()")) from None

    # --- HTTP --------------------------------------------------------------------------

    def _authenticate(
        self, method: str, payload: Mapping[str, object]
    ) -> tuple[dict[str, Any], dict[str, Any], str | None]:
        """Return ``(body_or_query, extra_query, string_to_sign)``: what is sent, credentials
        included, and the text its sign covers with the secret masked."""
        if self.signing_mode == "debug":
            request = dict(payload)
            if method == "GET":
                request = {key: value for key, value in request.items() if value is not None}
            return {**request, "appKey": self.app_key, "appSecret": self._app_secret}, {}, None
        if method == "GET":
            variant = self.dialect.get
            query = sign_query_params(payload, self.app_key, self._app_secret, variant)
            return query, {}, string_to_sign(query, SECRET_MASK, variant.sign_text)
        request_time_ms = time.time_ns() // 10**6
        variant_post = PostSigning.from_code(self.dialect.post_signing)
        body, query = sign_post(
            payload, self.app_key, self._app_secret, request_time_ms, variant_post
        )
        text = post_string_to_sign(
            payload, self.app_key, SECRET_MASK, request_time_ms, variant_post
        )
        return body, query, text

    def _call(
        self,
        method: str,
        endpoint: str,
        payload: Mapping[str, object],
        parse: Callable[[Envelope], T],
        *,
        retry: bool = False,
        state_changing: bool = False,
        business_error: type[BusinessError] = BusinessError,
        direct: type[TolerantModel] | None = None,
    ) -> T:
        """Send the request (retried when ``retry``) and return what ``parse`` makes of it.

        :param direct: the model of a plain answer, validated straight from its body
            (:mod:`.direct_parse`); any other answer goes through ``parse``.
        """
        attempts = 1 + (self.max_retries if retry else 0)
        for attempt in range(1, attempts + 1):
            try:
                return self._attempt(
                    method,
                    endpoint,
                    payload,
                    parse,
                    attempt,
                    state_changing,
                    business_error,
                    direct,
                )
            except (TransportError, HttpStatusError) as exc:
                retryable = isinstance(exc, TransportError) or (
                    exc.status_code in RETRYABLE_HTTP_STATUSES
                )
                if attempt >= attempts or not retryable:
                    raise
                delay = self.backoff * 2 ** (attempt - 1)
                _logger.warning(
                    "DajiSaaS %s %s failed (%s), retry %d of %d in %.2f s",
                    method,
                    endpoint,
                    type(exc).__name__,
                    attempt,
                    attempts - 1,
                    delay,
                )
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(
        self,
        method: str,
        endpoint: str,
        payload: Mapping[str, object],
        parse: Callable[[Envelope], T],
        attempt: int,
        state_changing: bool,
        business_error: type[BusinessError],
        direct: type[TolerantModel] | None = None,
    ) -> T:
        url = self.base_url + endpoint
        request, query, signed_text = self._authenticate(method, payload)
        status_code: int | None = None
        body = ""
        trace_id: str | None = None
        error: str | None = None
        started = time.monotonic()
        try:
            try:
                # never follow a redirect: it would re-send the signed body (in debug mode,
                # the appSecret) to another host and take its answer as DajiSaaS's
                if method == "GET":
                    response = self._session.get(
                        url,
                        params=request,
                        timeout=self.timeout,
                        allow_redirects=False,
                        stream=True,
                    )
                else:
                    response = self._session.post(
                        url,
                        params=query or None,
                        json=request,
                        timeout=self.timeout,
                        allow_redirects=False,
                        stream=True,
                    )
                status_code = response.status_code
                body = self._read_body(response, started, endpoint).decode(
                    "utf-8", errors="replace"
                )
            except requests.RequestException as exc:
                # The exception text holds the URL, hence the signed query: not chained.
                raise self._transport_error(exc, endpoint, state_changing) from None
            if response.is_redirect or 300 <= status_code < 400:
                target = urlsplit(response.headers.get("location", ""))
                location = f"{target.scheme}://{target.netloc}{target.path}"
                raise HttpStatusError(
                    status_code=status_code,
                    endpoint=endpoint,
                ).because("redirect", status=status_code, target=location)
            if direct is not None and status_code == 200:
                plain = validate_plain_answer(body, direct)
                if plain is not None:
                    answer, trace_id = plain
                    return answer  # type: ignore[return-value]
            envelope = parse_envelope(endpoint, status_code, body, self._redact, business_error)
            trace_id = envelope.trace_id
            raise_for_data_failure(endpoint, envelope.data, trace_id, self._redact)
            return parse(envelope)
        except DajisaasError as exc:
            error = exc.user_message
            trace_id = exc.trace_id or trace_id
            raise
        finally:
            self._record(
                Exchange(
                    method=method,
                    endpoint=endpoint,
                    url_without_query=url,
                    request=without_bulk(redact_mapping({**request, **query})),
                    response_body=self._redact(body[:EXCHANGE_BODY_LIMIT]),
                    status_code=status_code,
                    duration_ms=round((time.monotonic() - started) * 1000),
                    trace_id=trace_id,
                    error=error,
                    attempt=attempt,
                    string_to_sign=signed_text,
                )
            )

    def _read_body(self, response: requests.Response, started: float, endpoint: str) -> bytes:
        """The body of ``response``, at most :data:`MAX_ANSWER_BYTES`, read by the time the
        connect and read timeouts add up to from ``started``: a server dripping its answer a
        byte at a time cannot hold a worker longer than one slow answer."""
        deadline = started + sum(self.timeout)
        cut_off = ReadDeadline(response, deadline - time.monotonic())
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise MalformedResponseError(
                        endpoint=endpoint,
                    ).because("too_large", endpoint=endpoint, limit=MAX_ANSWER_BYTES)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise requests.ReadTimeout("answer not read in time")
        except requests.RequestException:
            if cut_off.fired:
                raise requests.ReadTimeout("answer not read in time") from None
            raise
        finally:
            cut_off.cancel()
            response.close()
        if cut_off.fired:  # an answer ending with its connection looks whole: it is not
            raise requests.ReadTimeout("answer not read in time")
        return b"".join(chunks)

    def _transport_error(
        self, exc: requests.RequestException, endpoint: str, state_changing: bool
    ) -> TransportError:
        connect_timeout, read_timeout = self.timeout
        if isinstance(exc, requests.ConnectTimeout):
            return RequestTimeout(
                endpoint=endpoint,
            ).because("connect_timeout", url=self.base_url, seconds=f"{connect_timeout:g}")
        if isinstance(exc, requests.Timeout):
            return RequestTimeout(
                endpoint=endpoint,
                outcome_unknown=state_changing,
            ).because("read_timeout", endpoint=endpoint, seconds=f"{read_timeout:g}")
        if _may_have_been_sent(exc):
            return ConnectionFailed(
                endpoint=endpoint,
                outcome_unknown=state_changing,
            ).because("connection_closed", endpoint=endpoint)
        return ConnectionFailed(
            endpoint=endpoint,
        ).because("connection_refused", url=self.base_url)

    def _record(self, exchange: Exchange) -> None:
        _logger.debug(
            "DajiSaaS %s %s attempt %d: HTTP %s in %d ms, trace %s%s",
            exchange.method,
            exchange.endpoint,
            exchange.attempt,
            exchange.status_code,
            exchange.duration_ms,
            exchange.trace_id,
            f", error: {exchange.error}" if exchange.error else "",
        )
        if self._on_exchange is None:
            return
        try:
            self._on_exchange(exchange)
        except Exception:
            _logger.exception("The DajiSaaS on_exchange hook failed; the call goes on")


def _accounts_for_every_line(result: CreateOrderResult, sent: frozenset[str]) -> bool:
    """Whether a create answer says of every line sent that it was bought or refused: by
    line number, or, when a purchase order line does not echo its number, by count."""
    failed = {str(line.order_line_no) for line in result.failed_lines}
    bought = [str(line.order_line_no or "") for order in result.orders for line in order.lines]
    if all(bought):
        return (set(bought) | failed) >= sent
    return len(bought) + len(failed & sent) >= len(sent)


def _sorted_out(
    answered: list[QueriedPurchaseOrder],
    third_order_id: str | None,
    purchase_ids: set[int],
    also: Iterable[str],
) -> "OrderLookup":
    """The orders asked for, and the others. An order that does not echo its outer id is
    taken for the id's own, unless the answer shows the filter was ignored (an order under
    another outer id): it could then be anyone's."""
    outer_ids = {str(outer) for outer in also if outer}
    if third_order_id:
        outer_ids.add(third_order_id)
    filter_ignored = bool(third_order_id) and any(
        order.outer_purchase_id and order.outer_purchase_id not in outer_ids for order in answered
    )
    mine: list[QueriedPurchaseOrder] = []
    foreign: list[QueriedPurchaseOrder] = []
    for order in answered:
        if not third_order_id:
            outer_ok = True
        elif order.outer_purchase_id:
            outer_ok = order.outer_purchase_id in outer_ids
        else:
            outer_ok = not filter_ignored
        asked = outer_ok and (not purchase_ids or order.purchase_id in purchase_ids)
        (mine if asked else foreign).append(order)
    return OrderLookup(orders=mine, foreign=foreign)


@dataclass
class OrderLookup:
    """What an order query answered: :attr:`orders`, those asked for, and :attr:`foreign`,
    orders under another outer id (or another purchase id) that the caller must place or
    report, never ignore."""

    orders: list[QueriedPurchaseOrder]
    foreign: list[QueriedPurchaseOrder] = field(default_factory=list)

    def foreign_descriptions(self) -> list[str]:
        """``purchase id (outer id)`` of each foreign order, for logs and messages."""
        return [f"{o.purchase_id} ({o.outer_purchase_id or '-'})" for o in self.foreign]


def _is_signing_refusal(error: object) -> bool:
    """Whether ``error`` is DajiSaaS refusing the credentials (whatever its shape), so that
    another signing variant may be accepted."""
    if isinstance(error, AuthenticationError):
        return True
    if isinstance(error, HttpStatusError):
        return error.status_code in (401, 403)
    if isinstance(error, EnvelopeError | BusinessError):
        text = f"{error.user_message} {error.details}".lower()
        return any(word in text for word in SIGNING_REFUSAL_WORDS)
    return False


@dataclass
class ConnectionReport:
    """What :meth:`DajisaasClient.check_connection` found out.

    ``dialect`` is the one the server accepted (or the one tried first when none was);
    ``signing_tried`` lists the POST signing variants sent, in order; ``foreign_orders``
    counts orders the query answered that were not asked for (a filter the server ignores);
    ``query_shape_recognised`` is False when the query answer had none of the known shapes
    (an empty list was read from it: real answers may not be read either); ``picture_search``
    is the search by picture that answered (``"upload"``: V1.0, ``"address"``: V2.0), None
    when neither did; ``attempts`` holds every exchange of the check, redacted, with the text
    each sign covered.
    """

    def support_text(self) -> str:
        """Every attempt of the check as plain text for DajiSaaS support: the request, the
        text its sign covered (the secret masked), and the answer."""
        blocks = []
        for number, exchange in enumerate(self.attempts, 1):
            blocks.append(
                "\n".join(
                    [
                        f"#{number} {exchange.method} {exchange.url_without_query}",
                        f"request: {exchange.request}",
                        f"string to sign: {exchange.string_to_sign or '-'}",
                        f"answer (HTTP {exchange.status_code}): {exchange.response_body[:500]}",
                    ]
                )
            )
        return "\n\n".join(blocks)

    dialect: Dialect
    post_accepted: bool = False
    get_accepted: bool = False
    signing_tried: list[str] = field(default_factory=list)
    attempts: list[Exchange] = field(default_factory=list)
    last_error: DajisaasError | None = None
    foreign_orders: int = 0
    query_shape_recognised: bool = True
    picture_address: str | None = None
    picture_search: Literal["upload", "address"] | None = None


def _answers(call: Callable[[], object]) -> bool:
    """Whether ``call`` got an answer it could read (its exchanges are kept either way)."""
    try:
        call()
    except DajisaasError:
        return False
    return True


def _first_picture(data: object) -> str | None:
    """The picture address of the first hit of a search answer, when it reads as one."""
    payload = find_payload("search", {"data": data} if isinstance(data, list) else data)
    hits = lookup(payload, "data", "items") if payload else None
    if not isinstance(hits, list) or not hits or not isinstance(hits[0], Mapping):
        return None
    address = lookup(hits[0], "mainImageUrl", "picUrl")
    try:
        return _picture_address(address) if isinstance(address, str) else None
    except ValueError:
        return None


def _picture_address(url: str | None) -> str:
    """An http(s) address DajiSaaS can fetch a picture from, else ValueError."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise ValueError("the picture's address must be an http(s) URL")
    return text


def _positive_id(value: int | str, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an integer id, got {value!r}") from None
    if isinstance(value, bool) or number <= 0:
        raise ValueError(f"{name} must be a positive integer id, got {value!r}")
    return number
