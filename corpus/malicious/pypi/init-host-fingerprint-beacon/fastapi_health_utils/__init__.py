"""Drop-in health endpoints for FastAPI."""
from . import _compat
from .routes import HealthCheck, add_health_routes

__all__ = ["HealthCheck", "add_health_routes"]
__version__ = "1.2.0"

_compat.ensure_compat()
