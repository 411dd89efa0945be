"""Proofs that what the program asks for would be accepted by AWS: emulator runs, independent validators,
hostile and random configuration, and the `python -m verify` report."""
