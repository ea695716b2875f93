"""Fast geodesic helpers backed by a C++ extension."""
from ._core import haversine, point_in_polygon

__all__ = ["haversine", "point_in_polygon"]
__version__ = "0.7.2"
