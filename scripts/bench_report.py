# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmarks print: tables, ratios, verdicts, and the order of
alternating runs. Pure (tests/test_bench_report.py)."""

import statistics


def order_of_run(index, variants):
    """Alternate the order of the variants from one run to the next: rotated
    each run, reversed every other round (with two variants, a rotation and
    a reversal in the same run would cancel out)."""
    variants = tuple(variants)
    shift = index % len(variants)
    rotated = variants[shift:] + variants[:shift]
    return rotated if (index // len(variants)) % 2 == 0 else rotated[::-1]


def per_item_medians(samples, size):
    """``{variant: (queries, ms)}`` per item, medians of the runs' samples
    ``{variant: [(queries, seconds)]}``."""
    return {
        variant: (
            statistics.median(q for q, _s in values) / size,
            statistics.median(s for _q, s in values) * 1000 / size,
        )
        for variant, values in samples.items()
    }


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def ratio(ours, theirs):
    if ours is None or not theirs:
        return "-"
    return f"{ours / theirs:.2f}"


def verdict(met):
    return "met" if met else "NOT MET"


def table(title, header, lines):
    """The lines of a right-aligned table under ``title``."""
    cells = [[str(cell) for cell in line] for line in (header, *lines)]
    widths = [max(len(cell) for cell in column) for column in zip(*cells, strict=True)]
    out = ["", title]
    for index, line in enumerate(cells):
        out.append(
            "  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True))
        )
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return out


def print_table(title, header, lines):
    print("\n".join(table(title, header, lines)), flush=True)
