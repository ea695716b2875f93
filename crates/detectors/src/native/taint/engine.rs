//! The analysis itself: labels, variables by scope, function summaries, and a walk over the tree that
//! both JavaScript and Python share (their node kinds differ in name, not in shape). What a call *means*
//! (a source, a sink, a decoder) is asked of the language's own table.

use super::{javascript, python, Flow, FlowKind, Flows, MAX_NODES};
use crate::ascii_classes::ascii_regex;
use regex::Regex;
// Seeded per process like std's `RandomState` (no order is relied on), and cheaper per look-up.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::rc::Rc;
use std::sync::LazyLock;
use tree_sitter::{Node, Tree};

mod class_fields;
mod expressions;
mod invoked_parameters;
mod kinds;
mod names;
mod net_commands;
mod recon_commands;
mod regions;
mod sinks;

use kinds::{traverse, KindTable, Step};
use names::Scoped;
#[cfg(test)]
pub(crate) use regions::MIN_SEGMENT_BYTES as REGION_MIN_BYTES;
pub(crate) use sinks::is_executable_mode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Javascript,
    Python,
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// A path naming a credential store (not yet read).
    CredPath,
    /// Contents of a credential store, keychain item, browser or wallet file.
    Credential,
    /// The whole process environment.
    EnvDump,
    /// One secret-named environment variable or keyring item (the package's own key, usually).
    SecretVar,
    /// Who and where the code runs: user name, host name. (The working directory is left out: tools send
    /// files found from it to their own services all the time.)
    HostInfo,
    Download,
    /// A fetched document parsed as data (`requests.get(u).json()`): not code as it is, but a field of
    /// it put through a decoder is a payload the server chose, so decoders treat it like a download.
    FetchedData,
    /// An event a live connection delivered (a WebSocket or socket.io message, a socket's `data`): the
    /// peer chooses it at any time, so unlike a fetched document it stays a command once parsed as JSON.
    Received,
    Decoded,
    /// A network connection or request object: writing to it sends.
    NetHandle,
    /// A file opened for writing.
    WriteHandle,
    /// A path a download was written to.
    Dropped,
    /// A constant written into the code (a long string literal, a list of character codes): what a
    /// decoder needs to be *hiding* something rather than reading runtime input.
    Embedded,
    /// Parameter `.1` of function `.0` (for summaries).
    Param(u32, u8),
    /// The contents of the file named by parameter `.1` of function `.0` (a `readConfig(name)` helper).
    ReadParam(u32, u8),
    /// Parameter `.1` of function `.0`, decoded (a `d(s) { return atob(s) }` helper).
    DecodeParam(u32, u8),
    /// One element of parameter `.1` of function `.0`, returned by a look-up helper (`(obj, key) =>
    /// obj[key]`): the key is parameter `.2`, or (when `None`) the constant in the label's `what`. Handed
    /// the environment and a constant name, the helper reads one variable, not the environment.
    ParamElement(u32, u8, Option<u8>),
    /// What calling parameter `.1` of function `.0` returns (`def on_install(fn): exec(fn())`): a caller
    /// that passes a function (or a decorator applied to one) hands over that function's result.
    ParamResult(u32, u8),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    pub kind: Kind,
    /// Segment-relative offset of the source.
    pub at: usize,
    pub what: Rc<str>,
}

/// A small set of labels (first of each kind and place wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Taint(pub Vec<Label>);

const MAX_LABELS: usize = 12;
/// String literals at least this long count as embedded constants.
const MIN_EMBEDDED_CHARS: usize = 8;
/// Lists of at least this many numbers count as embedded character codes.
const MIN_EMBEDDED_CODES: usize = 4;
const MAX_EVAL_DEPTH: usize = 48;
const PASSES: usize = 4;

