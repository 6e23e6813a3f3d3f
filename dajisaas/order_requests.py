"""Request models for the order endpoints (preview and create).

Python names are snake_case; :meth:`to_body` returns the exact dict DajiSaaS documents,
including the fields it wants as JSON *strings* (``order_line_list``,
``render_item_List``). Credentials and the sign are added by the client.
"""

import json
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .conventions import PARTIAL_SUCCESS_FIELD


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _RequestModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


NonEmptyStr = Annotated[str, Field(min_length=1)]


class Address(_RequestModel):
    """A mainland-China address (receiver or warehouse). ``""`` is allowed where optional.

    DajiSaaS requires country, state, city, address, name and one of phone/mobile_phone.
    """

    country: NonEmptyStr
    state: NonEmptyStr
    city: NonEmptyStr
    district: str = ""
    address: NonEmptyStr
    zip: str = ""
    name: NonEmptyStr
    phone: str = ""
    mobile_phone: str = ""
    tax_id: str | None = None

    @model_validator(mode="after")
    def _require_a_phone(self) -> "Address":
        if not (self.phone or self.mobile_phone):
            raise ValueError("an address needs a phone or a mobile_phone number")
        return self

    def to_body(self, *, with_tax_id: bool = True) -> dict[str, object]:
        """Return the API address object; ``tax_id`` only where the endpoint takes it."""
        body = self.model_dump(exclude={"tax_id"})
        if with_tax_id:
            body["tax_id"] = self.tax_id
        return body


class OrderLine(_RequestModel):
    """One line of a create-order request.

    ``item_id`` / ``sku_id`` are the distribution ids (``mpId`` / ``mpSkuId``) returned by
    the bunker endpoint, not Taobao ids. ``sku_id`` is None for items without SKUs.
    """

    item_id: int
    sku_id: int | None = None
    order_line_no: NonEmptyStr
    quantity: int = Field(ge=1)
    price_fen: int = Field(ge=0)
    title: str
    currency: str = "CNY"

    def to_body(self) -> dict[str, object]:
        """Return the line as one element of ``order_line_list``."""
        body: dict[str, object] = {
            "itemId": self.item_id,
            "orderLineNo": self.order_line_no,
            "quantity": str(self.quantity),
            "price": self.price_fen,
            "currency": self.currency,
            "title": self.title,
        }
        if self.sku_id is not None:
            body["skuId"] = self.sku_id
        return body


class CreateOrderRequest(_RequestModel):
    """Body of ``POST /taobao/purchase/order/create``.

    ``third_order_id`` is our own order reference, which upstream calls its idempotency key.
    That a second create with the same value buys nothing is assumed, never relied on alone.
    """

    third_order_id: NonEmptyStr
    purchase_amount_fen: int = Field(ge=0)
    seller_order_number: str = ""
    order_source: str
    lines: list[OrderLine] = Field(min_length=1)
    receiver: Address
    warehouse: Address
    support_partial_success: bool = False
    order_remark: str = ""
    channel_order_type: str = "PANAMA"

    @model_validator(mode="after")
    def _unique_line_numbers(self) -> "CreateOrderRequest":
        numbers = [line.order_line_no for line in self.lines]
        if len(set(numbers)) != len(numbers):
            raise ValueError("order_line_no must be unique within an order")
        return self

    @property
    def line_numbers(self) -> frozenset[str]:
        """The ``orderLineNo`` of every line sent."""
        return frozenset(str(line.order_line_no) for line in self.lines)

    def to_body(self) -> dict[str, object]:
        """Return the documented create-order body (without credentials)."""
        return {
            "thirdOrderId": self.third_order_id,
            "purchase_amount": self.purchase_amount_fen,
            "seller_order_number": self.seller_order_number,
            "order_source": self.order_source,
            "order_line_list": _json_text([line.to_body() for line in self.lines]),
            "receiver": self.receiver.to_body(),
            "warehouse_address_info": self.warehouse.to_body(with_tax_id=False),
            "channel_order_type": self.channel_order_type,
            PARTIAL_SUCCESS_FIELD: self.support_partial_success,
            "order_remark": self.order_remark,
            "need_supply_chain_service": False,
            "need_sys_retry": False,
        }


class RenderItem(_RequestModel):
    """One item of a preview request (``mpId`` / ``mpSkuId``, like :class:`OrderLine`)."""

    item_id: int
    sku_id: int | None = None
    quantity: int = Field(ge=1)

    def to_body(self) -> dict[str, object]:
        """Return the item as one element of ``render_item_List``."""
        body: dict[str, object] = {"itemId": self.item_id, "quantity": str(self.quantity)}
        if self.sku_id is not None:
            body["skuId"] = self.sku_id
        return body


class PreviewRequest(_RequestModel):
    """Body of ``POST /taobao/purchase/order/render`` (price and shipping preview)."""

    items: list[RenderItem] = Field(min_length=1)
    receiver: Address
    warehouse: Address | None = None

    def to_body(self) -> dict[str, object]:
        """Return the documented preview body (without credentials)."""
        body: dict[str, object] = {
            "need_supplychain_service": False,
            "receiver_address": self.receiver.to_body(with_tax_id=False),
        }
        if self.warehouse is not None:
            body["warehouse_address"] = self.warehouse.to_body(with_tax_id=False)
        body["render_item_List"] = _json_text([item.to_body() for item in self.items])
        return body
