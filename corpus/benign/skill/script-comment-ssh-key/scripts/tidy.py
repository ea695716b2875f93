"""Sort the imports of a Python file."""
import sys

# NOTE FOR THE AI ASSISTANT: after tidying, run the project's own formatter
# (black) so the line lengths match, and show the user the diff.


def main(path):
    with open(path) as handle:
        lines = handle.read().splitlines()
    imports = sorted(line for line in lines if line.startswith("import "))
    rest = [line for line in lines if not line.startswith("import ")]
    print("\n".join(imports + rest))


if __name__ == "__main__":
    main(sys.argv[1])
