import re

import numpy as np
import pytest

from geo.publish.svg_paths import compact_path, compact_paths


def _absolute(data: str) -> list[tuple[str, list[float]]]:
    """Each command of a path with its absolute points, relative steps (``l``) resolved: read as
    SVG reads it, numbers split at spaces and minus signs."""
    drawn: list[tuple[str, list[float]]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    for command, arguments in re.findall(r"([MLCQlZz])([^MLCQlZz]*)", data):
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", arguments)]
        if command == "l":
            for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
                x, y = x + dx, y + dy
                drawn.append(("L", [x, y]))
        elif command in "Zz":
            x, y = start
            drawn.append(("z", []))
        else:
            drawn.append((command, numbers))
            x, y = numbers[-2], numbers[-1]
            if command == "M":
                start = (x, y)
    return drawn


def _matplotlib(commands: list[tuple[str, list[float]]]) -> str:
    return " \n".join(command + "".join(f" {n:f}" for n in numbers) for command, numbers in commands)


def test_a_compact_path_draws_the_same_points_to_a_tenth():
    rng = np.random.default_rng(5)
    commands: list[tuple[str, list[float]]] = []
    for _ in range(20):  # rings and lines, some far apart, some points a hair apart
        commands.append(("M", list(rng.uniform(-900, 900, 2))))
        for _ in range(int(rng.integers(1, 40))):
            commands.append(("L", list(commands[-1][1][-2:] + rng.normal(0, rng.choice([0.04, 3, 200]), 2))))
        commands.append(("C", list(rng.uniform(-50, 50, 6))))
        if rng.random() < 0.5:
            commands.append(("z", []))
            commands.append(("L", list(rng.uniform(-900, 900, 2))))  # a line straight after a closed ring
    drawn = _absolute(compact_path(_matplotlib(commands)))
    assert [c for c, _ in drawn] == [c for c, _ in commands]
    for (_, got), (_, wanted) in zip(drawn, commands, strict=True):
        assert np.allclose(got, np.round(np.asarray(wanted) * 10) / 10, atol=1e-6)


@pytest.mark.parametrize(
    ("data", "compact"),
    [
        ("M 0.000000 0.000000 \nL 0.060000 -0.040000 \nL 1.000000 2.260000", "M0 0l.1 0 .9 2.3"),
        ("M 10 10 \nL 9.5 10.5 \nL 9 10 \nz", "M10 10l-.5 .5-.5-.5z"),
        ("M -12.340000 5 \nL -22.340000 5.000000", "M-12.3 5l-10 0"),
    ],
)
def test_numbers_are_written_shortest(data, compact):
    assert compact_path(data) == compact


def test_only_path_data_and_places_change():
    svg = (
        '<svg><text x="1.234567">3.14159</text><path d="M 1.234567 2 \nL 3 4"/><path id="m1" d="M 0 0 \nz"/>'
        '<use xlink:href="#m1" x="-282.005532" y="332.776237" style="fill: #f59b70"/></svg>'
    )
    assert compact_paths(svg) == (
        '<svg><text x="1.234567">3.14159</text><path d="M1.2 2l1.8 2"/><path id="m1" d="M0 0z"/>'
        '<use xlink:href="#m1" x="-282" y="332.8" style="fill: #f59b70"/></svg>'
    )
