"""Canned bodies for faults that mimic a broken gateway rather than the API."""

GATEWAY_ERROR_PAGE = (
    "<html><head><title>{status} {reason}</title></head><body>"
    "<center><h1>{status} {reason}</h1></center><hr><center>openresty</center></body></html>"
)

LOGIN_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>登录 - 统一认证网关</title></head>
<body><form method="post" action="/login"><h1>请登录</h1>
<input name="username" placeholder="用户名"><input name="password" type="password">
<button type="submit">登录</button></form></body></html>
"""

TRUNCATED_JSON = '{"code": 200, "message": "操作成功", "data": {"success": tr'
