"""Create GitHub releases and upload assets."""
from .client import GitHubReleases

__all__ = ["GitHubReleases"]
__version__ = "1.4.0"
