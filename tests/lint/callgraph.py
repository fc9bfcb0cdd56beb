#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""EL2 call graph from GCC's -fcallgraph-info=su: no recursion, bounded stack.

Reads every .ci file under a directory, resolves static functions by file,
maps the indirect calls to the functions that can be their targets, and
prints one PASS/FAIL line for "no cycle" and one for "worst-case stack fits".
"""
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
STACK = re.compile(r'\\n(\d+) bytes \((static|dynamic[^)]*)\)')

# Entries the assembly calls into, and the functions mmio.c calls through pointers.
ROOTS = ["moat_boot_primary", "moat_boot_secondary", "arch_handle_lower_sync",
         "arch_handle_hvc", "arch_handle_smc", "irq_handle_guest", "arch_handle_lower_serror", "arch_handle_fatal"]
INDIRECT = {"src/vdev/mmio.c": ["vgic_dist_read", "vgic_dist_write", "vgic_redist_read",
                           "vgic_redist_write", "vuart_read", "vuart_write"]}


def load(directory):
    frames, edges, problems = {}, {}, []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".ci"):
            continue
        text = open(os.path.join(directory, name)).read()
        source = re.search(r'title: "([^"]+)"', text).group(1)
        for title, label in NODE.findall(text):
            m = STACK.search(label)
            if m:
                frames[title] = int(m.group(1))
                if m.group(2) != "static":
                    problems.append("%s has a %s stack frame" % (title, m.group(2)))
        for src, dst in EDGE.findall(text):
            if dst == "__indirect_call":
                if source not in INDIRECT:
                    problems.append("unexpected indirect call in %s (%s)" % (source, src))
                    continue
                for target in INDIRECT[source]:
                    edges.setdefault(src, set()).add(target)
            else:
                edges.setdefault(src, set()).add(dst)
    return frames, edges, problems


def resolve(frames, edges):
    """Static functions are titled file:name; calls to them use that title too."""
    return {src: {d for d in dsts} for src, dsts in edges.items()}


def find_cycle(edges):
    """Iterative DFS; returns one cycle as a list, or None."""
    state, parent = {}, {}
    for start in edges:
        if state.get(start):
            continue
        stack = [(start, iter(sorted(edges.get(start, ()))))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                continue
            if state.get(child) == 1:
                cycle = [child]
                for n, _ in reversed(stack):
                    cycle.append(n)
                    if n == child:
                        break
                return list(reversed(cycle))
            if not state.get(child):
                state[child] = 1
                parent[child] = node
                stack.append((child, iter(sorted(edges.get(child, ())))))
    return None


def worst_stack(root, frames, edges, memo):
    """Deepest stack from root; the graph is acyclic when this runs (iterative post-order)."""
    todo = [(root, False)]
    while todo:
        node, expanded = todo.pop()
        if node in memo:
            continue
        children = sorted(edges.get(node, ()))
        if not expanded:
            todo.append((node, True))
            todo.extend((c, False) for c in children if c not in memo)
            continue
        deepest = max(((memo[c][0], c) for c in children), default=(0, None))
        memo[node] = (frames.get(node, 0) + deepest[0], deepest[1])
    path, node = [], root
    while node:
        path.append(node)
        node = memo[node][1]
    return memo[root][0], path


def main():
    directory, limit = sys.argv[1], int(sys.argv[2])
    frames, edges, problems = load(directory)
    edges = resolve(frames, edges)
    cycle = find_cycle(edges)
    if cycle or problems:
        why = "recursion: " + " -> ".join(cycle) if cycle else "; ".join(problems)
        print("FAIL: lint/el2-no-recursion: " + why)
        return
    print("PASS: lint/el2-no-recursion")
    memo, report = {}, []
    for root in ROOTS:
        if root not in edges and root not in frames:
            print("FAIL: lint/el2-stack-bound: entry %s not found" % root)
            return
        depth, path = worst_stack(root, frames, edges, memo)
        report.append((depth, root, path))
    depth, root, path = max(report)
    print("el2 worst-case stack: %d bytes from %s: %s" % (depth, root, " -> ".join(path)),
          file=sys.stderr)
    if depth <= limit:
        print("PASS: lint/el2-stack-bound")
    else:
        print("FAIL: lint/el2-stack-bound: %d bytes from %s exceed %d" % (depth, root, limit))


if __name__ == "__main__":
    main()
