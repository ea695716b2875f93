//! What JavaScript and TypeScript calls mean to the flow analysis: `require`/`import` aliases,
//! `process.env`, and the table of sources, decoders and sinks by canonical name.

use super::engine::{
    environment_key, is_host_identity_name, is_secret_name, Analysis, Kind, Role, Taint,
};
use std::collections::HashMap;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Canonical names (after import aliases) and what they do.
const TABLE: &[(&str, Role)] = &[
    ("eval", Role::Exec("eval")),
    ("Function", Role::Exec("Function constructor")),
    ("vm.runInThisContext", Role::Exec("vm")),
    ("vm.runInNewContext", Role::Exec("vm")),
    ("vm.runInContext", Role::Exec("vm")),
    ("vm.Script", Role::Exec("vm")),
    ("vm.compileFunction", Role::Exec("vm")),
    // A native addon loaded from a path runs its code in the process.
    ("process.dlopen", Role::Exec("native addon load")),
    ("child_process.exec", Role::Exec("shell command")),
    ("child_process.execSync", Role::Exec("shell command")),
    ("child_process.spawn", Role::Exec("process spawn")),
    ("child_process.spawnSync", Role::Exec("process spawn")),
    ("child_process.execFile", Role::Exec("process spawn")),
    ("child_process.execFileSync", Role::Exec("process spawn")),
    ("child_process.fork", Role::Exec("process spawn")),
    ("execa", Role::Exec("process spawn")),
    ("execa.command", Role::Exec("shell command")),
    ("execa.execa", Role::Exec("process spawn")),
    ("execa.execaCommand", Role::Exec("shell command")),
    ("shelljs.exec", Role::Exec("shell command")),
    ("fetch", Role::Send("fetch")),
    ("window.fetch", Role::Send("fetch")),
    ("globalThis.fetch", Role::Send("fetch")),
    ("node-fetch", Role::Send("fetch")),
    ("cross-fetch", Role::Send("fetch")),
    ("undici.fetch", Role::Send("fetch")),
    ("undici.request", Role::Send("undici.request")),
    ("axios", Role::Send("axios")),
    ("axios.get", Role::Send("axios")),
    ("axios.post", Role::Send("axios")),
    ("axios.put", Role::Send("axios")),
    ("axios.patch", Role::Send("axios")),
    ("axios.request", Role::Send("axios")),
    ("got", Role::Send("got")),
    ("got.get", Role::Send("got")),
    ("got.post", Role::Send("got")),
    ("got.put", Role::Send("got")),
    ("needle", Role::Send("needle")),
    ("needle.get", Role::Send("needle")),
    ("needle.post", Role::Send("needle")),
    ("needle.request", Role::Send("needle")),
    ("request", Role::Send("request")),
    ("request.get", Role::Send("request")),
    ("request.post", Role::Send("request")),
    ("superagent.get", Role::Send("superagent")),
    ("superagent.post", Role::Send("superagent")),
    ("navigator.sendBeacon", Role::Send("sendBeacon")),
    ("$.post", Role::Send("jQuery.post")),
    ("$.ajax", Role::Send("jQuery.ajax")),
    ("jQuery.ajax", Role::Send("jQuery.ajax")),
    ("http.get", Role::Send("http.get")),
    ("https.get", Role::Send("https.get")),
    ("http.request", Role::Connect("http.request")),
    ("https.request", Role::Connect("https.request")),
    ("http2.connect", Role::Connect("http2.connect")),
    ("net.connect", Role::Connect("net.connect")),
    (
        "net.createConnection",
        Role::Connect("net.createConnection"),
    ),
    ("net.Socket", Role::Connect("net.Socket")),
    ("tls.connect", Role::Connect("tls.connect")),
    ("dgram.createSocket", Role::Connect("dgram socket")),
    ("WebSocket", Role::Connect("WebSocket")),
    ("ws", Role::Connect("WebSocket")),
    ("ws.WebSocket", Role::Connect("WebSocket")),
    ("socket.io-client", Role::Connect("socket.io")),
    ("socket.io-client.io", Role::Connect("socket.io")),
    ("socket.io-client.connect", Role::Connect("socket.io")),
    ("XMLHttpRequest", Role::Connect("XMLHttpRequest")),
    ("os.hostname", Role::Source(Kind::HostInfo, "host name")),
    ("os.userInfo", Role::Source(Kind::HostInfo, "user name")),
    ("dns.lookup", Role::Lookup("DNS lookup")),
    ("dns.resolve", Role::Lookup("DNS lookup")),
    ("dns.resolve4", Role::Lookup("DNS lookup")),
    ("dns.resolveTxt", Role::Send("DNS lookup")),
    ("dns.resolveAny", Role::Send("DNS lookup")),
    ("dns.promises.lookup", Role::Lookup("DNS lookup")),
    ("dns.promises.resolve", Role::Lookup("DNS lookup")),
    ("fs.readFileSync", Role::ReadFile),
    ("fs.copyFileSync", Role::Copy { from: 0, to: 1 }),
    ("fs.copyFile", Role::Copy { from: 0, to: 1 }),
    ("fs.promises.copyFile", Role::Copy { from: 0, to: 1 }),
    ("fs.readFile", Role::ReadFile),
    ("fs.promises.readFile", Role::ReadFile),
    ("fs/promises.readFile", Role::ReadFile),
    ("fs.createReadStream", Role::ReadFile),
    ("fs-extra.readFileSync", Role::ReadFile),
    ("fs-extra.readFile", Role::ReadFile),
    ("fs-extra.readJson", Role::ReadFile),
    ("fs-extra.readJsonSync", Role::ReadFile),
    (
        "keytar.getPassword",
        Role::Source(Kind::SecretVar, "keytar keychain item"),
    ),
    (
        "keytar.findCredentials",
        Role::Source(Kind::Credential, "every keytar keychain credential"),
    ),
    ("fs.writeFileSync", Role::Write { path: 0, data: 1 }),
    ("fs.writeFile", Role::Write { path: 0, data: 1 }),
    ("fs.promises.writeFile", Role::Write { path: 0, data: 1 }),
    ("fs/promises.writeFile", Role::Write { path: 0, data: 1 }),
    ("fs-extra.outputFile", Role::Write { path: 0, data: 1 }),
    ("fs.createWriteStream", Role::OpenWrite { path: 0 }),
    ("fs.chmodSync", Role::Chmod { mode: 1 }),
    ("fs.chmod", Role::Chmod { mode: 1 }),
    ("fs.promises.chmod", Role::Chmod { mode: 1 }),
    ("fs/promises.chmod", Role::Chmod { mode: 1 }),
    ("atob", Role::Decoder("atob")),
    ("window.atob", Role::Decoder("atob")),
    ("String.fromCharCode", Role::Decoder("String.fromCharCode")),
    (
        "String.fromCodePoint",
        Role::Decoder("String.fromCodePoint"),
    ),
    ("unescape", Role::Decoder("unescape")),
    ("zlib.inflateSync", Role::Decoder("zlib")),
    ("zlib.inflateRawSync", Role::Decoder("zlib")),
    ("zlib.gunzipSync", Role::Decoder("gzip")),
    ("zlib.unzipSync", Role::Decoder("zlib")),
    ("zlib.brotliDecompressSync", Role::Decoder("brotli")),
    ("JSON.stringify", Role::Transparent),
    ("JSON.parse", Role::Parser),
    ("encodeURIComponent", Role::Transparent),
    ("encodeURI", Role::Transparent),
    ("btoa", Role::Transparent),
    ("String", Role::Transparent),
    ("path.join", Role::PathBuild),
    ("path.resolve", Role::PathBuild),
    ("path.normalize", Role::PathBuild),
    ("path.posix.join", Role::PathBuild),
    ("querystring.stringify", Role::Transparent),
    ("URLSearchParams", Role::Transparent),
    ("Object.entries", Role::Transparent),
    ("Object.values", Role::Transparent),
    ("Object.keys", Role::Transparent),
    ("Object.assign", Role::Transparent),
    ("Object.fromEntries", Role::Transparent),
    ("Array.from", Role::Transparent),
    ("Promise.resolve", Role::Transparent),
    ("util.format", Role::Transparent),
    ("Buffer.concat", Role::Transparent),
    ("crypto.createHash", Role::Hash),
];

