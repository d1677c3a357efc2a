"""inventory-service: reads `orders`, reserves the items of each confirmed order, writes `inventory`.

It reads the same topic as payment-service but in its own group (inventory-service-group), so it
gets every order as well: two groups on one topic each receive all of it.
"""

from common import OrderSequence, decode, replica_name, run_service

NAME = replica_name("inventory-service")
sequence = OrderSequence(NAME)


def handle(msg):
    order = decode(msg)
    sequence.check(msg, order)
    if order["type"] != "confirmed":
        return []
    reservation = {"orderId": order["orderId"], "type": "reserved", "items": order["items"], "by": NAME}
    return [("inventory", order["orderId"], reservation)]


if __name__ == "__main__":
    run_service(NAME, "inventory-service-group", ["orders"], handle, sequence=sequence)
