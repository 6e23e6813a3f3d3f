-- a copied database must never place real orders: drop the DajiSaaS credentials
-- and point every company back at the sandbox
UPDATE res_company
   SET taobao_app_secret = NULL,
       taobao_environment = 'sandbox',
       taobao_api_url = NULL,
       taobao_auto_purchase = FALSE;

-- and sends its purchases under other thirdOrderIds than the original's: a copy connected
-- to a real account later never repeats an id the original sent (a restore keeps the key)
UPDATE ir_config_parameter
   SET value = md5(random()::text || clock_timestamp()::text)
 WHERE key = 'taobao_purchase.third_order_key';
