// Broker wiring.
