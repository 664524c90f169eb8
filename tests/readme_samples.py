#!/usr/bin/env python3
"""The README's samples are real output: each fenced block whose first line
is `$ build/tiermix ...` is run (from the repository root, with the tiermix
under test in place of build/tiermix) and its output must match the block.

How a block matches its output, line by line:
  - a line that is only `...` stands for any number of output lines;
  - a line with `...` inside keeps the columns around it: the text before
    must start the output line and the text after must end it;
  - any other line must equal the output line (trailing blanks ignored).
The block must account for the whole output (end it with `...` to cut).

Usage: readme_samples.py TIERMIX README
"""
import re
import shlex
import subprocess
import sys
from pathlib import Path


def line_pattern(line):
    if line.strip() == "...":
        return r"(?:[^\n]*\n)*?"
    parts = [re.escape(p) for p in line.split("...")]
    return "[^\n]*".join(parts) + r"[ \t]*\n"


def samples(readme):
    lines = readme.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```") and i + 1 < len(lines) and \
                lines[i + 1].startswith("$ build/tiermix "):
            j = i + 2
            while not lines[j].startswith("```"):
                j += 1
            yield i + 2, lines[i + 1][2:], lines[i + 2:j]
            i = j
        i += 1


def main():
    tiermix, readme = sys.argv[1], Path(sys.argv[2])
    root = readme.parent
    failures = 0
    count = 0
    for lineno, command, body in samples(readme):
        count += 1
        argv = shlex.split(command)
        argv[0] = tiermix
        run = subprocess.run(argv, cwd=root, capture_output=True, text=True,
                             timeout=120)
        output = "\n".join(l.rstrip() for l in run.stdout.split("\n"))
        if not output.endswith("\n"):
            output += "\n"
        pattern = "".join(line_pattern(l.rstrip()) for l in body)
        if run.returncode != 0 or not re.fullmatch(pattern, output):
            failures += 1
            print(f"{readme}:{lineno}: the sample of `{command}` is not its "
                  f"output (exit {run.returncode}); the output is:\n{output}",
                  file=sys.stderr)
    if count == 0:
        print(f"{readme}: no samples found", file=sys.stderr)
        return 1
    print(f"{count} samples checked, {failures} stale")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