impl Taint {
    pub(crate) fn one(kind: Kind, at: usize, what: &str) -> Taint {
        Taint(vec![Label {
            kind,
            at,
            what: Rc::from(what),
        }])
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub(crate) fn has(&self, kind: Kind) -> bool {
        self.0.iter().any(|l| l.kind == kind)
    }
    pub(crate) fn first(&self, kind: Kind) -> Option<&Label> {
        self.0.iter().find(|l| l.kind == kind)
    }
    /// Adds `other`'s labels; returns whether anything was new.
    pub(crate) fn join(&mut self, other: &Taint) -> bool {
        let mut changed = false;
        for label in &other.0 {
            if self.0.len() >= MAX_LABELS {
                break;
            }
            // One embedded-constant label says all there is to say, and must not crowd out the others.
            if label.kind == Kind::Embedded && self.has(Kind::Embedded) {
                continue;
            }
            // Secret-named variables are told apart by name: one helper call can read several.
            if !self.0.iter().any(|l| {
                l.kind == label.kind
                    && l.at == label.at
                    && (l.kind != Kind::SecretVar || l.what == label.what)
            }) {
                self.0.push(label.clone());
                changed = true;
            }
        }
        changed
    }
    /// Adds `other`, a value taken instead of this one (another branch of a conditional, a fallback,
    /// another `return`). A secret-named variable on each side is one key, either of them, so the two
    /// are kept as one label ("A or B"): `cfg.key || process.env.A_KEY || process.env.B_KEY` is not a
    /// harvest of secrets. A side that already holds several secrets combined keeps them apart.
    pub(crate) fn join_choice(&mut self, other: &Taint) -> bool {
        let (Some(mine), Some(theirs)) = (self.one_secret_name(), other.one_secret_name()) else {
            return self.join(other);
        };
        let mut names: Vec<&str> = mine
            .split(ALTERNATIVES)
            .chain(theirs.split(ALTERNATIVES))
            .collect();
        names.sort_unstable();
        names.dedup();
        let what = names.join(ALTERNATIVES);
        let mut changed = false;
        for label in other.0.iter().filter(|l| !is_named_secret(l)) {
            changed |= self.join(&Taint(vec![label.clone()]));
        }
        if *mine != *what {
            let what: Rc<str> = Rc::from(what.as_str());
            for label in self.0.iter_mut().filter(|l| is_named_secret(l)) {
                label.what = what.clone();
            }
            changed = true;
        }
        changed
    }
    /// The name of the secret-named variable this value holds, when it holds exactly one.
    fn one_secret_name(&self) -> Option<Rc<str>> {
        let mut named = self.0.iter().filter(|l| is_named_secret(l));
        let first = named.next()?.what.clone();
        named.all(|l| l.what == first).then_some(first)
    }
    pub(crate) fn with(mut self, other: &Taint) -> Taint {
        self.join(other);
        self
    }
    pub(crate) fn without(mut self, kind: Kind) -> Taint {
        self.0.retain(|l| l.kind != kind);
        self
    }

    /// Without the labels that say `what`.
    pub(crate) fn without_what(mut self, what: &str) -> Taint {
        self.0.retain(|l| l.what.as_ref() != what);
        self
    }
}

/// What a call means, as the language's table sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// The result carries this label (a download, a keychain read, an environment dump).
    Source(Kind, &'static str),
    /// Reads a file: credential contents if the path is a credential path.
    ReadFile,
    /// Result is the arguments, decoded.
    Decoder(&'static str),
    /// Result is the arguments (serialisers, path joins, encoders).
    Transparent,
    /// Parsing data (JSON) makes it data, not code: downloads stop here.
    Parser,
    /// Builds a file path: credential paths flow on, downloaded or decoded text becomes a name, not code.
    PathBuild,
    /// Sends its arguments over the network (and its result is a download).
    Send(&'static str),
    /// Sends its arguments (a DNS query can carry data out) but returns no downloaded data.
    Lookup(&'static str),
    /// Opens a connection or request object (a send itself when given data).
    Connect(&'static str),
    /// Runs its arguments as code or a command.
    Exec(&'static str),
    /// Writes argument `data` to the path in argument `path`.
    Write {
        path: usize,
        data: usize,
    },
    /// Copies the file at argument `from` to the path in argument `to`: a copy of a credential file is
    /// a credential file (browser stores are copied to a temporary file before they are opened).
    Copy {
        from: usize,
        to: usize,
    },
    /// Opens the path in argument `path` for writing.
    OpenWrite {
        path: usize,
    },
    /// Changes the mode of argument 0; executable when the mode argument says so.
    Chmod {
        mode: usize,
    },
    /// Hashes its arguments (a downloaded blob checked against a pinned digest is not run blind).
    Hash,
    /// One environment variable read by name (argument 0).
    EnvVar,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SinkKind {
    Network,
    Exec,
    Chmod,
    /// A function's parameter names a URL whose response the function runs: a constant (or fetched or
    /// decoded) URL passed to it is the flow.
    FetchRun,
}

#[derive(Debug, Clone)]
struct SinkSite {
    kind: SinkKind,
    at: (usize, usize),
    what: String,
    /// String constants around the sink (its URL, host): decides whose service a secret goes to.
    dest: String,
    /// A DNS lookup of a name passed whole: a host name that reaches it as a plain value resolves the
    /// machine itself, through a wrapper too (`lookup(host)` called with `gethostname()`).
    resolves_whole_name: bool,
    /// Parameters (function, index) that lead the send's URL: a wrapper's caller that passes a host read
    /// from a credential file sends to that file's own service, as a direct request does.
    url_params: Vec<(u32, u8)>,
    /// A send whose answer is thrown away and whose failure is swallowed (`try: post(…) except: pass`):
    /// a client that calls its own service reads the reply; a stealer fires and hides.
    silenced: bool,
}

/// The wrapper call that carried data to a sink: its offset and a note.
type Via = Option<(usize, String)>;

#[derive(Debug, Default)]
struct Function {
    name: Option<String>,
    /// Python methods: the first parameter is the receiver.
    method_receiver: bool,
    /// The scope its name is declared in (a plain function); `None` for methods and object members, which
    /// are called through an object.
    scope: Option<usize>,
    returns: Taint,
    /// Parameter index → sinks it reaches; with a name when only that variable of the parameter does
    /// (`env.API_TOKEN`, see `variable_of_parameter`).
    sinks: Vec<(u8, Option<Rc<str>>, SinkSite, Via)>,
    /// Parameters whose bytes the function hashes (`matchesDigest(buf, expected)`): a download passed to
    /// one is checked, as if hashed at the call.
    hashes: Vec<u8>,
    /// Parameters the function calls (`(f, ...a) => f(...a)`): a runner passed there runs the rest.
    invokes: Vec<u8>,
    /// Parameter index → sinks that what calling it returns reaches (`exec(fn())`): a function passed
    /// there has its result run or sent.
    result_sinks: Vec<(u8, SinkSite, Via)>,
}

pub(crate) struct Analysis<'t> {
    pub(crate) text: &'t str,
    pub(crate) lang: Lang,
    /// Node kind names by kind id, for this tree's grammar: `Node::kind` measures and checks the C
    /// string on every call, which was a tenth of a bundle's analysis.
    kinds: KindTable,
    root: usize,
    /// Per name: the scopes that declare it, and its labels and string constant per scope. Keyed by
    /// name first, so a lookup hashes the name once and allocates nothing (a `(scope, name)` key needed
    /// a boxed copy of the name per scope tried, on every variable read of every pass).
    names: HashMap<Box<str>, Scoped>,
    /// Import aliases: local name → canonical dotted name (`cp` → `child_process`).
    aliases: HashMap<String, String>,
    /// Python names bound to `functools.partial(f, …)` (aliased to `f`): the call that binds the
    /// arguments every call through the name also passes.
    partials: HashMap<&'t str, Node<'t>>,
    functions: Vec<Function>,
    function_of_node: HashMap<usize, u32>,
    by_name: HashMap<String, Vec<u32>>,
    scopes: Vec<usize>,
    /// Downloads whose bytes were hashed (checked against a pinned digest).
    verified: HashSet<usize>,
    /// Downloads of a URL that only a parameter of the enclosing function names (`def load(url):
    /// urlopen(url)`), by offset: the caller chooses what is fetched, so running the response is a flow
    /// only where a caller passes a URL written in the code.
    caller_urls: HashMap<usize, (u32, u8)>,
    /// Names of variables the module writes a file to (`writeFile(STORE, …)`, `open(path, "w")`): a
    /// store the module itself saves is its own.
    written_paths: HashSet<&'t str>,
    /// Names a Python comprehension's `for` clause binds (looked up in that comprehension's scope).
    pub(crate) comprehension_names: HashSet<Box<str>>,
    /// Canonical name and role per call node.
    roles: HashMap<usize, (Rc<str>, Role)>,
    /// Each call's arguments by call node, listed once by the prepass: every pass asks for them
    /// again (sink checks, roles, evaluation), and each listing steps a cursor through the list.
    arguments_of: HashMap<usize, Rc<[Node<'t>]>>,
    flows: HashMap<(FlowKind, usize), Flow>,
    changed: bool,
    budget: usize,
}

pub(crate) fn run<'t>(tree: &'t Tree, text: &'t str, lang: Lang) -> Flows {
    let root = tree.root_node();
    let mut analysis = Analysis {
        text,
        lang,
        kinds: KindTable::new(&tree.language()),
        root: root.id(),
        names: HashMap::new(),
        aliases: HashMap::new(),
        partials: HashMap::new(),
        functions: Vec::new(),
        function_of_node: HashMap::new(),
        by_name: HashMap::new(),
        scopes: Vec::new(),
        verified: HashSet::new(),
        caller_urls: HashMap::new(),
        written_paths: HashSet::new(),
        comprehension_names: HashSet::new(),
        roles: HashMap::new(),
        arguments_of: HashMap::new(),
        flows: HashMap::new(),
        changed: false,
        budget: 0,
    };
    let mut note = None;
    let (steps, complete) = analysis.prepass(root);
    analysis.find_written_paths(&steps);
    let steps = analysis.region_steps(root, steps);
    if !complete {
        note = Some(format!(
            "data-flow rules stopped early: over {MAX_NODES} syntax nodes"
        ));
    }
    for _ in 0..PASSES {
        analysis.changed = false;
        analysis.walk(&steps);
        if !analysis.changed {
            break;
        }
    }
    let verified = analysis.verified.clone();
    let mut flows: Vec<Flow> = analysis
        .flows
        .into_values()
        .filter(|f| !(f.kind == FlowKind::DownloadToExec && verified.contains(&f.source_at)))
        .collect();
    flows.sort_by_key(|f| (f.sink.0, f.kind));
    Flows { flows, note }
}

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static CREDENTIAL_PATH: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"(?i)(^|[/\\~])(\.ssh|\.aws|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.docker|\.kube|\.gnupg|\.env|",
        r"\.electrum|\.openclaw|\.clawdbot|gcloud|keystore|Exodus|exodus\.wallet|MetaMask)([/\\]|$)|",
        r"id_(rsa|dsa|ecdsa|ed25519)\b|gh[/\\]hosts\.yml|(^|[/\\])(Login Data|Cookies|Local State|Web Data|logins\.json|key4\.db|wallet\.dat|id\.json)$|",
        r"/var/run/secrets/|nkbihfbeogaeaoehlefnkodbefgpgknn|solana[/\\]id\.json|(^|[/\\])credentials\.json$|",
        // Game launchers' signed-in accounts (Minecraft, Lunar Client, Essential): session tokens.
        r"(^|[/\\])(launcher_accounts(_microsoft_store)?|microsoft_accounts)\.json$|\.lunarclient[/\\].*accounts\.json$|",
        // MCP clients' server lists: every server's `env` block, API keys included.
        r"(^|[/\\])claude_desktop_config\.json$|\.cursor[/\\]mcp\.json$|windsurf[/\\]mcp_config\.json$|\.codex[/\\]config\.toml$"
    ))
    .expect("credential path pattern")
});

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)TOKEN|SECRET|PASSW|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|SESSION|COOKIE|MNEMONIC|SEED_?PHRASE")
        .expect("secret name pattern")
});

