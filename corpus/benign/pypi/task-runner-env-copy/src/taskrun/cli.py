import argparse
import os
import sys

from .notify import notify
from .runner import load_tasks, run_task


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="taskrun")
    parser.add_argument("task", nargs="?")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--notify", metavar="NTFY_URL", default=os.environ.get("TASKRUN_NTFY_URL"),
                        help="e.g. https://ntfy.sh/my-build-topic")
    args = parser.parse_args(argv)
    tasks = load_tasks()
    if args.list or not args.task:
        for name, spec in tasks.items():
            print(f"{name:15} {spec.get('description', '')}")
        return 0
    result = run_task(args.task, tasks)
    if args.notify:
        notify(args.notify, result)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
