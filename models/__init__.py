from . import (
    product_product,
    product_template,
    res_company,
    res_config_settings,
    sale_order,
    taobao_api_log,
    taobao_purchase_order,
    taobao_purchase_order_line,
)
