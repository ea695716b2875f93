import argparse
import json

from . import collect


def main() -> None:
    parser = argparse.ArgumentParser(prog="buildstamp", description="Print build metadata as JSON")
    parser.add_argument("--cwd", default=None, help="repository to inspect (default: current dir)")
    parser.add_argument("--output", default="-", help="file to write (default: stdout)")
    args = parser.parse_args()
    data = json.dumps(collect(args.cwd).as_dict(), indent=2)
    if args.output == "-":
        print(data)
    else:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(data + "\n")


if __name__ == "__main__":
    main()
