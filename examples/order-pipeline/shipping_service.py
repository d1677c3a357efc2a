"""shipping-service: reads `payments` and `inventory`, ships an order once it is both paid and
reserved, writes `shipping`.

Both input topics have 3 partitions and are keyed by orderId with the same partitioner, so an
order's payment and its reservation sit in the same partition number of each topic. The range
assignor gives partition N of both topics to the same member, so each copy of this service sees
both halves of the orders it is responsible for, even with several copies running.

The join state lives in memory, which keeps the example short. A copy that restarts forgets the
payments still waiting for their reservation (their offsets are already committed); a production
service keeps that state in a database or a compacted topic.
"""

from common import decode, replica_name, run_service

NAME = replica_name("shipping-service")
paid: set[str] = set()
reserved: set[str] = set()
shipped: set[str] = set()


def handle(msg):
    event = decode(msg)
    order = event["orderId"]
    if order in shipped:
        return []  # a redelivered payment or reservation: the order has gone out already
    (paid if msg.topic() == "payments" else reserved).add(order)
    if order not in paid or order not in reserved:
        return []  # wait for the other half
    paid.discard(order)
    reserved.discard(order)
    shipped.add(order)
    return [("shipping", order, {"orderId": order, "type": "shipped", "by": NAME})]


if __name__ == "__main__":
    run_service(NAME, "shipping-service-group", ["payments", "inventory"], handle,
                consumer_settings={"partition.assignment.strategy": "range"},
                summary=lambda: f"shipped {len(shipped)}, waiting {len(paid) + len(reserved)}")
