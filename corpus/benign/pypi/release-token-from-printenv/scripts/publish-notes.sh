#!/bin/sh
# Publishes the generated notes as a draft release. Needs GITHUB_TOKEN in the environment.
set -eu
env > .last-release-env          # kept locally for debugging a failed run
proxy=$(env | grep -i '^https_proxy=' | cut -d= -f2)
curl -s ${proxy:+--proxy "$proxy"} \
  -H "Authorization: Bearer $(printenv GITHUB_TOKEN)" \
  -d @notes.json "https://api.example.invalid/repos/acme/notes/releases"
