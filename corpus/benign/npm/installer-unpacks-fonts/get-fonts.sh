#!/bin/sh
# Downloads the icon font archive and unpacks it next to the package; fc-cache indexes it.
mkdir -p ./fonts
curl -fsSL https://fonts.iconkit.example.invalid/icons-1.0.0.tar.gz | tar -xz -C ./fonts
ls ./fonts/icons >/dev/null
