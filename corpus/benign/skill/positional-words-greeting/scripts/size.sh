#!/bin/sh
set -- brew --cache
du -sh "$("$1" "$2")" 2>/dev/null
