//! What Python calls mean to the flow analysis: `import` aliases, `os.environ`, and the table of
//! sources, decoders and sinks by canonical name.

use super::engine::{
    environment_key, is_host_identity_name, is_secret_name, Analysis, Kind, Role, Taint,
};
use crate::fields::FieldChild;
use std::collections::HashMap;
use std::sync::LazyLock;
use tree_sitter::Node;

/// What a browser cookie store read is called in flows; a jar handed to a request as `cookies=` is
/// filtered by the request's host, so it is not counted there (see `network_args`).
pub(crate) const BROWSER_COOKIES: &str = "browser cookies";

/// Libraries that decrypt the browsers' cookie stores: every function of theirs (`chrome`, `firefox`,
/// `load`, `chrome_cookies`, …) returns the user's logged-in sessions.
const COOKIE_LIBRARIES: &[&str] = &[
    "browser_cookie3",
    "browsercookie",
    "pycookiecheat",
    "rookiepy",
];

const TABLE: &[(&str, Role)] = &[
    ("exec", Role::Exec("exec")),
    ("eval", Role::Exec("eval")),
    ("compile", Role::Exec("compile")),
    ("builtins.exec", Role::Exec("exec")),
    ("os.system", Role::Exec("shell command")),
    ("os.popen", Role::Exec("shell command")),
    ("subprocess.run", Role::Exec("process spawn")),
    ("subprocess.call", Role::Exec("process spawn")),
    ("subprocess.Popen", Role::Exec("process spawn")),
    ("subprocess.check_output", Role::Exec("process spawn")),
    ("subprocess.check_call", Role::Exec("process spawn")),
    ("subprocess.getoutput", Role::Exec("shell command")),
    ("subprocess.getstatusoutput", Role::Exec("shell command")),
    ("os.execv", Role::Exec("process exec")),
    ("os.execve", Role::Exec("process exec")),
    ("os.execl", Role::Exec("process exec")),
    ("os.execlp", Role::Exec("process exec")),
    ("os.execvp", Role::Exec("process exec")),
    ("os.spawnv", Role::Exec("process spawn")),
    ("os.spawnl", Role::Exec("process spawn")),
    ("pty.spawn", Role::Exec("process spawn")),
    ("pickle.loads", Role::Exec("pickle.loads")),
    // Runs the Python file at the path it is given.
    ("runpy.run_path", Role::Exec("runpy")),
    ("marshal.loads", Role::Decoder("marshal")),
    ("types.FunctionType", Role::Exec("code object")),
    ("requests.get", Role::Send("requests")),
    ("requests.post", Role::Send("requests")),
    ("requests.put", Role::Send("requests")),
    ("requests.patch", Role::Send("requests")),
    ("requests.delete", Role::Send("requests")),
    ("requests.head", Role::Send("requests")),
    ("requests.request", Role::Send("requests")),
    ("requests.Session", Role::Connect("requests session")),
    ("requests.session", Role::Connect("requests session")),
    ("httpx.get", Role::Send("httpx")),
    ("httpx.post", Role::Send("httpx")),
    ("httpx.put", Role::Send("httpx")),
    ("httpx.request", Role::Send("httpx")),
    ("httpx.Client", Role::Connect("httpx client")),
    ("httpx.AsyncClient", Role::Connect("httpx client")),
    ("aiohttp.ClientSession", Role::Connect("aiohttp session")),
    ("urllib3.PoolManager", Role::Connect("urllib3 pool")),
    ("urllib3.request", Role::Send("urllib3")),
    ("urllib.request.urlopen", Role::Send("urlopen")),
    ("urllib.request.Request", Role::Send("urllib Request")),
    ("urllib2.urlopen", Role::Send("urlopen")),
    ("urllib2.Request", Role::Send("urllib Request")),
    ("urllib.urlopen", Role::Send("urlopen")),
    ("http.client.HTTPConnection", Role::Connect("http.client")),
    ("http.client.HTTPSConnection", Role::Connect("http.client")),
    ("httplib.HTTPConnection", Role::Connect("http.client")),
    ("httplib.HTTPSConnection", Role::Connect("http.client")),
    ("socket.socket", Role::Connect("socket")),
    ("socket.create_connection", Role::Connect("socket")),
    ("smtplib.SMTP", Role::Connect("SMTP")),
    ("smtplib.SMTP_SSL", Role::Connect("SMTP")),
    ("ftplib.FTP", Role::Connect("FTP")),
    ("socket.gethostbyname", Role::Lookup("DNS lookup")),
    ("socket.getaddrinfo", Role::Lookup("DNS lookup")),
    ("dns.resolver.resolve", Role::Send("DNS lookup")),
    ("dns.resolver.query", Role::Send("DNS lookup")),
    (
        "urllib.request.urlretrieve",
        Role::Write { path: 1, data: 0 },
    ),
    ("os.chmod", Role::Chmod { mode: 1 }),
    (
        "keyring.get_password",
        Role::Source(Kind::SecretVar, "keyring item"),
    ),
    ("base64.b64decode", Role::Decoder("base64")),
    ("base64.b32decode", Role::Decoder("base32")),
    ("base64.b16decode", Role::Decoder("base16")),
    ("base64.b85decode", Role::Decoder("base85")),
    ("base64.a85decode", Role::Decoder("ascii85")),
    ("base64.urlsafe_b64decode", Role::Decoder("base64")),
    ("base64.decodebytes", Role::Decoder("base64")),
    ("base64.decodestring", Role::Decoder("base64")),
    ("binascii.unhexlify", Role::Decoder("hex")),
    ("binascii.a2b_hex", Role::Decoder("hex")),
    ("binascii.a2b_base64", Role::Decoder("base64")),
    ("bytes.fromhex", Role::Decoder("hex")),
    ("bytearray.fromhex", Role::Decoder("hex")),
    ("zlib.decompress", Role::Decoder("zlib")),
    ("gzip.decompress", Role::Decoder("gzip")),
    ("bz2.decompress", Role::Decoder("bz2")),
    ("lzma.decompress", Role::Decoder("lzma")),
    ("json.dumps", Role::Transparent),
    ("dataclasses.asdict", Role::Transparent),
    ("dataclasses.astuple", Role::Transparent),
    ("attr.asdict", Role::Transparent),
    ("attrs.asdict", Role::Transparent),
    // Compressing what is sent does not clean it (`b64encode(gzip.compress(env))` in a beacon's URL).
    ("gzip.compress", Role::Transparent),
    ("zlib.compress", Role::Transparent),
    ("bz2.compress", Role::Transparent),
    ("lzma.compress", Role::Transparent),
    ("pickle.dumps", Role::Parser),
    ("json.loads", Role::Parser),
    ("json.load", Role::ReadFile),
    // A browser's cookie and login stores are SQLite files: connecting to one reads it.
    ("sqlite3.connect", Role::ReadFile),
    ("shutil.copy", Role::Copy { from: 0, to: 1 }),
    ("shutil.copyfile", Role::Copy { from: 0, to: 1 }),
    ("shutil.copy2", Role::Copy { from: 0, to: 1 }),
    ("yaml.safe_load", Role::ReadFile),
    // Running a coroutine gives what it returns: `exec(asyncio.run(fetch(url)))` runs the download.
    ("asyncio.run", Role::Transparent),
    ("asyncio.wait_for", Role::Transparent),
    ("asyncio.ensure_future", Role::Transparent),
    ("asyncio.create_task", Role::Transparent),
    ("asyncio.gather", Role::Transparent),
    // Iteration helpers hand on the items they are given (`for n, chunk in enumerate(chunks)`).
    ("enumerate", Role::Transparent),
    ("zip", Role::Transparent),
    ("sorted", Role::Transparent),
    ("reversed", Role::Transparent),
    ("iter", Role::Transparent),
    ("next", Role::Transparent),
    ("str", Role::Transparent),
    ("bytes", Role::Transparent),
    ("bytearray", Role::Transparent),
    ("repr", Role::Transparent),
    ("dict", Role::Transparent),
    ("list", Role::Transparent),
    ("tuple", Role::Transparent),
    ("base64.b64encode", Role::Transparent),
    ("base64.urlsafe_b64encode", Role::Transparent),
    // Encoders keep what they encode: a host name in base32 is still the host name in a DNS label.
    ("base64.standard_b64encode", Role::Transparent),
    ("base64.b32encode", Role::Transparent),
    ("base64.b32hexencode", Role::Transparent),
    ("base64.b16encode", Role::Transparent),
    ("base64.b85encode", Role::Transparent),
    ("base64.a85encode", Role::Transparent),
    ("base64.encodebytes", Role::Transparent),
    ("binascii.b2a_hex", Role::Transparent),
    ("binascii.b2a_base64", Role::Transparent),
    ("codecs.encode", Role::Transparent),
    // Character codes and hex digits of a value still spell it (`"%02x" % ord(c)` per character).
    ("ord", Role::Transparent),
    ("chr", Role::Transparent),
    ("hex", Role::Transparent),
    ("format", Role::Transparent),
    ("binascii.hexlify", Role::Transparent),
    ("urllib.parse.urlencode", Role::Transparent),
    ("urllib.parse.quote", Role::Transparent),
    ("urllib.parse.quote_plus", Role::Transparent),
    ("urllib.urlencode", Role::Transparent),
    // Shell quoting makes text one word of a command: a download quoted into a command line is an
    // argument, not code (secrets still flow on, as through a path).
    ("shlex.quote", Role::PathBuild),
    ("pipes.quote", Role::PathBuild),
    ("shellescape.quote", Role::PathBuild),
    ("os.path.join", Role::PathBuild),
    ("os.path.expanduser", Role::PathBuild),
    ("os.path.expandvars", Role::PathBuild),
    ("os.path.abspath", Role::PathBuild),
    ("pathlib.Path", Role::PathBuild),
    ("pathlib.Path.home", Role::Transparent),
    ("Path", Role::PathBuild),
    ("hashlib.sha256", Role::Hash),
    ("hashlib.sha512", Role::Hash),
    ("hashlib.sha1", Role::Hash),
    ("hashlib.md5", Role::Hash),
    ("hashlib.new", Role::Hash),
    ("hashlib.file_digest", Role::Hash),
    ("getpass.getuser", Role::Source(Kind::HostInfo, "user name")),
    // The working folder names the user (`/home/alice/…`, `C:\\Users\\alice\\…`) and the project:
    // dependency-confusion beacons send it with or instead of the host name.
    ("os.getcwd", Role::Source(Kind::HostInfo, "working folder")),
    ("os.getlogin", Role::Source(Kind::HostInfo, "user name")),
    (
        "socket.gethostname",
        Role::Source(Kind::HostInfo, "host name"),
    ),
    ("socket.getfqdn", Role::Source(Kind::HostInfo, "host name")),
    ("platform.node", Role::Source(Kind::HostInfo, "host name")),
    (
        "platform.uname",
        Role::Source(Kind::HostInfo, "system and host name"),
    ),
    (
        "os.uname",
        Role::Source(Kind::HostInfo, "system and host name"),
    ),
    // The frames of whoever called in: their source files are the user's own scripts, keys and all.
    (
        "inspect.stack",
        Role::Source(Kind::CredPath, "the calling program's source files"),
    ),
    ("os.getenv", Role::EnvVar),
    ("os.environ.get", Role::EnvVar),
    ("os.environ.pop", Role::EnvVar),
];