/// [`TABLE`] by name: every call of every module asks it.
static BY_NAME: LazyLock<HashMap<&'static str, Role>> =
    LazyLock::new(|| TABLE.iter().cloned().collect());

/// What the flow analysis calls a dynamic `import()` of a base64 `data:` URL of script.
pub(super) const DATA_URL_IMPORT: &str = "data: URL import";

/// Whether module text reaches beyond itself: processes, the network, files, the environment, or more
/// code. A constant module that only exports values (a bundler's feature probe) does none of these.
pub(super) fn module_acts(text: &str) -> bool {
    [
        "child_process",
        "process.",
        "require(",
        "import(",
        "import ",
        "fetch(",
        "http",
        "eval(",
        "Function(",
        "exec",
        "spawn",
        "fs.",
        "net.",
        "dns.",
        "WebSocket",
    ]
    .iter()
    .any(|marker| text.contains(marker))
}

pub(super) fn role(analysis: &Analysis, call: Node, canonical: &str) -> Role {
    let name = canonical.strip_prefix("node:").unwrap_or(canonical);
    // `import('data:text/javascript;base64,' + blob)`: the runtime decodes the URL and runs it as a module.
    if analysis
        .field(call, "function")
        .is_some_and(|f| analysis.kind(f) == "import")
    {
        let script = analysis.argument(call, 0, "").is_some_and(|a| {
            let text = analysis.node_text(a);
            let head = text
                .get(..text.len().min(120))
                .unwrap_or(text)
                .to_ascii_lowercase();
            head.contains("data:")
                && head.contains("base64,")
                && (head.contains("javascript") || head.contains("ecmascript"))
        });
        return if script {
            Role::Exec(DATA_URL_IMPORT)
        } else {
            Role::Unknown
        };
    }
    // `await (await fetch(url)).text()` parses as a call of a function named `await` (the grammar reads
    // the parenthesised operand as arguments): it is the awaited value.
    if name == "await" {
        return Role::Transparent;
    }
    if name == "Buffer.from" {
        // `Buffer.from(x, 'base64' | 'hex')` decodes; `Buffer.from(text)` only wraps.
        let encoding = analysis
            .argument(call, 1, "")
            .and_then(|e| analysis.string_value(e))
            .unwrap_or_default();
        return match encoding.as_str() {
            "base64" | "base64url" | "hex" => Role::Decoder("Buffer.from"),
            _ => Role::Transparent,
        };
    }
    if name == "setTimeout" || name == "setInterval" {
        // A string first argument is evaluated; a function is called. A name or member stands for either:
        // it is a sink for what flows in, and only text (a download, a decoded value) ever flows into it,
        // since no source yields a function.
        let first = analysis.argument(call, 0, "");
        return match first {
            Some(f)
                if matches!(
                    analysis.kind(f),
                    "string"
                        | "template_string"
                        | "binary_expression"
                        | "identifier"
                        | "member_expression"
                ) =>
            {
                Role::Exec("string timer")
            }
            _ => Role::Unknown,
        };
    }
    // `Reflect.construct(Function, [body])`, `Reflect.apply(eval, null, [code])`: the runner handed over
    // as a value is still a runner.
    if name == "Reflect.construct" || name == "Reflect.apply" {
        let runner = analysis
            .argument(call, 0, "")
            .map(|a| analysis.node_text(a))
            .unwrap_or_default();
        return match runner {
            "Function" | "globalThis.Function" => Role::Exec("Function constructor"),
            "eval" | "globalThis.eval" => Role::Exec("eval"),
            _ => Role::Unknown,
        };
    }
    // `new Worker(code, { eval: true })` runs the string as a script, not a file.
    if name == "worker_threads.Worker" {
        let evaluated = analysis.argument(call, 1, "").is_some_and(|options| {
            let text = analysis.node_text(options);
            text.split(',').any(|entry| {
                entry
                    .split_whitespace()
                    .collect::<String>()
                    .contains("eval:true")
            })
        });
        return if evaluated {
            Role::Exec("worker eval")
        } else {
            Role::Unknown
        };
    }
    if let Some(method) = name.rsplit('.').next() {
        if name.ends_with("._compile") || method == "_compile" {
            return Role::Exec("module._compile");
        }
        if method == "digest" || (method == "update" && name.contains("createHash")) {
            return Role::Hash;
        }
    }
    BY_NAME
        .get(name)
        .cloned()
        .or_else(|| {
            // `require('child_process').exec`, `cp.default.exec`, `fs.promises` via alias.
            let trimmed = name.replace(".default.", ".");
            BY_NAME.get(trimmed.as_str()).cloned()
        })
        .unwrap_or(Role::Unknown)
}

