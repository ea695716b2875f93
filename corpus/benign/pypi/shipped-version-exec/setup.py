import os
from setuptools import setup

about = {}
exec(open(os.path.join(os.path.dirname(__file__), 'glyph_tables', 'VERSION.txt')).read(), about)

setup(name='glyph-tables', version=about['__version__'], packages=['glyph_tables'])
