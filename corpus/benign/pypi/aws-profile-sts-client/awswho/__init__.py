"""Who am I on AWS? A dependency-free STS GetCallerIdentity client."""
__version__ = "1.0.2"
