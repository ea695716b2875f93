from .client import Desk