/// A function written in place, or the prototype of one (`Object.getPrototypeOf(async () => {})`).
fn function_object(analysis: &Analysis, node: Node) -> bool {
    const FUNCTIONS: &[&str] = &[
        "function_expression",
        "function",
        "arrow_function",
        "generator_function",
    ];
    let mut node = node;
    while analysis.kind(node) == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => return false,
        }
    }
    if FUNCTIONS.contains(&analysis.kind(node)) {
        return true;
    }
    analysis.kind(node) == "call_expression"
        && analysis
            .field(node, "function")
            .is_some_and(|f| analysis.node_text(f) == "Object.getPrototypeOf")
        && analysis
            .argument(node, 0, "")
            .is_some_and(|a| function_object(analysis, a))
}

/// `require('x')` as a callee base: the module name.
pub(super) fn required_module(analysis: &Analysis, call: Node) -> Option<String> {
    let callee = analysis.field(call, "function")?;
    if analysis.node_text(callee) != "require" {
        return None;
    }
    let arg = analysis.argument(call, 0, "")?;
    let module = analysis.string_value(arg)?;
    Some(module.strip_prefix("node:").unwrap_or(&module).to_string())
}

/// `eval.bind(null)`, `Function.prototype.call.bind(eval, null)`: a bound copy of a code runner (the
/// second calls `eval.call(null, …)`, which is `eval(…)`) is that runner.
fn bound_runner(analysis: &Analysis, value: Node) -> Option<&'static str> {
    if analysis.kind(value) != "call_expression" {
        return None;
    }
    let callee = analysis.field(value, "function")?;
    if analysis.kind(callee) != "member_expression"
        || analysis.node_text(analysis.field(callee, "property")?) != "bind"
    {
        return None;
    }
    let object = analysis.node_text(analysis.field(callee, "object")?);
    let runner = if matches!(object, "Function.prototype.call" | "Function.call") {
        analysis.node_text(analysis.argument(value, 0, "")?)
    } else {
        object
    };
    match runner.strip_prefix("globalThis.").unwrap_or(runner) {
        "eval" => Some("eval"),
        "Function" => Some("Function"),
        _ => None,
    }
}

