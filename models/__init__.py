from . import res_company
from . import res_config_settings
from . import taobao_api_log
from . import product_template
from . import product_product
from . import taobao_purchase_order
from . import taobao_purchase_order_line
from . import sale_order
