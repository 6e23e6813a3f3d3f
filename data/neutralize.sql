-- a copied database must never place real orders: drop the DajiSaaS credentials
-- and point every company back at the sandbox
UPDATE res_company
   SET taobao_app_secret = NULL,
       taobao_environment = 'sandbox',
       taobao_api_url = NULL,
       taobao_auto_purchase = FALSE;
