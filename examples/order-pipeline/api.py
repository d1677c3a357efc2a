"""The order API: places orders as events on `orders`, keyed by orderId.

    python api.py --orders 1000 [--first 0] [--run-id ID]

Every order is three events: created (seq 1), updated (seq 2, the quantity changes) and
confirmed (seq 3, the final amount). The key decides the partition, so all events of one order
land on one partition and are read back in the order they were written. Orders are placed in
batches of 100, created for the whole batch first, so the events of different orders interleave
on each partition as they would with concurrent users.
"""

import argparse
import sys
import time

from confluent_kafka import Producer

from common import encode, producer_config

parser = argparse.ArgumentParser()
parser.add_argument("--orders", type=int, required=True, help="how many orders to place")
parser.add_argument("--first", type=int, default=0, help="number of the first order")
parser.add_argument("--run-id", default="run", help="prefix of the order ids")
args = parser.parse_args()

producer = Producer({**producer_config("order-api"), "acks": "all"})
failures: list[str] = []


def delivered(err, _msg):
    if err is not None:
        failures.append(str(err))


def order_events(number: int):
    order_id = f"{args.run_id}-{number:06d}"
    quantity = 1 + number % 4
    price = 5 + number % 20
    yield {"orderId": order_id, "seq": 1, "type": "created", "items": {"sku-42": quantity}, "amount": quantity * price}
    quantity += 1
    yield {"orderId": order_id, "seq": 2, "type": "updated", "items": {"sku-42": quantity}, "amount": quantity * price}
    yield {"orderId": order_id, "seq": 3, "type": "confirmed", "items": {"sku-42": quantity}, "amount": quantity * price}


start = time.monotonic()
numbers = range(args.first, args.first + args.orders)
for i in range(0, len(numbers), 100):
    batch = [list(order_events(n)) for n in numbers[i:i + 100]]
    for step in range(3):
        for events in batch:
            event = events[step]
            while True:
                try:
                    producer.produce("orders", key=event["orderId"], value=encode(event), on_delivery=delivered)
                    break
                except BufferError:  # the local send queue is full: wait for the broker to catch up
                    producer.poll(0.1)
            producer.poll(0)
producer.flush()
if failures:
    sys.exit(f"api: {len(failures)} events were not written, first: {failures[0]}")
print(f"api: placed {args.orders} orders ({3 * args.orders} events) in {time.monotonic() - start:.1f} s", flush=True)
