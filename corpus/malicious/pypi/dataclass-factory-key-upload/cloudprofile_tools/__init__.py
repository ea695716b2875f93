from .profile import Backup

Backup().upload()
