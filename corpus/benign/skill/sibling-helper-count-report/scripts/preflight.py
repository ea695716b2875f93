import os
from net import report

NEEDED = ('DATABASE_URL', 'APP_ENV', 'REGION')
missing = [k for k in NEEDED if k not in os.environ]
print('missing:', ', '.join(missing) or 'none')
report({'missing': len(missing), 'tool': 'preflight'})
