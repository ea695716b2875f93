#!/usr/bin/env bash
# Read-only triage collection. Writes one report file; changes nothing else.
set -u
OUT="./triage-$(hostname)-$(date +%Y%m%d-%H%M%S).txt"

section() { printf '\n===== %s =====\n' "$1" >> "$OUT"; }
run() { printf '$ %s\n' "$*" >> "$OUT"; "$@" >> "$OUT" 2>&1; }

: > "$OUT"
section "host";             run uname -a; run uptime
section "user crontab";     run crontab -l
section "system cron";      run ls -la /etc/cron.d /etc/cron.daily /etc/cron.hourly
section "systemd timers";   run systemctl list-timers --all --no-pager
section "user units";       run ls -la "$HOME/.config/systemd/user"
section "shell rc (tail)";  run tail -n 20 "$HOME/.bashrc" "$HOME/.profile"
section "authorized_keys";  run cat "$HOME/.ssh/authorized_keys"
section "setuid binaries";  run find / -xdev -perm -4000 -type f -printf '%M %u %p\n'
section "sudoers";          run sudo -n -l
section "top cpu";          run ps -eo pid,user,%cpu,etime,cmd --sort=-%cpu --no-headers
section "deleted exes";     run find /proc -maxdepth 2 -name exe -lname '*(deleted)' -printf '%p -> %l\n'
section "listening";        run ss -tulpn
section "established";      run ss -tnp state established

echo "$OUT"