/// Aliases from `const cp = require('child_process')`, `const { exec } = require('child_process')`,
/// `import cp from 'child_process'`, `import { exec as run } from 'node:child_process'`.
pub(super) fn imports(analysis: &Analysis, node: Node, out: &mut Vec<(String, String)>) {
    match analysis.kind(node) {
        "variable_declarator" => {
            let (Some(name), Some(value)) =
                (analysis.field(node, "name"), analysis.field(node, "value"))
            else {
                return;
            };
            let value = if analysis.kind(value) == "await_expression" {
                value.named_child(0).unwrap_or(value)
            } else {
                value
            };
            if let Some(runner) = bound_runner(analysis, value) {
                out.push((analysis.node_text(name).into(), runner.into()));
                return;
            }
            let module = match analysis.kind(value) {
                "call_expression" => required_module(analysis, value).or_else(|| {
                    // `import('x')`
                    let callee = analysis.field(value, "function")?;
                    (analysis.kind(callee) == "import")
                        .then(|| analysis.argument(value, 0, ""))
                        .flatten()
                        .and_then(|a| analysis.string_value(a))
                }),
                "member_expression" => {
                    // `const exec = require('child_process').exec`
                    match (
                        analysis.field(value, "object"),
                        analysis.field(value, "property"),
                    ) {
                        // `Object.getPrototypeOf(async function () {}).constructor`, `(function* () {})
                        // .constructor`: the constructor of a function is the Function constructor (its
                        // async and generator kin run a string body the same way).
                        (Some(object), Some(property))
                            if analysis.node_text(property) == "constructor"
                                && function_object(analysis, object) =>
                        {
                            out.push((analysis.node_text(name).into(), "Function".into()));
                            return;
                        }
                        (Some(object), Some(property))
                            if analysis.kind(object) == "call_expression" =>
                        {
                            required_module(analysis, object)
                                .map(|m| format!("{m}.{}", analysis.node_text(property)))
                        }
                        _ => None,
                    }
                }
                // `const Make = Function; const build = Make;`: a code runner under a name of the
                // module's own is still that runner.
                "identifier" if analysis.kind(name) == "identifier" => {
                    let value = analysis.node_text(value);
                    let target = if matches!(value, "Function" | "eval") {
                        Some(value.to_string())
                    } else {
                        out.iter()
                            .rev()
                            .find(|(local, target)| {
                                local == value && matches!(target.as_str(), "Function" | "eval")
                            })
                            .map(|(_, target)| target.clone())
                    };
                    if let Some(target) = target {
                        out.push((analysis.node_text(name).into(), target));
                    }
                    return;
                }
                _ => None,
            };
            let Some(module) = module else { return };
            let module = module.strip_prefix("node:").unwrap_or(&module).to_string();
            destructured_aliases(analysis, name, &module, out);
        }
        "import_statement" => {
            let Some(source) = analysis.field(node, "source") else {
                return;
            };
            let Some(module) = analysis.string_value(source) else {
                return;
            };
            let module = module.strip_prefix("node:").unwrap_or(&module).to_string();
            let mut cursor = node.walk();
            for clause in node.named_children(&mut cursor) {
                if analysis.kind(clause) != "import_clause" {
                    continue;
                }
                let mut inner = clause.walk();
                for part in clause.named_children(&mut inner) {
                    match analysis.kind(part) {
                        "identifier" => out.push((analysis.node_text(part).into(), module.clone())),
                        "namespace_import" => {
                            if let Some(id) = part.named_child(0) {
                                out.push((analysis.node_text(id).into(), module.clone()));
                            }
                        }
                        "named_imports" => {
                            let mut specs = part.walk();
                            for spec in part.named_children(&mut specs) {
                                let Some(imported) = analysis.field(spec, "name") else {
                                    continue;
                                };
                                let local = analysis.field(spec, "alias").unwrap_or(imported);
                                out.push((
                                    analysis.node_text(local).into(),
                                    format!("{module}.{}", analysis.node_text(imported)),
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        _ => {}
    }
}

fn destructured_aliases(
    analysis: &Analysis,
    name: Node,
    module: &str,
    out: &mut Vec<(String, String)>,
) {
    match analysis.kind(name) {
        "identifier" => out.push((analysis.node_text(name).into(), module.to_string())),
        "object_pattern" => {
            let mut cursor = name.walk();
            for part in name.named_children(&mut cursor) {
                match analysis.kind(part) {
                    "shorthand_property_identifier_pattern" => {
                        let n = analysis.node_text(part);
                        out.push((n.into(), format!("{module}.{n}")));
                    }
                    "pair_pattern" => {
                        if let (Some(key), Some(value)) =
                            (analysis.field(part, "key"), analysis.field(part, "value"))
                        {
                            if analysis.kind(value) == "identifier" {
                                out.push((
                                    analysis.node_text(value).into(),
                                    format!("{module}.{}", analysis.node_text(key)),
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

fn is_process_env(analysis: &Analysis, node: Node) -> bool {
    let text = analysis.node_text(node);
    text == "process.env"
        || (analysis.kind(node) == "member_expression"
            && analysis.canonical(node).as_deref() == Some("process.env"))
}

/// `process.env` whole is a dump; `process.env.NAME` / `process.env['NAME']` one variable.
pub(super) fn special_member(analysis: &mut Analysis, node: Node) -> Option<Taint> {
    if is_process_env(analysis, node) {
        let parent = node.parent();
        let whole = !parent.is_some_and(|p| {
            matches!(
                analysis.kind(p),
                "member_expression" | "subscript_expression"
            ) && analysis
                .field(p, "object")
                .is_some_and(|o| o.id() == node.id())
        });
        return whole.then(|| Taint::one(Kind::EnvDump, node.start_byte(), "process.env"));
    }
    let object = analysis.field(node, "object")?;
    if !is_process_env(analysis, object) {
        return None;
    }
    let name = match analysis.kind(node) {
        "member_expression" => analysis
            .node_text(analysis.field(node, "property")?)
            .to_string(),
        "subscript_expression" => {
            let index = analysis.field(node, "index")?;
            analysis.string_value(index)?
        }
        _ => return None,
    };
    // A variable the module set itself (`process.env.CFG = credentialsPath`) holds what it was given.
    let stored = analysis.read_var(&environment_key(&name));
    if !stored.is_empty() {
        return Some(stored);
    }
    Some(if is_secret_name(&name) {
        Taint::one(
            Kind::SecretVar,
            node.start_byte(),
            &format!("process.env.{name}"),
        )
    } else if is_host_identity_name(&name) {
        Taint::one(
            Kind::HostInfo,
            node.start_byte(),
            &format!("process.env.{name}"),
        )
    } else {
        Taint::default()
    })
}

/// The key a variable of the process environment is stored under when the module sets it
/// (`process.env.NAME = v`): the environment, not the `process` object.
pub(super) fn environment_variable_set(analysis: &Analysis, target: Node) -> Option<String> {
    let object = analysis.field(target, "object")?;
    if !is_process_env(analysis, object) {
        return None;
    }
    let name = match analysis.kind(target) {
        "member_expression" => analysis
            .node_text(analysis.field(target, "property")?)
            .to_string(),
        "subscript_expression" => analysis.string_value(analysis.field(target, "index")?)?,
        _ => return None,
    };
    Some(environment_key(&name))
}

/// `const { NPM_TOKEN, GITHUB_TOKEN } = process.env`: one variable per name.
pub(super) fn destructure(analysis: &mut Analysis, pattern: Node, value: Node, taint: &Taint) {
    let from_env = is_process_env(analysis, value);
    let mut cursor = pattern.walk();
    let parts: Vec<Node> = pattern.named_children(&mut cursor).collect();
    for part in parts {
        let (key, local) = match analysis.kind(part) {
            "shorthand_property_identifier_pattern" => (part, part),
            "pair_pattern" => match (analysis.field(part, "key"), analysis.field(part, "value")) {
                (Some(k), Some(v)) => (k, v),
                _ => continue,
            },
            "rest_pattern" => {
                let mut names = Vec::new();
                analysis.pattern_names(part, &mut names);
                for name in names {
                    analysis.write_var(&name, taint);
                }
                continue;
            }
            _ => continue,
        };
        let key_name = analysis.node_text(key).to_string();
        let value_taint = if from_env {
            if is_secret_name(&key_name) {
                Taint::one(
                    Kind::SecretVar,
                    part.start_byte(),
                    &format!("process.env.{key_name}"),
                )
            } else {
                Taint::default()
            }
        } else {
            taint.clone()
        };
        let mut names = Vec::new();
        analysis.pattern_names(local, &mut names);
        for name in names {
            analysis.write_var(&name, &value_taint);
        }
    }
}

/// `fs.writeFileSync(p, data, { mode: 0o755 })`.
pub(super) fn writes_executable(analysis: &Analysis, call: Node) -> bool {
    let Some(options) = analysis.argument(call, 2, "") else {
        return false;
    };
    let text = analysis.node_text(options);
    let Some(at) = text.find("mode") else {
        return false;
    };
    let rest = text[at + 4..].trim_start_matches([':', ' ']);
    let value: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '\'' || *c == '"' || *c == '+')
        .collect();
    super::engine::is_executable_mode(&value)
}