/// The variable under which a value the module puts in its own environment is kept: one per name, read
/// back by `os.environ["NAME"]`, `os.getenv("NAME")`, `process.env.NAME` anywhere in the module.
pub(crate) fn environment_key(name: &str) -> String {
    format!("environment variable {name}")
}

/// How a secret-named parameter's label starts (see `register_function`).
pub(crate) const SECRET_PARAMETER: &str = "parameter ";

/// Destinations no package sends its own API key to: webhooks, paste sites, tunnels, raw IPs, and mock-API
/// services that store whatever is posted to them.
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static EXFIL_HOST: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)webhook\.site|discord(app)?\.com/api/webhooks|api\.telegram\.org|pastebin\.|paste\.ee|hastebin|ngrok|pipedream|requestbin|burpcollaborator|oastify|interact\.sh|transfer\.sh|\.onion\b|\.mockapi\.io\b")
        .expect("exfil host pattern")
});

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static RAW_IP_URL: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"://(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})").expect("raw ip url pattern")
});

/// Whether a send's destination text names a place secrets are carried off to: an exfiltration service,
/// or a raw public IP. The user's own machine or network (`http://127.0.0.1:{port}`, `10.0.0.5`) is where
/// a local server the package talks to runs, not a drop.
pub(crate) fn is_exfil_destination(dest: &str) -> bool {
    EXFIL_HOST.is_match(dest)
        || RAW_IP_URL.captures_iter(dest).take(16).any(|c| {
            c.get(1)
                .and_then(|ip| ip.as_str().parse::<std::net::Ipv4Addr>().ok())
                .is_some_and(|ip| {
                    !(ip.is_loopback()
                        || ip.is_private()
                        || ip.is_unspecified()
                        || ip.is_link_local())
                })
        })
}

