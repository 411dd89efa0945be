"""Benchmark of one evaluation of the program on Pulumi's mock runtime (`python -m bench`)."""