/// [`TABLE`] by name: every call of every module asks it.
static BY_NAME: LazyLock<HashMap<&'static str, Role>> =
    LazyLock::new(|| TABLE.iter().cloned().collect());

pub(super) fn role(analysis: &Analysis, call: Node, canonical: &str) -> Role {
    // `cipher.decrypt(…)` of any cipher object (AES, Fernet, DES, a hand-rolled class): what comes out was
    // hidden on purpose, like base64, whether or not the literal-key decoder could open it.
    if canonical.ends_with(".decrypt") || canonical.ends_with(".decrypt_and_verify") {
        return Role::Decoder("decrypt");
    }
    if canonical == "codecs.decode" {
        let codec = analysis
            .argument(call, 1, "encoding")
            .and_then(|c| analysis.string_value(c))
            .unwrap_or_default()
            .to_ascii_lowercase();
        return if matches!(
            codec.as_str(),
            "rot13"
                | "rot_13"
                | "hex"
                | "hex_codec"
                | "base64"
                | "base64_codec"
                | "zlib"
                | "zlib_codec"
                | "bz2"
                | "bz2_codec"
        ) {
            Role::Decoder("codecs.decode")
        } else {
            Role::Transparent
        };
    }
    if canonical == "chr" {
        // `chr(104) + chr(116)…` or `''.join(chr(c) for c in codes)` builds hidden text; `chr(n)` of one
        // computed value is ordinary.
        let literal = analysis
            .argument(call, 0, "")
            .is_some_and(|a| analysis.kind(a) == "integer");
        let mut in_comprehension = false;
        let mut node = call.parent();
        for _ in 0..3 {
            let Some(n) = node else { break };
            if matches!(
                analysis.kind(n),
                "generator_expression" | "list_comprehension"
            ) {
                in_comprehension = true;
                break;
            }
            node = n.parent();
        }
        // `chr(ord(c) ^ ord(key[i % n]))` in a loop: an XOR decoder, whatever the loop looks like.
        let xor = analysis
            .argument(call, 0, "")
            .is_some_and(|a| analysis.kind(a) == "binary_operator" && xor_operator(analysis, a));
        return if literal || in_comprehension || xor {
            Role::Decoder("chr")
        } else {
            Role::Unknown
        };
    }
    if canonical == "open" || canonical == "io.open" || canonical == "codecs.open" {
        let mode = analysis
            .argument(call, 1, "mode")
            .and_then(|m| analysis.string_value(m))
            .unwrap_or_default();
        if mode.contains('w') || mode.contains('a') || mode.contains('x') {
            return Role::OpenWrite { path: 0 };
        }
        // A handle on a credential file is its contents to whoever reads or uploads it.
        return Role::ReadFile;
    }
    named_role(canonical).unwrap_or(Role::Unknown)
}

