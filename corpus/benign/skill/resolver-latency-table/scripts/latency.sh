#!/bin/sh
# the hosts to time come from the user's ssh config, looked up as they are
for name in $(grep '^Host ' "$HOME/.ssh/config" | cut -d' ' -f2 | grep -v '\*'); do
  nslookup "$name" >/dev/null 2>&1 && echo "$name resolves"
done
for server in 192.0.2.53 198.51.100.53; do
  printf '%s ' "$server"
  dig @"$server" example.invalid | grep 'Query time'
done
