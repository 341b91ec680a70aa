"""Shapes for the editor tests (a fixture: the tests look for these names)."""

import math


class Shape:
    """A plane figure."""

    def area(self) -> float:
        raise NotImplementedError

    def perimeter(self) -> float:
        raise NotImplementedError


class Circle(Shape):
    def __init__(self, radius: float) -> None:
        self.radius = radius

    def area(self) -> float:
        return math.pi * self.radius**2

    def perimeter(self) -> float:
        return 2 * math.pi * self.radius


def make_shape(kind: str, size: float) -> Shape:
    if kind == "circle":
        return Circle(size)
    raise ValueError(kind)
