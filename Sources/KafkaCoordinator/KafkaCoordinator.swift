// The classic group coordinator: pure state machines, no I/O.