/// A credential store and the host fragments of the service it belongs to (sending it there is its use).
const OWN_SERVICE: &[(&str, &[&str])] = &[
    (".aws", &["amazonaws.com", "aws.amazon.com"]),
    (".npmrc", &["npmjs.org", "npmjs.com", "registry.npm"]),
    (".pypirc", &["pypi.org", "pythonhosted.org"]),
    (".docker", &["docker.io", "docker.com"]),
    ("hosts.yml", &["github.com"]),
    (".git-credentials", &["github.com", "gitlab.com"]),
    ("gcloud", &["googleapis.com", "google.com"]),
    // An agent's settings hold its model vendor's API key: a dashboard that calls the vendor's API with it
    // sends the key where it belongs. (Chat-bot APIs stay out: a stealer posts through its own bot.)
    (
        ".openclaw",
        &[
            "api.anthropic.com",
            "api.openai.com",
            "generativelanguage.googleapis.com",
            "openrouter.ai",
        ],
    ),
    // A CLI's login token printed by the CLI (`gh auth token`) goes to that CLI's service.
    ("`gh ", &["github.com", "githubusercontent.com", "ghe.com"]),
    ("`npm ", &["npmjs.org", "npmjs.com", "registry.npm"]),
    ("`pnpm ", &["npmjs.org", "npmjs.com", "registry.npm"]),
    (
        "`yarn ",
        &["npmjs.org", "npmjs.com", "registry.npm", "yarnpkg.com"],
    ),
    (
        "`gcloud ",
        &[
            "googleapis.com",
            "google.com",
            "run.app",
            "cloudfunctions.net",
        ],
    ),
    ("`aws ", &["amazonaws.com", "aws.amazon.com"]),
    (
        "`az ",
        &[
            "azure.com",
            "azure.net",
            "microsoft.com",
            "microsoftonline.com",
            "windows.net",
        ],
    ),
    (".claude", &["api.anthropic.com"]),
    (".codex", &["api.openai.com"]),
    (".gemini", &["generativelanguage.googleapis.com"]),
    (
        "accounts",
        &[
            "minecraftservices.com",
            "mojang.com",
            "minecraft.net",
            "xboxlive.com",
            "live.com",
            "microsoftonline.com",
            "lunarclientprod.com",
        ],
    ),
];

pub(crate) fn is_credential_path(text: &str) -> bool {
    text.len() < 300 && CREDENTIAL_PATH.is_match(text)
}

/// How the names of one secret taken from alternatives are joined in its label ("A or B").
pub(super) const ALTERNATIVES: &str = " or ";

/// How many secrets a set of secret labels holds. One value taken from alternatives ("A or B", a
/// fallback chain) is one secret, and a value whose names are all among another's alternatives is that
/// value met on another path; several distinct values put together hold every name they may carry, so
/// a payload with `NPM_TOKEN || NODE_AUTH_TOKEN` beside `GITHUB_TOKEN` holds three.
pub(super) fn count_secrets(labels: &[&str]) -> usize {
    let mut values: Vec<Vec<&str>> = labels
        .iter()
        .map(|l| {
            let mut names: Vec<&str> = l.split(ALTERNATIVES).collect();
            names.sort_unstable();
            names.dedup();
            names
        })
        .collect();
    values.sort();
    values.dedup();
    let within = |small: &Vec<&str>, big: &Vec<&str>| {
        small.len() < big.len() && small.iter().all(|n| big.contains(n))
    };
    let kept: Vec<&Vec<&str>> = values
        .iter()
        .filter(|v| !values.iter().any(|w| within(v, w)))
        .collect();
    if kept.len() <= 1 {
        return kept.len();
    }
    let mut names: Vec<&str> = kept.iter().flat_map(|v| v.iter().copied()).collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// A secret-named variable the code reads by name (not a secret-named parameter the caller fills).
fn is_named_secret(label: &Label) -> bool {
    label.kind == Kind::SecretVar && !label.what.starts_with(SECRET_PARAMETER)
}

pub(crate) fn is_secret_name(name: &str) -> bool {
    SECRET_NAME.is_match(name)
}

/// A parameter that holds a key or password (`private_key`, `api_key`, `mnemonic`), not an object that
/// carries one (`session`, `auth`, `cookie_jar` are handles a function sends *with*).
pub(crate) fn is_secret_parameter_name(name: &str) -> bool {
    SECRET_PARAMETER_NAME.is_match(name)
}

/// A wallet's signing key or recovery words: used where they are, to sign; no service is sent them.
pub(crate) fn is_wallet_key_name(name: &str) -> bool {
    WALLET_KEY_NAME.is_match(name)
}

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static WALLET_KEY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)^_*(private_?key|priv_?key|mnemonic|seed_?phrase|wallet_?key)s?$")
        .expect("wallet key pattern")
});

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static SECRET_PARAMETER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    // Not `token`: a bot or API client is handed its token to call its own service with it (a chat-bot
    // wrapper posts to the bot API with the token in the URL), which no name here can tell apart.
    // A qualifying prefix keeps the meaning (`access_key_secret`, `aws_secret_access_key`, `user_password`).
    ascii_regex(r"(?i)^_*([a-z0-9]+_)*(private_?key|priv_?key|secret(_?(access_?)?key)?|mnemonic|seed(_?phrase)?|api_?key|passw(or)?d|passphrase|access_?key|wallet_?key)s?$")
        .expect("secret parameter pattern")
});

/// Environment variables that name the user or the machine.
pub(crate) fn is_host_identity_name(name: &str) -> bool {
    matches!(
        name,
        "USER" | "USERNAME" | "LOGNAME" | "COMPUTERNAME" | "HOSTNAME" | "USERDOMAIN"
    )
}

