"""Sale order → DajiSaaS preview/create requests, as pure functions on plain data.

The Odoo layer turns partners and sale order lines into :class:`PartnerData` and
:class:`SaleLineData`; everything here is testable without Odoo. Every problem found is
reported at once in one :class:`MappingError`, naming the partner or line and the field.
"""

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .order_requests import Address, CreateOrderRequest, OrderLine, PreviewRequest, RenderItem

COUNTRY_NAMES = {"CN": "中国", "HK": "中国香港", "MO": "中国澳门", "TW": "中国台湾"}
"""DajiSaaS's examples write the country in Chinese; other countries keep their own name."""

# A county-level division name: 宝安区, 余杭区, 长兴县, 义乌市, 额济纳旗 ...
_DISTRICT = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:区|县|旗)")
_DISTRICT_SUFFIXES = ("区", "县", "市", "旗")


@dataclass(frozen=True)
class MappingProblem:
    """One reason a sale order cannot be sent, as a code and values an application words.

    ``code``: ``missing`` (``field`` of the ``role`` partner ``subject``; roles
    ``receiver`` and ``warehouse``), ``no_phone``,
    ``quantity`` (not a whole number ≥ 1), ``no_mp_id``, ``no_mp_sku_id``, ``no_price``
    (of line ``subject``), ``no_lines``. ``str()`` gives an English sentence.
    """

    code: str
    subject: str = ""
    role: str = ""
    field: str = ""
    value: str = ""

    def __str__(self) -> str:
        english = {
            "missing": f"{self.role.capitalize()} {self.subject}: {self.field} is missing",
            "no_phone": f"{self.role.capitalize()} {self.subject}: phone or mobile is missing",
            "quantity": f"line {self.subject}: quantity {self.value} must be a whole number "
            "of at least 1",
            "no_mp_id": f"line {self.subject}: the product has no mpId",
            "no_mp_sku_id": f"line {self.subject}: the variant has no mpSkuId",
            "no_price": f"line {self.subject}: no Taobao price is known; refresh the product "
            "from Taobao",
            "no_lines": "the order has no Taobao line to purchase",
        }
        return english[self.code]


class MappingError(ValueError):
    """The sale order cannot be turned into a request; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable["MappingProblem"]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


@dataclass(frozen=True)
class PartnerData:
    """The address fields of an Odoo partner, as plain strings (empty when unset)."""

    label: str
    name: str = ""
    country_code: str = ""
    country_name: str = ""
    state: str = ""
    city: str = ""
    street: str = ""
    street2: str = ""
    zip: str = ""
    phone: str = ""
    mobile: str = ""
    vat: str = ""


@dataclass(frozen=True)
class SaleLineData:
    """A sale order line whose product is a Taobao item."""

    line_id: int
    label: str
    title: str
    quantity: Decimal
    mp_id: str
    mp_sku_id: str
    price_fen: int
    has_skus: bool = True


def split_district(street: str, street2: str) -> tuple[str, str]:
    """Find the district (区/县/市/旗) of a Chinese address; return ``(district, address)``.

    Odoo partners have no district field. Street 2 holding only a division name
    (``宝安区``) is the district; otherwise the first ``…区/县/旗`` in the street or street 2
    is. The address is street + street 2, without a street 2 that was the district.
    """
    street, street2 = street.strip(), street2.strip()
    if (
        street2
        and street2.endswith(_DISTRICT_SUFFIXES)
        and " " not in street2
        and len(street2) <= 12
    ):
        return street2, street
    address = " ".join(part for part in (street, street2) if part)
    match = _DISTRICT.search(address)
    return (match.group(0) if match else ""), address


def map_address(partner: PartnerData, role: str, *, with_tax_id: bool = True) -> Address:
    """Map a partner onto the API's address object, or raise :class:`MappingError`."""
    district, address = split_district(partner.street, partner.street2)
    country = COUNTRY_NAMES.get(partner.country_code.upper(), partner.country_name)
    required = {
        "name": partner.name,
        "country": country,
        "state": partner.state,
        "city": partner.city,
        "district": district,
        "street": address,
        "zip": partner.zip,
    }
    problems = [
        MappingProblem("missing", partner.label, role, field)
        for field, value in required.items()
        if not value
    ]
    if not (partner.phone or partner.mobile):
        problems.append(MappingProblem("no_phone", partner.label, role))
    if problems:
        raise MappingError(problems)
    return Address(
        country=country,
        state=partner.state,
        city=partner.city,
        district=district,
        address=address,
        zip=partner.zip,
        name=partner.name,
        phone=partner.phone or partner.mobile,
        mobile_phone=partner.mobile or partner.phone,
        tax_id=(partner.vat or None) if with_tax_id else None,
    )