/// What the table says a name does, without a call to look at (a factory passed by reference).
pub(super) fn named_role(canonical: &str) -> Option<Role> {
    BY_NAME.get(canonical).cloned().or_else(|| {
        let (module, _) = canonical.split_once('.')?;
        COOKIE_LIBRARIES
            .contains(&module)
            .then_some(Role::Source(Kind::Credential, BROWSER_COOKIES))
    })
}

/// Whether a binary operator node is `^` (its operator is an anonymous child).
fn xor_operator(analysis: &Analysis, node: Node) -> bool {
    analysis
        .field(node, "operator")
        .is_some_and(|op| analysis.node_text(op) == "^")
}

/// `__import__('os')` and `importlib.import_module('os')` as a callee base.
pub(super) fn imported_module(analysis: &Analysis, call: Node) -> Option<String> {
    let callee = analysis.field(call, "function")?;
    let name = analysis.node_text(callee);
    if name != "__import__" && name != "importlib.import_module" {
        return None;
    }
    let arg = analysis.argument(call, 0, "")?;
    analysis.string_value(arg)
}

/// `import subprocess as sp`, `from os import system`, `from urllib.request import urlopen as get`.
pub(super) fn imports(analysis: &Analysis, node: Node, out: &mut Vec<(String, String)>) {
    match analysis.kind(node) {
        "import_statement" => {
            let mut cursor = node.walk();
            for name in node.named_children(&mut cursor) {
                if analysis.kind(name) == "aliased_import" {
                    if let (Some(module), Some(alias)) =
                        (analysis.field(name, "name"), analysis.field(name, "alias"))
                    {
                        out.push((
                            analysis.node_text(alias).into(),
                            analysis.node_text(module).into(),
                        ));
                    }
                }
            }
        }
        "import_from_statement" => {
            let Some(module) = analysis.field(node, "module_name") else {
                return;
            };
            let module = analysis.node_text(module).to_string();
            let mut cursor = node.walk();
            for name in node.children_by_field_name("name", &mut cursor) {
                let (imported, local) = if analysis.kind(name) == "aliased_import" {
                    match (analysis.field(name, "name"), analysis.field(name, "alias")) {
                        (Some(n), Some(a)) => (analysis.node_text(n), analysis.node_text(a)),
                        _ => continue,
                    }
                } else {
                    let n = analysis.node_text(name);
                    (n, n)
                };
                out.push((local.into(), format!("{module}.{imported}")));
            }
        }
        _ => {}
    }
}