impl<'t> Analysis<'t> {
    /// A node's text: its byte range of the text it was parsed from (already UTF-8, so not checked
    /// again as `Node::utf8_text` would).
    pub(crate) fn node_text(&self, node: Node<'t>) -> &'t str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    /// The text of a string literal without quotes (interpolations left out); `None` for other nodes.
    pub(crate) fn string_value(&self, node: Node<'t>) -> Option<String> {
        self.string_value_at(node, 0)
    }

    /// [`Self::string_value`], `depth` pieces deep into a template or a `+` chain (at most 64).
    fn string_value_at(&self, node: Node<'t>, depth: usize) -> Option<String> {
        if depth > 64 {
            return None;
        }
        let next = depth + 1;
        match self.kind(node) {
            "string" | "template_string" => {
                let mut out = String::new();
                let mut cursor = node.walk();
                let mut any_child = false;
                for child in node.named_children(&mut cursor) {
                    if matches!(
                        self.kind(child),
                        "string_fragment" | "string_content" | "escape_sequence"
                    ) {
                        out.push_str(self.node_text(child));
                        any_child = true;
                    } else if self.kind(child) == "template_substitution" {
                        // `${'.np' + 'mrc'}`: a piece the template spells out from constants.
                        if let Some(folded) = child
                            .named_child(0)
                            .and_then(|e| self.string_value_at(e, next))
                        {
                            out.push_str(&folded);
                        }
                    }
                }
                if !any_child && node.named_child_count() == 0 {
                    let raw = self.node_text(node);
                    let trimmed = raw.trim_start_matches(|c: char| c.is_ascii_alphabetic());
                    out = trimmed
                        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
                        .to_string();
                }
                Some(out)
            }
            "concatenated_string" => {
                let mut cursor = node.walk();
                Some(
                    node.named_children(&mut cursor)
                        .filter_map(|c| self.string_value_at(c, next))
                        .collect(),
                )
            }
            // `'.np' + 'mrc'`: constants joined, both sides known.
            "binary_expression" | "binary_operator"
                if self
                    .field(node, "operator")
                    .is_some_and(|o| self.node_text(o) == "+") =>
            {
                let left = self.string_value_at(self.field(node, "left")?, next)?;
                let right = self.string_value_at(self.field(node, "right")?, next)?;
                (left.len() + right.len() <= 4096).then(|| left + &right)
            }
            "parenthesized_expression" => self.string_value_at(node.named_child(0)?, next),
            _ => None,
        }
    }

    fn is_function(&self, node: Node<'t>) -> bool {
        self.kinds.is_function(node)
    }

    /// `node.kind()`, from the table.
    pub(crate) fn kind(&self, node: Node<'t>) -> &'static str {
        self.kinds.name(node)
    }

    /// `node.child_by_field_name(name)`, with the field's id from the table.
    pub(crate) fn field(&self, node: Node<'t>, name: &str) -> Option<Node<'t>> {
        node.child_by_field_id(self.kinds.field_id(name)?)
    }
}

impl<'t> Analysis<'t> {
    fn current_function(&self) -> Option<u32> {
        self.scopes
            .last()
            .and_then(|s| self.function_of_node.get(s).copied())
    }

    pub(crate) fn alias(&self, name: &str) -> Option<&str> {
        self.aliases.get(name).map(String::as_str)
    }

    // ---- prepass: declarations, functions, parameters, imports ----

    /// Records declarations, imports and functions, and the steps every pass replays; `false` with the
    /// steps when the tree has over [`MAX_NODES`] nodes (the steps then stop there).
    fn prepass(&mut self, root: Node<'t>) -> (Vec<Step<'t>>, bool) {
        // Each function with the innermost function around it (its declaring scope's candidate) and
        // its parent node.
        let mut pending: Vec<(Node, usize, Option<Node<'t>>)> = Vec::new();
        // The open nodes from the root down: the top is the parent of the node entered next (what
        // `Node::parent` finds by walking down from the root again, for a node with any bytes).
        let mut path: Vec<Node<'t>> = Vec::new();
        let mut steps: Vec<Step<'t>> = Vec::new();
        let mut scopes: Vec<usize> = Vec::new();
        let mut decls: Vec<(usize, String)> = Vec::new();
        let mut imports: Vec<(String, String)> = Vec::new();
        let mut bindings: Vec<(&'t str, Node<'t>)> = Vec::new();
        let mut arguments_of: HashMap<usize, Rc<[Node<'t>]>> = HashMap::new();
        let root_id = self.root;
        let lang = self.lang;
        let this = &*self;
        let complete = traverse(root, MAX_NODES, |node, entering| {
            let function = this.is_function(node);
            if !entering {
                path.pop();
                if function {
                    scopes.pop();
                    steps.push(Step::Leave);
                }
                return;
            }
            let parent = path.last().copied();
            path.push(node);
            let scope = scopes.last().copied().unwrap_or(root_id);
            for name in this.declared_names(node) {
                decls.push((scope, name));
            }
            match lang {
                Lang::Javascript => javascript::imports(this, node, &mut imports),
                Lang::Python => {
                    python::imports(this, node, &mut imports);
                    python::callable_bindings(this, node, &mut bindings);
                }
            }
            if function {
                pending.push((node, scope, parent));
                scopes.push(node.id());
                steps.push(Step::Enter(node));
            }
            if this.kinds.is_visited(node) {
                steps.push(Step::Visit(node));
            }
            if matches!(
                this.kind(node),
                "call_expression" | "new_expression" | "call"
            ) {
                arguments_of.insert(node.id(), this.list_arguments(node));
            }
        });
        self.arguments_of = arguments_of;
        for (scope, name) in decls {
            self.with_scoped(&name, |s| {
                s.declared.insert(scope);
            });
        }
        for (name, target) in imports {
            self.aliases.insert(name, target);
        }
        for (name, target) in python::callable_aliases(self, &bindings) {
            self.aliases.entry(name).or_insert(target);
        }
        for (name, value) in &bindings {
            if python::partial_of(self, *value).is_some() && self.aliases.contains_key(*name) {
                self.partials.insert(name, *value);
            }
        }
        for (node, around, parent) in pending {
            self.register_function(node, around, parent);
        }
        (steps, complete)
    }

    /// The variables that name a file the module writes ([`Analysis::written_paths`]).
    fn find_written_paths(&mut self, steps: &[Step<'t>]) {
        for step in steps {
            let Step::Visit(node) = *step else { continue };
            if !matches!(self.kind(node), "call_expression" | "call") {
                continue;
            }
            let Some(callee) = self.callee(node) else {
                continue;
            };
            let (_, role) = self.call_role(node, callee);
            let (Role::Write { path, .. } | Role::OpenWrite { path }) = role else {
                continue;
            };
            if let Some(target) = self.argument(node, path, "file") {
                if self.kind(target) == "identifier" {
                    self.written_paths.insert(self.node_text(target));
                }
            }
        }
    }

    /// Names a node declares in the scope it sits in (not counting its own parameters).
    fn declared_names(&self, node: Node<'t>) -> Vec<String> {
        let mut names = Vec::new();
        match self.kind(node) {
            "variable_declarator" => {
                if let Some(name) = self.field(node, "name") {
                    self.pattern_names(name, &mut names);
                }
            }
            "function_declaration" | "generator_function_declaration" | "class_declaration" => {
                if let Some(name) = self.field(node, "name") {
                    names.push(self.node_text(name).to_string());
                }
            }
            // Python: any assignment makes a local.
            "assignment" | "augmented_assignment" if self.lang == Lang::Python => {
                if let Some(left) = self.field(node, "left") {
                    self.pattern_names(left, &mut names);
                }
            }
            "function_definition" | "class_definition" => {
                if let Some(name) = self.field(node, "name") {
                    names.push(self.node_text(name).to_string());
                }
            }
            "for_statement" | "for_in_statement" | "for_in_clause" => {
                if let Some(left) = self.field(node, "left") {
                    self.pattern_names(left, &mut names);
                }
            }
            "as_pattern_target" => self.pattern_names(node, &mut names),
            _ => {}
        }
        names
    }

    /// Identifiers bound by a pattern (`a`, `[a, b]`, `{a, b: c}`, `a, b`).
    pub(crate) fn pattern_names(&self, node: Node<'t>, out: &mut Vec<String>) {
        match self.kind(node) {
            "identifier" | "shorthand_property_identifier_pattern" => {
                out.push(self.node_text(node).to_string())
            }
            "pair_pattern" => {
                if let Some(value) = self.field(node, "value") {
                    self.pattern_names(value, out);
                }
            }
            "assignment_pattern" | "object_assignment_pattern" => {
                if let Some(left) = self.field(node, "left") {
                    self.pattern_names(left, out);
                }
            }
            "member_expression" | "attribute" | "subscript_expression" | "subscript" => {}
            _ => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.pattern_names(child, out);
                }
            }
        }
    }

    /// Per parameter, the offset of a string default of at least [`MIN_EMBEDDED_CHARS`] characters.
    fn constant_defaults(&self, function: Node<'t>) -> Vec<Option<usize>> {
        let Some(params) = self
            .field(function, "parameters")
            .or_else(|| self.field(function, "parameter"))
        else {
            return Vec::new();
        };
        let mut cursor = params.walk();
        let children: Vec<Node> = params.named_children(&mut cursor).collect();
        children
            .into_iter()
            .map(|param| {
                let value = match self.kind(param) {
                    "default_parameter" | "typed_default_parameter" => self.field(param, "value"),
                    "assignment_pattern" => self.field(param, "right"),
                    "optional_parameter" => self.field(param, "value"),
                    _ => None,
                }?;
                (matches!(self.kind(value), "string" | "template_string")
                    && self.node_text(value).len() >= MIN_EMBEDDED_CHARS)
                    .then(|| value.start_byte())
            })
            .collect()
    }

    fn parameter_names(&self, function: Node<'t>) -> Vec<String> {
        let mut names = Vec::new();
        let params = self
            .field(function, "parameters")
            .or_else(|| self.field(function, "parameter"));
        let Some(params) = params else {
            return names;
        };
        if self.kind(params) == "identifier" {
            names.push(self.node_text(params).to_string());
            return names;
        }
        let mut cursor = params.walk();
        for param in params.named_children(&mut cursor) {
            let target = match self.kind(param) {
                "identifier" => Some(param),
                "required_parameter" | "optional_parameter" => self.field(param, "pattern"),
                "assignment_pattern" => self.field(param, "left"),
                "default_parameter" | "typed_default_parameter" => self.field(param, "name"),
                "typed_parameter" => param.named_child(0),
                _ => None,
            };
            let mut found = Vec::new();
            match target {
                Some(t) => self.pattern_names(t, &mut found),
                None => self.pattern_names(param, &mut found),
            }
            names.push(found.into_iter().next().unwrap_or_default());
        }
        names
    }

    /// `parent`: the function's parent node (`Node::parent`, which the prepass knew).
    fn function_name(&self, function: Node<'t>, parent: Option<Node<'t>>) -> Option<String> {
        if let Some(name) = self.field(function, "name") {
            return Some(self.node_text(name).to_string());
        }
        let parent = parent?;
        let named = match self.kind(parent) {
            "variable_declarator" => self.field(parent, "name"),
            "assignment_expression" | "assignment" => self.field(parent, "left"),
            "pair" => self.field(parent, "key"),
            _ => None,
        }?;
        let text = self.node_text(named);
        Some(text.rsplit('.').next().unwrap_or(text).to_string())
    }

    /// `around`: the innermost function holding `node` (the module's root when none does).
    fn register_function(&mut self, node: Node<'t>, around: usize, parent: Option<Node<'t>>) {
        let index = self.functions.len() as u32;
        let name = self.function_name(node, parent);
        let params = self.parameter_names(node);
        let method_receiver =
            self.lang == Lang::Python && params.first().is_some_and(|p| p == "self" || p == "cls");
        let defaults = self.constant_defaults(node);
        for (i, param) in params.iter().enumerate().take(16) {
            if param.is_empty() {
                continue;
            }
            let mut taint = Taint::one(Kind::Param(index, i as u8), node.start_byte(), param);
            // `def perm(private_key)`: the caller's key, which the function holds like a secret variable;
            // sent to a webhook, tunnel or raw IP it is carried off (never counted towards "several
            // secrets": a client passes its own key to its own service).
            if !(method_receiver && i == 0) && is_secret_parameter_name(param) {
                taint.join(&Taint::one(
                    Kind::SecretVar,
                    node.start_byte(),
                    &format!("{SECRET_PARAMETER}{param}"),
                ));
            }
            // `def refresh(url="https://…")`: the parameter may hold the constant written in the code.
            if let Some(at) = defaults.get(i).copied().flatten() {
                taint.join(&Taint::one(Kind::Embedded, at, "constant"));
            }
            let id = node.id();
            self.with_scoped(param, |s| {
                s.declared.insert(id);
                s.vars.entry(id).or_default().join(&taint);
            });
        }
        if let Some(name) = &name {
            self.by_name.entry(name.clone()).or_default().push(index);
        }
        let scope = self.declaring_scope(node, around, parent);
        self.function_of_node.insert(node.id(), index);
        self.functions.push(Function {
            name,
            method_receiver,
            scope,
            ..Function::default()
        });
    }

    /// Where a plain function's name is declared: the function (or module) around its declaration.
    ///
    /// `around` is the innermost function holding `node`, which the prepass knew when it entered it: the
    /// first function above the holder (the function itself, or the variable declarator it is the
    /// value of, which is no function), without walking up with `Node::parent` (each step of which
    /// walks down from the root again: quadratic in a bundle's nesting).
    fn declaring_scope(
        &self,
        node: Node<'t>,
        around: usize,
        parent: Option<Node<'t>>,
    ) -> Option<usize> {
        let holder = match self.kind(node) {
            "function_declaration" | "generator_function_declaration" => node,
            "function_definition" => {
                if node
                    .parent()
                    .and_then(|p| p.parent())
                    .is_some_and(|g| self.kind(g) == "class_definition")
                {
                    return None;
                }
                node
            }
            _ => {
                let parent = parent?;
                // `const f = () => …`; Python's `f = lambda fn: …`.
                let named = match self.kind(parent) {
                    "variable_declarator" => true,
                    "assignment" => self
                        .field(parent, "left")
                        .is_some_and(|l| self.kind(l) == "identifier"),
                    _ => false,
                };
                if !named {
                    return None;
                }
                parent
            }
        };
        debug_assert!(holder.id() == node.id() || !self.is_function(holder));
        Some(around)
    }

    // ---- the main walk ----

    fn walk(&mut self, steps: &[Step<'t>]) {
        self.scopes.clear();
        for step in steps {
            match *step {
                Step::Enter(node) => {
                    self.scopes.push(node.id());
                    self.enter_function(node);
                }
                Step::Leave => {
                    self.scopes.pop();
                }
                Step::Visit(node) => self.visit(node),
            }
        }
    }

    fn enter_function(&mut self, node: Node<'t>) {
        // An expression-bodied arrow function or lambda returns its body.
        if let Some(body) = self.field(node, "body") {
            if !matches!(self.kind(body), "statement_block" | "block") {
                let value = self.eval(body);
                let value = self.element_of_parameter(body, value, None);
                self.add_return(&value);
            }
        }
    }

    /// A returned `param[key]` (or `param.name`) is one element of the parameter, not all of it: its
    /// `Param` label becomes a [`Kind::ParamElement`], so a caller that passes the environment and a
    /// constant name reads one variable. `at`, when given, marks a read inside the function rather than
    /// a return: the element's label is placed there (one label per element read, where the function
    /// reads several), and only a constant name shaped like an environment variable counts (`data.env`
    /// of a parameter may be the whole environment wrapped in an object).
    pub(super) fn element_of_parameter(
        &self,
        value: Node<'t>,
        taint: Taint,
        at: Option<usize>,
    ) -> Taint {
        let mut value = value;
        while matches!(
            self.kind(value),
            "parenthesized_expression" | "await_expression"
        ) {
            match value.named_child(0) {
                Some(inner) => value = inner,
                None => return taint,
            }
        }
        let (object, key) = match self.kind(value) {
            "member_expression" | "attribute" => (
                self.field(value, "object"),
                self.field(value, "property")
                    .or_else(|| self.field(value, "attribute")),
            ),
            "subscript_expression" => (self.field(value, "object"), self.field(value, "index")),
            "subscript" => (self.field(value, "value"), self.field(value, "subscript")),
            _ => return taint,
        };
        let (Some(object), Some(key), Some(function)) = (object, key, self.current_function())
        else {
            return taint;
        };
        if self.kind(object) != "identifier" {
            return taint;
        }
        let own_param = |t: &Taint| {
            t.0.iter().find_map(|l| match l.kind {
                Kind::Param(f, i) if f == function => Some(i),
                _ => None,
            })
        };
        let Some(param) = own_param(&self.read_var(self.node_text(object))) else {
            return taint;
        };
        let (key_param, key_name) = match self.kind(key) {
            "property_identifier" | "identifier"
                if self.kind(value) != "subscript_expression"
                    && self.kind(value) != "subscript" =>
            {
                (None, self.node_text(key).to_string())
            }
            "identifier" => {
                let key_taint = self.read_var(self.node_text(key));
                match own_param(&key_taint) {
                    Some(j) if key_taint.0.len() == 1 => (Some(j), String::new()),
                    _ => return taint,
                }
            }
            _ => match self.string_value(key) {
                Some(name) if !name.is_empty() => (None, name),
                _ => return taint,
            },
        };
        if at.is_some() && (key_param.is_some() || !expressions::is_variable_shaped(&key_name)) {
            return taint;
        }
        Taint(
            taint
                .0
                .into_iter()
                .map(|label| match label.kind {
                    Kind::Param(f, i) if f == function && i == param => Label {
                        kind: Kind::ParamElement(f, i, key_param),
                        at: at.unwrap_or(label.at),
                        what: if key_param.is_some() {
                            label.what
                        } else {
                            Rc::from(key_name.as_str())
                        },
                    },
                    _ => label,
                })
                .collect(),
        )
    }

    fn add_return(&mut self, value: &Taint) {
        if let Some(f) = self.current_function() {
            // Each `return` is one outcome of a call, so its secrets are alternatives.
            if self.functions[f as usize].returns.join_choice(value) {
                self.changed = true;
            }
        }
    }

    fn visit(&mut self, node: Node<'t>) {
        match self.kind(node) {
            "variable_declarator" => {
                if let (Some(name), Some(value)) =
                    (self.field(node, "name"), self.field(node, "value"))
                {
                    self.assign(name, value);
                }
            }
            "assignment_expression"
            | "assignment"
            | "augmented_assignment_expression"
            | "augmented_assignment" => {
                if let (Some(left), Some(right)) =
                    (self.field(node, "left"), self.field(node, "right"))
                {
                    self.assign(left, right);
                }
                if self.lang == Lang::Python && self.kind(node) == "assignment" {
                    self.class_field(node);
                }
            }
            "for_in_statement" | "for_statement" | "for_in_clause" => {
                if let (Some(left), Some(right)) =
                    (self.field(node, "left"), self.field(node, "right"))
                {
                    match python::in_comprehension(self, node) {
                        // A comprehension's variables are its own (Python 3), kept under its key.
                        Some(comprehension) => {
                            let taint = self.eval(right);
                            let mut names = Vec::new();
                            self.pattern_names(left, &mut names);
                            for name in names {
                                let key = python::comprehension_name(&name, comprehension);
                                self.write_var(&key, &taint);
                                if self.comprehension_names.insert(name.into_boxed_str()) {
                                    self.changed = true;
                                }
                            }
                        }
                        None => self.assign(left, right),
                    }
                }
            }
            "with_item" => {
                // `with open(p) as f`: the value node is an as_pattern holding both sides.
                if let Some(value) = self.field(node, "value") {
                    if self.kind(value) == "as_pattern" {
                        if let (Some(source), Some(alias)) =
                            (value.named_child(0), self.field(value, "alias"))
                        {
                            self.assign(alias, source);
                        }
                    }
                }
            }
            "return_statement" => {
                if let Some(value) = node.named_child(0) {
                    let taint = self.eval(value);
                    let taint = self.element_of_parameter(value, taint, None);
                    self.add_return(&taint);
                }
            }
            "call_expression" | "new_expression" | "call" => self.check_call(node),
            "decorator" if self.lang == Lang::Python => self.apply_decorator(node),
            _ => {}
        }
    }

    fn assign(&mut self, target: Node<'t>, value: Node<'t>) {
        let taint = self.eval(value);
        // Only string-built values can be URLs or paths worth remembering.
        let constant = matches!(
            self.kind(value),
            "string"
                | "template_string"
                | "concatenated_string"
                | "binary_expression"
                | "binary_operator"
        )
        .then(|| self.constant_text(value))
        .flatten();
        self.assign_taint(target, value, &taint, constant);
    }

    fn assign_taint(
        &mut self,
        target: Node<'t>,
        value: Node<'t>,
        taint: &Taint,
        constant: Option<String>,
    ) {
        match self.kind(target) {
            "identifier" => {
                let name = self.node_text(target);
                self.write_var(name, taint);
                if let Some(constant) = constant {
                    let scope = self.resolve(name);
                    self.with_scoped(name, |s| {
                        s.consts.entry(scope).or_insert(constant);
                    });
                }
            }
            "member_expression" | "attribute" | "subscript_expression" | "subscript" => {
                // `os.environ["CFG"] = v`, `process.env.CFG = v`: that variable of the environment,
                // wherever the module reads it back, holds v (not the whole environment, nor `process`).
                let variable = match self.lang {
                    Lang::Python => python::environment_variable_set(self, target),
                    Lang::Javascript => javascript::environment_variable_set(self, target),
                };
                if let Some(key) = variable {
                    self.write_var(&key, taint);
                    return;
                }
                // `obj.k = v`, `d['k'] = v`: the whole object now holds v, and so does `obj.k` itself.
                let full = self.node_text(target);
                if full.len() <= 80 {
                    self.write_var(full, taint);
                }
                if let Some(base) = self.base_identifier(target) {
                    self.write_var(base, taint);
                }
            }
            "object_pattern" => {
                if self.lang == Lang::Javascript {
                    javascript::destructure(self, target, value, taint);
                }
            }
            _ => {
                let mut names = Vec::new();
                self.pattern_names(target, &mut names);
                for name in names {
                    self.write_var(&name, taint);
                }
            }
        }
    }

    /// `a` in `a.b.c`, `a[0].b`.
    pub(crate) fn base_identifier(&self, mut node: Node<'t>) -> Option<&'t str> {
        loop {
            match self.kind(node) {
                "identifier" => return Some(self.node_text(node)),
                "member_expression" | "subscript_expression" => {
                    node = self.field(node, "object")?
                }
                "attribute" => node = self.field(node, "object")?,
                "subscript" => node = self.field(node, "value")?,
                "this" => return None,
                _ => return None,
            }
        }
    }

    /// The name a written file is remembered by: the variable its path is in, or, for a path written out
    /// where it is used (`open(f'{tmp}/a.png', 'wb')` … `reveal(f'{tmp}/a.png')`), the path expression as
    /// written. That text holds quotes or operators, so it never collides with a variable.
    pub(crate) fn file_key(&self, path: Node<'t>) -> Option<&'t str> {
        if let Some(name) = self.base_identifier(path) {
            return Some(name);
        }
        let written = matches!(
            self.kind(path),
            "string"
                | "concatenated_string"
                | "binary_operator"
                | "template_string"
                | "binary_expression"
        );
        let text = self.node_text(path);
        (written && text.len() <= 80).then_some(text)
    }

    /// String literal text in a value (URLs and paths), capped.
    pub(crate) fn constant_text(&self, value: Node<'t>) -> Option<String> {
        let mut out = String::new();
        traverse(value, 256, |n, entering| {
            if entering && out.len() < 512 {
                if matches!(self.kind(n), "string_fragment" | "string_content") {
                    out.push_str(self.node_text(n));
                    out.push(' ');
                } else if self.kind(n) == "identifier" {
                    if let Some(c) = self.read_const(self.node_text(n)) {
                        out.push_str(c);
                        out.push(' ');
                    }
                }
            }
        });
        (!out.is_empty()).then_some(out)
    }
}
