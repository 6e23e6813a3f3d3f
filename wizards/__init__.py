from . import (
    taobao_attempt_release_wizard,
    taobao_connection_report,
    taobao_purchase_cancel_wizard,
    taobao_purchase_pay_wizard,
    taobao_purchase_preview_wizard,
    taobao_sale_cancel_wizard,
)
from . import (
    taobao_product_detail_image,
    taobao_product_detail_sku,
    taobao_product_detail_wizard,
    taobao_product_link_wizard,
    taobao_product_refresh_wizard,
    taobao_product_search_result,
    taobao_product_search_wizard,
)
