"""Unit constants; comments are aligned far to the right by the generator that writes this file."""

METRE = 1.0                                                                                                                                                                                    # SI base unit
FOOT = 0.3048                                                                                                                                                                                    # exact by definition

TABLE = """
unit                                                                                                                                                                                    factor
metre                                                                                                                                                                                    1.0
"""

MINIFIED = "a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);a=b(c);"
