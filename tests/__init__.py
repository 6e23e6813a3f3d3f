from . import test_settings
from . import test_purchase
from . import test_product_import
from . import test_purchase_concurrency
from . import test_dajisaas_message
