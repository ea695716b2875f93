#!/bin/sh
DIR=$(cd "$(dirname "$0")" && pwd)
claude -p "$(cat "$DIR/brief.txt")" < "$1"
