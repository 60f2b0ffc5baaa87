#!/usr/bin/env python3
"""Documents → graph. Usage: python build_graph.py [PATH ...] [--out DIR]

A thin entry over ``kg build`` (see ``python build_graph.py --help``)."""

from kg.cli import build_graph_main

if __name__ == "__main__":
    build_graph_main()