def map_lines(lines: list[SaleLineData]) -> list[OrderLine]:
    """Map sale order lines onto ``order_line_list`` entries, or raise :class:`MappingError`."""
    problems = []
    order_lines = []
    for line in lines:
        line_problems = []
        if line.quantity != int(line.quantity) or line.quantity < 1:
            line_problems.append(MappingProblem("quantity", line.label, value=str(line.quantity)))
        if not line.mp_id:
            line_problems.append(MappingProblem("no_mp_id", line.label))
        if line.has_skus and not line.mp_sku_id:
            line_problems.append(MappingProblem("no_mp_sku_id", line.label))
        if line.price_fen <= 0:
            line_problems.append(MappingProblem("no_price", line.label))
        problems += line_problems
        if not line_problems:
            order_lines.append(
                OrderLine(
                    item_id=int(line.mp_id),
                    sku_id=int(line.mp_sku_id) if line.mp_sku_id else None,
                    order_line_no=str(line.line_id),
                    quantity=int(line.quantity),
                    price_fen=line.price_fen,
                    title=line.title[:200],
                )
            )
    if problems:
        raise MappingError(problems)
    return order_lines


def _map_all(
    lines: list[SaleLineData], receiver: PartnerData, warehouse: PartnerData
) -> dict[str, Any]:
    problems: list[MappingProblem] = []
    mapped: dict[str, Any] = {}
    build: Callable[[], object]
    for key, build in (
        ("lines", lambda: map_lines(lines)),
        ("receiver", lambda: map_address(receiver, "receiver")),
        ("warehouse", lambda: map_address(warehouse, "warehouse", with_tax_id=False)),
    ):
        try:
            mapped[key] = build()
        except MappingError as error:
            problems += error.problems
    if not lines:
        problems.insert(0, MappingProblem("no_lines"))
    if problems:
        raise MappingError(problems)
    return mapped


def build_create_request(
    *,
    third_order_id: str,
    seller_order_number: str,
    order_source: str,
    lines: list[SaleLineData],
    receiver: PartnerData,
    warehouse: PartnerData,
    support_partial_success: bool = False,
    order_remark: str = "",
) -> CreateOrderRequest:
    """Build the create-order request; ``purchase_amount`` is the sum of the lines in fen."""
    mapped = _map_all(lines, receiver, warehouse)
    order_lines = mapped["lines"]
    return CreateOrderRequest(
        third_order_id=third_order_id,
        purchase_amount_fen=sum(line.price_fen * line.quantity for line in order_lines),
        seller_order_number=seller_order_number,
        order_source=order_source,
        lines=order_lines,
        receiver=mapped["receiver"],
        warehouse=mapped["warehouse"],
        support_partial_success=support_partial_success,
        order_remark=order_remark,
    )


def preview_request_for(request: CreateOrderRequest) -> PreviewRequest:
    """The preview (render) request of the same lines and addresses as ``request``."""
    return PreviewRequest(
        items=[
            RenderItem(item_id=line.item_id, sku_id=line.sku_id, quantity=line.quantity)
            for line in request.lines
        ],
        receiver=request.receiver,
        warehouse=request.warehouse,
    )


def third_order_id(order_name: str, order_id: int, attempt: int, secret: str = "") -> str:
    """The ``thirdOrderId`` of a sale order's purchase attempt.

    It only changes when an attempt ended with a known outcome, so a retry after a timeout
    sends the same id and DajiSaaS's idempotency returns the purchase it already made. With
    a ``secret``, it ends with 8 hex digits of an HMAC of the order and attempt: no one who
    can read the order's name can guess (and claim) the id of its next purchase.
    """
    safe_name = re.sub(r"[^A-Za-z0-9_-]+", "-", order_name).strip("-") or "SO"
    plain = f"{safe_name}-{order_id}-{attempt}"
    if not secret:
        return plain
    tag = hmac.new(secret.encode(), f"{order_id}-{attempt}".encode(), hashlib.sha256)
    return f"{plain}-{tag.hexdigest()[:8]}"
