"""payment-service: reads `orders`, charges each order once it is confirmed, writes `payments`.

Run several copies with the same group id to share the work: each gets some of the 6 partitions
of `orders`. `REPLICA=2 python payment_service.py` names this copy payment-service-2.
"""

from common import OrderSequence, decode, replica_name, run_service

NAME = replica_name("payment-service")
sequence = OrderSequence(NAME)


def handle(msg):
    order = decode(msg)
    sequence.check(msg, order)
    if order["type"] != "confirmed":
        return []  # created / updated: the amount may still change, nothing to charge yet
    payment = {"orderId": order["orderId"], "type": "paid", "amount": order["amount"], "by": NAME}
    return [("payments", order["orderId"], payment)]


if __name__ == "__main__":
    run_service(NAME, "payment-service-group", ["orders"], handle, sequence=sequence)
