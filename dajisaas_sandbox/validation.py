"""Request parameter checks that answer with code 400 and name the field."""

import json

from .envelope import invalid_parameter, missing_parameter

ADDRESS_REQUIRED_FIELDS = ("country", "state", "city", "address", "name")


def required_str(params, name):
    value = params.get(name)
    if value is None or value == "":
        raise missing_parameter(name)
    if not isinstance(value, str):
        raise invalid_parameter(name, "must be a string")
    return value


def optional_str(params, name, default=""):
    value = params.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise invalid_parameter(name, "must be a string")
    return value


def optional_bool(params, name, default=False):
    value = params.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise invalid_parameter(name, "must be a boolean")
    return value


def required_int(params, name, minimum=None):
    """A JSON integer; strings and booleans are refused."""
    value = params.get(name)
    if value is None:
        raise missing_parameter(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_parameter(name, "must be an integer")
    if minimum is not None and value < minimum:
        raise invalid_parameter(name, f"must be >= {minimum}")
    return value


def page_param(params, name, default, maximum=None):
    """A paging number from a query string or a JSON body: digits or an integer, >= 1."""
    value = params.get(name)
    if value is None or value == "":
        return default
    number = to_int(value, name)
    if number < 1 or (maximum is not None and number > maximum):
        bounds = f"between 1 and {maximum}" if maximum else ">= 1"
        raise invalid_parameter(name, f"must be {bounds}")
    return number


def to_int(value, name):
    """An id or count sent as a JSON integer or as a string of digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise invalid_parameter(name, "must be an integer or a string of digits")


def id_list(params, name, max_length=None):
    value = params.get(name)
    if value is None:
        raise missing_parameter(name)
    if not isinstance(value, list):
        raise invalid_parameter(name, "must be a list")
    if max_length is not None and not 1 <= len(value) <= max_length:
        raise invalid_parameter(name, f"must hold 1 to {max_length} ids")
    return [to_int(element, name) for element in value]


def json_string_list(params, name):
    """A field the API wants as a JSON *string* holding a non-empty array of objects."""
    value = params.get(name)
    if value is None or value == "":
        raise missing_parameter(name)
    if isinstance(value, list):
        raise invalid_parameter(name, "must be a JSON string, not an array")
    if not isinstance(value, str):
        raise invalid_parameter(name, "must be a JSON string")
    try:
        elements = json.loads(value)
    except ValueError:
        raise invalid_parameter(name, "is not valid JSON") from None
    if not isinstance(elements, list) or not elements:
        raise invalid_parameter(name, "must hold a non-empty JSON array")
    for index, element in enumerate(elements):
        if not isinstance(element, dict):
            raise invalid_parameter(f"{name}[{index}]", "must be an object")
    return elements


def address(params, name, required=True):
    """country, state, city, address, name and a phone or mobile phone, all non-empty."""
    value = params.get(name)
    if value is None:
        if required:
            raise missing_parameter(name)
        return None
    if not isinstance(value, dict):
        raise invalid_parameter(name, "must be an object")
    for field in ADDRESS_REQUIRED_FIELDS:
        _address_field(value, name, field)
    if not (value.get("phone") or value.get("mobile_phone")):
        raise missing_parameter(f"{name}.phone / {name}.mobile_phone")
    return value


def _address_field(value, name, field):
    text = value.get(field)
    if not isinstance(text, str) or not text.strip():
        raise missing_parameter(f"{name}.{field}")
