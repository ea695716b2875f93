import logging
log = logging.getLogger("quicklog")
