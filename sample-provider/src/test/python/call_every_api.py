"""Calls every API of the sample provider through the Python client generated from its OpenAPI document.

Usage: call_every_api.py <directory of the generated client> <provider base URL>

Prints "called <operation id>" for each API it called and checked; exits non-zero at the first result that is not
what the provider serves, or not of the generated type.
"""
import sys

sys.path.insert(0, sys.argv[1])

import dora_sample_client as client  # noqa: E402
from dora_sample_client.exceptions import ApiException  # noqa: E402

configuration = client.Configuration(host=sys.argv[2])
api_client = client.ApiClient(configuration)
shop = client.ShopApi(api_client)


def called(operation, result, data_type):
    assert result.code == 0, f"{operation}: code {result.code} {result.msg}"
    assert result.msg == "OK", f"{operation}: {result.msg}"
    assert len(result.guid) == 32, f"{operation}: guid {result.guid}"
    assert isinstance(result.data, data_type), f"{operation}: {type(result.data)} is not {data_type}"
    print("called", operation, flush=True)


item = shop.shop_item(client.ItemQuery(id=2), x_dora_timeout=3000)
assert isinstance(item, client.DoraResultItem)
called("shop_item", item, client.Item)
assert item.data.name == "kettle" and item.data.tags == ["kitchen"] and item.data.stock == "LOW", item.data

page = shop.shop_items(2)
called("shop_items", page, client.PageItem)
assert page.data.total == 3 and [i.name for i in page.data.items] == ["teapot", "kettle"], page.data
assert all(isinstance(i, client.Item) for i in page.data.items)

prices = shop.shop_prices([1, 3, 99])
called("shop_prices", prices, dict)
assert prices.data == {"1": 19.5, "3": 4.25}, prices.data

count = shop.shop_count()
called("shop_count", count, int)
assert count.data == 3

greeting = shop.shop_greet("Dora")
called("shop_greet", greeting, str)
assert greeting.data == "Hello Dora"

lookup = shop.shop_lookup(client.ItemQuery(id=1))
called("shop_lookup", lookup, client.Item)
assert lookup.data.name == "teapot" and lookup.data.price == 19.5

by_id = shop.shop_item_id("3")
called("shop_item_id", by_id, client.Item)
assert by_id.data.stock == "SOLD_OUT"

try:
    shop.shop_item(client.ItemQuery(id=42))
    raise AssertionError("an unknown item must fail")
except ApiException as failure:
    refusal = client.DoraFailure.from_json(failure.body)
    assert failure.status == 422 and refusal.code == 4004, (failure.status, failure.body)

abc = client.ModuleAApi(api_client).module_a_abc({"mark": 234})
called("module_a_abc", abc, dict)
assert abc.data["handler"] == "/module_a/abc" and abc.data["param"] == {"mark": 234}, abc.data

for module in "abcdef":
    api = getattr(client, f"Module{module.upper()}Api")(api_client)
    result = getattr(api, f"module_{module}_path")("oakdf3", {"foo": 1})
    called(f"module_{module}_path", result, dict)
    assert result.data["api"] == f"/module_{module}/oakdf3", result.data
    assert result.data["handler"] == f"/module_{module}/**", result.data

try:
    client.ModuleXApi(api_client).module_x_refuse({"why": "test"})
    raise AssertionError("/module_x/refuse must refuse")
except ApiException as failure:
    refusal = client.DoraFailure.from_json(failure.body)
    assert failure.status == 422 and refusal.code == 4001 and refusal.data is None, (failure.status, failure.body)
    print("called module_x_refuse", flush=True)

users = client.UserApi(api_client)

user = users.user_get(client.UserQuery(id=7))
called("user_get", user, client.User)
assert user.data.id == 7 and user.data.name == "user-7" and user.data.served_by, user.data

listed = users.user_list(3)
called("user_list", listed, list)
assert [u.id for u in listed.data] == [0, 1, 2] and all(isinstance(u, client.User) for u in listed.data), listed.data

found = users.user_find(client.UserQuery(id=9))
called("user_find", found, client.User)
assert found.data.name == "user-9", found.data

audited = users.user_audit("checked from Python")
assert isinstance(audited, client.DoraResultVoid) and audited.code == 0 and len(audited.guid) == 32, audited
print("called user_audit", flush=True)