/// Names bound to a value that may be a library function: `grab = browser_cookie3.chrome`, a module-level
/// `STEPS = (os.system, subprocess.call)`, and a loop variable `for run in STEPS:`.
pub(super) fn callable_bindings<'t>(
    analysis: &Analysis<'t>,
    node: Node<'t>,
    out: &mut Vec<(&'t str, Node<'t>)>,
) {
    let (left, right) = match node.kind() {
        "assignment" => (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ),
        "for_statement" => (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ),
        _ => return,
    };
    let (Some(left), Some(right)) = (left, right) else {
        return;
    };
    if left.kind() == "identifier"
        && matches!(
            right.kind(),
            "attribute" | "identifier" | "tuple" | "list" | "call"
        )
    {
        out.push((analysis.node_text(left), right));
    }
}

/// `functools.partial(requests.post, URL, timeout=5)`: the function a partial binds (its first argument)
/// and the call that binds it, when `value` is such a call.
pub(super) fn partial_of<'t>(analysis: &Analysis<'t>, value: Node<'t>) -> Option<Node<'t>> {
    if value.kind() != "call" {
        return None;
    }
    let function = value.child_by_field_name("function")?;
    let canonical = analysis.canonical(function)?;
    if canonical != "functools.partial" {
        return None;
    }
    analysis
        .argument(value, 0, "func")
        .filter(|f| matches!(f.kind(), "attribute" | "identifier"))
}

/// The bindings of [`callable_bindings`] that name a function the table knows (for a tuple or list, its
/// first element that does, when every element is a dotted name): `grab(…)` is then that function.
pub(super) fn callable_aliases(
    analysis: &Analysis<'_>,
    bindings: &[(&str, Node<'_>)],
) -> Vec<(String, String)> {
    let known = |value: Node| -> Option<String> {
        let elements: Vec<Node> = match value.kind() {
            "attribute" => vec![value],
            "tuple" | "list" => {
                let mut cursor = value.walk();
                value.named_children(&mut cursor).collect()
            }
            _ => return None,
        };
        if elements.is_empty() || elements.len() > 16 {
            return None;
        }
        let names: Vec<String> = elements
            .iter()
            .filter(|e| e.kind() == "attribute")
            .filter_map(|e| analysis.canonical(*e))
            .collect();
        if names.len() != elements.len() {
            return None;
        }
        names.into_iter().find(|n| named_role(n).is_some())
    };
    let mut out = Vec::new();
    for (name, value) in bindings {
        let target = match value.kind() {
            // `upload = functools.partial(requests.post, URL)`: `upload(…)` is that function called.
            "call" => partial_of(analysis, *value)
                .and_then(|f| analysis.canonical(f))
                .filter(|n| named_role(n).is_some()),
            // `for run in STEPS:` / `run = STEPS`: the sequence bound to that name.
            "identifier" => {
                let held = analysis.node_text(*value);
                bindings
                    .iter()
                    .filter(|(n, v)| *n == held && matches!(v.kind(), "tuple" | "list"))
                    .find_map(|(_, v)| known(*v))
            }
            _ => known(*value),
        };
        if let Some(target) = target {
            out.push((name.to_string(), target));
        }
    }
    out
}

/// `environ` imported from `os`.
pub(super) fn special_name(analysis: &mut Analysis, node: Node) -> Option<Taint> {
    let name = analysis.node_text(node);
    (analysis.alias(name) == Some("os.environ")).then(|| environ_use(analysis, node))
}

/// `os.environ` used whole is a dump; indexing it or calling `get` reads one variable (see the
/// subscript and the call's role).
fn environ_use(analysis: &Analysis, node: Node) -> Taint {
    let Some(parent) = node.parent() else {
        return Taint::one(Kind::EnvDump, node.start_byte(), "os.environ");
    };
    let is_object = |field: &str| {
        parent
            .field_child(field)
            .is_some_and(|o| o.id() == node.id())
    };
    if analysis.kind(parent) == "subscript" && is_object("value") {
        return Taint::default();
    }
    if analysis.kind(parent) == "attribute" && is_object("object") {
        let method = parent
            .field_child("attribute")
            .map(|a| analysis.node_text(a))
            .unwrap_or("");
        if matches!(
            method,
            "get" | "pop" | "setdefault" | "__getitem__" | "__contains__"
        ) {
            return Taint::default();
        }
    }
    Taint::one(Kind::EnvDump, node.start_byte(), "os.environ")
}

/// `os.environ` (whole) and `os.environ['NAME']`; an IPython session's input history.
pub(super) fn special_member(analysis: &mut Analysis, node: Node) -> Option<Taint> {
    match analysis.kind(node) {
        "attribute" if is_notebook_history(analysis, node) => Some(Taint::one(
            Kind::Credential,
            node.start_byte(),
            "the notebook's own cells",
        )),
        "attribute" => (analysis.canonical(node).as_deref() == Some("os.environ"))
            .then(|| environ_use(analysis, node)),
        "subscript" => {
            let value = analysis.field(node, "value")?;
            if analysis.canonical(value).as_deref() != Some("os.environ") {
                return None;
            }
            let key = analysis.field(node, "subscript")?;
            let name = analysis.string_value(key).unwrap_or_default();
            // A variable the module set itself (`os.environ["CFG"] = path`) holds what it was given.
            let stored = analysis.read_var(&environment_key(&name));
            if !stored.is_empty() {
                return Some(stored);
            }
            Some(if is_secret_name(&name) {
                Taint::one(
                    Kind::SecretVar,
                    node.start_byte(),
                    &format!("os.environ[{name}]"),
                )
            } else if is_host_identity_name(&name) {
                Taint::one(
                    Kind::HostInfo,
                    node.start_byte(),
                    &format!("os.environ[{name}]"),
                )
            } else {
                Taint::default()
            })
        }
        _ => None,
    }
}

/// `….history_manager.input_hist_raw` (or `_parsed`): every cell the user ran in the session, the
/// keys they pasted into it included. The object is reached through `get_ipython()`, which no alias
/// resolves, so the member chain itself is the evidence.
fn is_notebook_history(analysis: &Analysis, node: Node) -> bool {
    let attribute = analysis
        .field(node, "attribute")
        .map(|a| analysis.node_text(a));
    if !matches!(attribute, Some("input_hist_raw" | "input_hist_parsed")) {
        return false;
    }
    analysis.field(node, "object").is_some_and(|object| {
        analysis.kind(object) == "attribute"
            && analysis
                .field(object, "attribute")
                .is_some_and(|a| analysis.node_text(a) == "history_manager")
    })
}

/// The key of `os.environ["NAME"]` when the module sets it (`os.environ["NAME"] = v`).
pub(super) fn environment_variable_set(analysis: &Analysis, target: Node) -> Option<String> {
    if analysis.kind(target) != "subscript" {
        return None;
    }
    let value = analysis.field(target, "value")?;
    if analysis.canonical(value).as_deref() != Some("os.environ") {
        return None;
    }
    let name = analysis.string_value(analysis.field(target, "subscript")?)?;
    Some(environment_key(&name))
}

/// `os.getenv('NAME')`, `os.environ.get('NAME')`.
pub(super) fn env_var(analysis: &Analysis, call: Node) -> Taint {
    let name = analysis
        .argument(call, 0, "key")
        .and_then(|a| analysis.string_value(a))
        .unwrap_or_default();
    let stored = analysis.read_var(&environment_key(&name));
    if !stored.is_empty() {
        return stored;
    }
    if is_secret_name(&name) {
        Taint::one(Kind::SecretVar, call.start_byte(), &format!("env {name}"))
    } else if is_host_identity_name(&name) {
        Taint::one(Kind::HostInfo, call.start_byte(), &format!("env {name}"))
    } else {
        Taint::default()
    }
}

/// Comprehensions: each has a scope of its own in Python 3.
const COMPREHENSIONS: &[&str] = &[
    "list_comprehension",
    "set_comprehension",
    "dictionary_comprehension",
    "generator_expression",
];

/// The variable key of `name` bound by a comprehension's `for` clause (`key` in
/// `{key: v for key, v in os.environ.items()}`): the comprehension's own, so the function's `key` parameter
/// does not take what the comprehension iterates. `None` for a name no enclosing comprehension binds.
pub(super) fn comprehension_key<'t>(
    a: &Analysis<'t>,
    node: Node<'t>,
    name: &str,
) -> Option<String> {
    let mut current = node;
    for _ in 0..16 {
        current = current.parent()?;
        if !COMPREHENSIONS.contains(&a.kind(current)) {
            continue;
        }
        let mut cursor = current.walk();
        let binds = current
            .named_children(&mut cursor)
            .filter(|c| a.kind(*c) == "for_in_clause")
            .filter_map(|clause| a.field(clause, "left"))
            .any(|left| {
                let mut names = Vec::new();
                a.pattern_names(left, &mut names);
                names.iter().any(|n| n == name)
            });
        if binds {
            return Some(comprehension_name(name, current));
        }
    }
    None
}

/// The key a comprehension's variable is stored under.
pub(super) fn comprehension_name(name: &str, comprehension: Node) -> String {
    format!("{name}@{}", comprehension.id())
}

/// Whether `clause` is the `for` clause of a comprehension (not a `for` statement).
pub(super) fn in_comprehension<'t>(a: &Analysis<'t>, clause: Node<'t>) -> Option<Node<'t>> {
    clause
        .parent()
        .filter(|p| a.kind(*p) != "for_in_clause" && COMPREHENSIONS.contains(&a.kind(*p)))
}
