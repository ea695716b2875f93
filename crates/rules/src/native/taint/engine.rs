//! The analysis itself: labels, variables by scope, function summaries, and a walk over the tree that
//! both JavaScript and Python share (their node kinds differ in name, not in shape). What a call *means*
//! (a source, a sink, a decoder) is asked of the language's own table.

use super::{javascript, python, Flow, FlowKind, Flows, MAX_NODES};
use crate::ascii_classes::ascii_regex;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::LazyLock;
use tree_sitter::{Node, Tree};

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
    Download,
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
            if !self
                .0
                .iter()
                .any(|l| l.kind == label.kind && l.at == label.at)
            {
                self.0.push(label.clone());
                changed = true;
            }
        }
        changed
    }
    pub(crate) fn with(mut self, other: &Taint) -> Taint {
        self.join(other);
        self
    }
    pub(crate) fn without(mut self, kind: Kind) -> Taint {
        self.0.retain(|l| l.kind != kind);
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
}

#[derive(Debug, Clone)]
struct SinkSite {
    kind: SinkKind,
    at: (usize, usize),
    what: String,
    /// String constants around the sink (its URL, host): decides whose service a secret goes to.
    dest: String,
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
    /// Parameter index → sinks it reaches.
    sinks: Vec<(u8, SinkSite, Via)>,
}

pub(crate) struct Analysis<'t> {
    pub(crate) text: &'t str,
    pub(crate) lang: Lang,
    /// Node kind names by kind id, for this tree's grammar: `Node::kind` measures and checks the C
    /// string on every call, which was a tenth of a bundle's analysis.
    kinds: KindTable,
    root: usize,
    declared: HashSet<(usize, Box<str>)>,
    vars: HashMap<(usize, Box<str>), Taint>,
    /// String literal text assigned to a variable (for URLs and paths built in pieces).
    consts: HashMap<(usize, Box<str>), String>,
    /// Import aliases: local name → canonical dotted name (`cp` → `child_process`).
    aliases: HashMap<String, String>,
    functions: Vec<Function>,
    function_of_node: HashMap<usize, u32>,
    by_name: HashMap<String, Vec<u32>>,
    scopes: Vec<usize>,
    /// Downloads whose bytes were hashed (checked against a pinned digest).
    verified: HashSet<usize>,
    /// Canonical name and role per call node.
    roles: HashMap<usize, (Rc<str>, Role)>,
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
        declared: HashSet::new(),
        vars: HashMap::new(),
        consts: HashMap::new(),
        aliases: HashMap::new(),
        functions: Vec::new(),
        function_of_node: HashMap::new(),
        by_name: HashMap::new(),
        scopes: Vec::new(),
        verified: HashSet::new(),
        roles: HashMap::new(),
        flows: HashMap::new(),
        changed: false,
        budget: 0,
    };
    let mut note = None;
    let (steps, complete) = analysis.prepass(root);
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

/// Iterates a subtree in document order, calling `enter` and `leave`; stops after `limit` nodes.
fn traverse<'a>(root: Node<'a>, limit: usize, mut visit: impl FnMut(Node<'a>, bool)) -> bool {
    let mut cursor = root.walk();
    let mut seen = 0usize;
    loop {
        let node = cursor.node();
        visit(node, true);
        seen += 1;
        if seen > limit {
            return false;
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            let node = cursor.node();
            visit(node, false);
            if node.id() == root.id() {
                return true;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return true;
            }
        }
    }
}

/// A grammar's node kind names by kind id, and which kinds the walk acts on.
struct KindTable {
    names: Vec<&'static str>,
    /// Field names by field id (id 0 is no field).
    fields: Vec<&'static str>,
    function: Vec<bool>,
    visited: Vec<bool>,
}

/// Nodes that hold a function body (and open a scope).
const FUNCTION_KINDS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "generator_function",
    "generator_function_declaration",
    "arrow_function",
    "method_definition",
    "function_definition",
    "lambda",
];

/// Nodes [`Analysis::visit`] acts on; the walk skips every other node.
const VISITED_KINDS: &[&str] = &[
    "variable_declarator",
    "assignment_expression",
    "assignment",
    "augmented_assignment_expression",
    "augmented_assignment",
    "for_in_statement",
    "for_statement",
    "for_in_clause",
    "with_item",
    "return_statement",
    "call_expression",
    "new_expression",
    "call",
];

impl KindTable {
    fn new(language: &tree_sitter::Language) -> KindTable {
        let names: Vec<&'static str> = (0..language.node_kind_count())
            .map(|id| language.node_kind_for_id(id as u16).unwrap_or(""))
            .collect();
        let function = names.iter().map(|n| FUNCTION_KINDS.contains(n)).collect();
        let visited = names.iter().map(|n| VISITED_KINDS.contains(n)).collect();
        let fields = (0..=language.field_count())
            .map(|id| language.field_name_for_id(id as u16).unwrap_or(""))
            .collect();
        KindTable {
            names,
            fields,
            function,
            visited,
        }
    }

    /// The id of a field name; `Node::child_by_field_name` compares the name with every field's
    /// name on each call.
    fn field_id(&self, name: &str) -> Option<u16> {
        let id = self.fields.iter().skip(1).position(|f| *f == name)?;
        u16::try_from(id + 1).ok()
    }

    fn name(&self, node: Node) -> &'static str {
        self.names
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or("")
    }

    fn is_function(&self, node: Node) -> bool {
        self.function
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or(false)
    }

    fn is_visited(&self, node: Node) -> bool {
        self.visited
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or(false)
    }
}

/// What the walk does, in document order: the prepass records it once, every pass replays it (walking
/// the tree again cost more than the analysis itself).
#[derive(Clone, Copy)]
enum Step<'t> {
    /// A function starts: open its scope.
    Enter(Node<'t>),
    /// The innermost open function ends.
    Leave,
    /// A node [`Analysis::visit`] acts on.
    Visit(Node<'t>),
}

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static CREDENTIAL_PATH: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"(?i)(^|[/\\~])(\.ssh|\.aws|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.docker|\.kube|\.gnupg|\.env|",
        r"\.electrum|\.openclaw|\.clawdbot|gcloud|keystore|Exodus|exodus\.wallet|MetaMask)([/\\]|$)|",
        r"id_(rsa|dsa|ecdsa|ed25519)\b|gh[/\\]hosts\.yml|(^|[/\\])(Login Data|Cookies|Local State|Web Data|logins\.json|key4\.db|wallet\.dat|id\.json)$|",
        r"/var/run/secrets/|nkbihfbeogaeaoehlefnkodbefgpgknn|solana[/\\]id\.json|(^|[/\\])credentials\.json$"
    ))
    .expect("credential path pattern")
});

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)TOKEN|SECRET|PASSW|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|SESSION|COOKIE|MNEMONIC|SEED_?PHRASE")
        .expect("secret name pattern")
});

/// Destinations no package sends its own API key to: webhooks, paste sites, tunnels, raw IPs.
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static EXFIL_HOST: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)webhook\.site|discord(app)?\.com/api/webhooks|api\.telegram\.org|pastebin\.|paste\.ee|hastebin|ngrok|pipedream|requestbin|burpcollaborator|oastify|interact\.sh|transfer\.sh|\.onion\b|://\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
        .expect("exfil host pattern")
});

/// A credential store and the host fragments of the service it belongs to (sending it there is its use).
const OWN_SERVICE: &[(&str, &[&str])] = &[
    (".aws", &["amazonaws.com", "aws.amazon.com"]),
    (".npmrc", &["npmjs.org", "npmjs.com", "registry.npm"]),
    (".pypirc", &["pypi.org", "pythonhosted.org"]),
    (".docker", &["docker.io", "docker.com"]),
    ("hosts.yml", &["github.com"]),
    (".git-credentials", &["github.com", "gitlab.com"]),
    ("gcloud", &["googleapis.com", "google.com"]),
];

pub(crate) fn is_credential_path(text: &str) -> bool {
    text.len() < 300 && CREDENTIAL_PATH.is_match(text)
}

pub(crate) fn is_secret_name(name: &str) -> bool {
    SECRET_NAME.is_match(name)
}

impl<'t> Analysis<'t> {
    pub(crate) fn node_text(&self, node: Node<'t>) -> &'t str {
        node.utf8_text(self.text.as_bytes()).unwrap_or("")
    }

    /// The text of a string literal without quotes (interpolations left out); `None` for other nodes.
    pub(crate) fn string_value(&self, node: Node<'t>) -> Option<String> {
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
                        .filter_map(|c| self.string_value(c))
                        .collect(),
                )
            }
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

    fn resolve(&self, name: &str) -> usize {
        for scope in self.scopes.iter().rev() {
            if self.declared.contains(&(*scope, Box::from(name))) {
                return *scope;
            }
        }
        self.root
    }

    pub(crate) fn read_var(&self, name: &str) -> Taint {
        let key = (self.resolve(name), Box::from(name));
        self.vars.get(&key).cloned().unwrap_or_default()
    }

    pub(crate) fn read_const(&self, name: &str) -> Option<&str> {
        let key = (self.resolve(name), Box::from(name));
        self.consts.get(&key).map(String::as_str)
    }

    pub(crate) fn write_var(&mut self, name: &str, taint: &Taint) {
        if taint.is_empty() || name.is_empty() || name.len() > 80 {
            return;
        }
        let key = (self.resolve(name), Box::from(name));
        self.write_key(key, taint);
    }

    fn write_key(&mut self, key: (usize, Box<str>), taint: &Taint) {
        if self.vars.entry(key).or_default().join(taint) {
            self.changed = true;
        }
    }

    pub(crate) fn alias(&self, name: &str) -> Option<&str> {
        self.aliases.get(name).map(String::as_str)
    }

    // ---- prepass: declarations, functions, parameters, imports ----

    /// Records declarations, imports and functions, and the steps every pass replays; `false` with the
    /// steps when the tree has over [`MAX_NODES`] nodes (the steps then stop there).
    fn prepass(&mut self, root: Node<'t>) -> (Vec<Step<'t>>, bool) {
        let mut pending: Vec<Node> = Vec::new();
        let mut steps: Vec<Step<'t>> = Vec::new();
        let mut scopes: Vec<usize> = Vec::new();
        let mut decls: Vec<(usize, String)> = Vec::new();
        let mut imports: Vec<(String, String)> = Vec::new();
        let root_id = self.root;
        let lang = self.lang;
        let this = &*self;
        let complete = traverse(root, MAX_NODES, |node, entering| {
            let function = this.is_function(node);
            if !entering {
                if function {
                    scopes.pop();
                    steps.push(Step::Leave);
                }
                return;
            }
            let scope = scopes.last().copied().unwrap_or(root_id);
            for name in this.declared_names(node) {
                decls.push((scope, name));
            }
            match lang {
                Lang::Javascript => javascript::imports(this, node, &mut imports),
                Lang::Python => python::imports(this, node, &mut imports),
            }
            if function {
                scopes.push(node.id());
                pending.push(node);
                steps.push(Step::Enter(node));
            }
            if this.kinds.is_visited(node) {
                steps.push(Step::Visit(node));
            }
        });
        for (scope, name) in decls {
            self.declared.insert((scope, name.into_boxed_str()));
        }
        for (name, target) in imports {
            self.aliases.insert(name, target);
        }
        for node in pending {
            self.register_function(node);
        }
        (steps, complete)
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

    fn parameter_names(&self, function: Node<'t>) -> Vec<String> {
        let mut names = Vec::new();
        let params = function
            .child_by_field_name("parameters")
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

    fn function_name(&self, function: Node<'t>) -> Option<String> {
        if let Some(name) = self.field(function, "name") {
            return Some(self.node_text(name).to_string());
        }
        let parent = function.parent()?;
        let named = match self.kind(parent) {
            "variable_declarator" => self.field(parent, "name"),
            "assignment_expression" | "assignment" => self.field(parent, "left"),
            "pair" => self.field(parent, "key"),
            _ => None,
        }?;
        let text = self.node_text(named);
        Some(text.rsplit('.').next().unwrap_or(text).to_string())
    }

    fn register_function(&mut self, node: Node<'t>) {
        let index = self.functions.len() as u32;
        let name = self.function_name(node);
        let params = self.parameter_names(node);
        let method_receiver =
            self.lang == Lang::Python && params.first().is_some_and(|p| p == "self" || p == "cls");
        for (i, param) in params.iter().enumerate().take(16) {
            if param.is_empty() {
                continue;
            }
            self.declared.insert((node.id(), Box::from(param.as_str())));
            let taint = Taint::one(Kind::Param(index, i as u8), node.start_byte(), param);
            self.vars
                .entry((node.id(), Box::from(param.as_str())))
                .or_default()
                .join(&taint);
        }
        if let Some(name) = &name {
            self.by_name.entry(name.clone()).or_default().push(index);
        }
        let scope = self.declaring_scope(node);
        self.function_of_node.insert(node.id(), index);
        self.functions.push(Function {
            name,
            method_receiver,
            scope,
            ..Function::default()
        });
    }

    /// Where a plain function's name is declared: the function (or module) around its declaration.
    fn declaring_scope(&self, node: Node<'t>) -> Option<usize> {
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
                let parent = node.parent()?;
                if self.kind(parent) != "variable_declarator" {
                    return None;
                }
                parent
            }
        };
        let mut current = holder.parent();
        while let Some(ancestor) = current {
            if self.is_function(ancestor) {
                return Some(ancestor.id());
            }
            current = ancestor.parent();
        }
        Some(self.root)
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
                self.add_return(&value);
            }
        }
    }

    fn add_return(&mut self, value: &Taint) {
        if let Some(f) = self.current_function() {
            if self.functions[f as usize].returns.join(value) {
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
            }
            "for_in_statement" | "for_statement" | "for_in_clause" => {
                if let (Some(left), Some(right)) =
                    (self.field(node, "left"), self.field(node, "right"))
                {
                    self.assign(left, right);
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
                    self.add_return(&taint);
                }
            }
            "call_expression" | "new_expression" | "call" => self.check_call(node),
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
                    let key = (self.resolve(name), Box::from(name));
                    self.consts.entry(key).or_insert(constant);
                }
            }
            "member_expression" | "attribute" | "subscript_expression" | "subscript" => {
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

    // ---- expressions ----

    pub(crate) fn eval(&mut self, node: Node<'t>) -> Taint {
        self.budget += 1;
        self.eval_depth(node, 0)
    }

    pub(crate) fn eval_depth(&mut self, node: Node<'t>, depth: usize) -> Taint {
        if depth > MAX_EVAL_DEPTH {
            return Taint::default();
        }
        let d = depth + 1;
        match self.kind(node) {
            "identifier" => {
                let name = self.node_text(node);
                let taint = self.read_var(name);
                if taint.is_empty() {
                    if let Some(t) = self.special_name(node) {
                        return t;
                    }
                }
                taint
            }
            "string" | "template_string" | "concatenated_string" => {
                let mut taint = Taint::default();
                if let Some(value) = self.string_value(node) {
                    if is_credential_path(&value) {
                        taint.join(&Taint::one(Kind::CredPath, node.start_byte(), value.trim()));
                    }
                    if value.len() >= MIN_EMBEDDED_CHARS {
                        taint.join(&Taint::one(Kind::Embedded, node.start_byte(), "constant"));
                    }
                }
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    if matches!(
                        self.kind(child),
                        "template_substitution" | "interpolation" | "string"
                    ) {
                        let inner = if self.kind(child) == "string" {
                            self.eval_depth(child, d)
                        } else {
                            self.eval_children(child, d)
                        };
                        taint.join(&inner);
                    }
                }
                taint
            }
            "member_expression" | "attribute" | "subscript_expression" | "subscript" => {
                if let Some(t) = self.special_member(node) {
                    return t;
                }
                let full = self.node_text(node);
                let mut taint = if full.len() <= 80 {
                    self.read_var(full)
                } else {
                    Taint::default()
                };
                let object = node
                    .child_by_field_name("object")
                    .or_else(|| self.field(node, "value"));
                if let Some(object) = object {
                    let inner = self.eval_depth(object, d);
                    taint.join(&inner);
                }
                // `xhr.responseText`: a response read from a connection is a download.
                if taint.has(Kind::NetHandle) && self.lang == Lang::Javascript {
                    let property = node
                        .child_by_field_name("property")
                        .map(|p| self.node_text(p))
                        .unwrap_or("");
                    if matches!(property, "responseText" | "response" | "body" | "data") {
                        taint.join(&Taint::one(
                            Kind::Download,
                            node.start_byte(),
                            "a network response",
                        ));
                    }
                }
                taint
            }
            "call_expression" | "new_expression" | "call" => self.eval_call(node, d),
            "array" | "list" if self.numeric_children(node) >= MIN_EMBEDDED_CODES => {
                self.eval_children(node, d).with(&Taint::one(
                    Kind::Embedded,
                    node.start_byte(),
                    "character codes",
                ))
            }
            "object"
            | "dictionary"
            | "array"
            | "list"
            | "tuple"
            | "set"
            | "pair"
            | "binary_expression"
            | "binary_operator"
            | "boolean_operator"
            | "ternary_expression"
            | "conditional_expression"
            | "parenthesized_expression"
            | "await_expression"
            | "await"
            | "spread_element"
            | "list_splat"
            | "dictionary_splat"
            | "template_substitution"
            | "interpolation"
            | "sequence_expression"
            | "as_expression"
            | "non_null_expression"
            | "satisfies_expression"
            | "type_assertion"
            | "list_comprehension"
            | "generator_expression"
            | "dictionary_comprehension"
            | "set_comprehension"
            | "expression_list"
            | "keyword_argument"
            | "shorthand_property_identifier"
            | "yield_expression"
            | "yield" => {
                if self.kind(node) == "shorthand_property_identifier" {
                    return self.read_var(self.node_text(node));
                }
                if self.kind(node) == "keyword_argument" {
                    return node
                        .child_by_field_name("value")
                        .map(|v| self.eval_depth(v, d))
                        .unwrap_or_default();
                }
                if self.kind(node) == "pair" {
                    return node
                        .child_by_field_name("value")
                        .map(|v| self.eval_depth(v, d))
                        .unwrap_or_default();
                }
                self.eval_children(node, d)
            }
            _ => Taint::default(),
        }
    }

    fn numeric_children(&self, node: Node<'t>) -> usize {
        let mut cursor = node.walk();
        node.named_children(&mut cursor)
            .filter(|c| matches!(self.kind(*c), "number" | "integer"))
            .count()
    }

    /// `String.fromCharCode(104, 116, …)`, `chr(105)`: character codes written into the call itself.
    fn literal_codes(&self, call: Node<'t>) -> bool {
        let Some(args) = self.field(call, "arguments") else {
            return false;
        };
        let numbers = self.numeric_children(args);
        numbers >= MIN_EMBEDDED_CODES || (numbers == 1 && args.named_child_count() == 1)
    }

    fn eval_children(&mut self, node: Node<'t>, depth: usize) -> Taint {
        let mut taint = Taint::default();
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            if self.kind(child) == "comment" || self.is_function(child) {
                continue;
            }
            let inner = self.eval_depth(child, depth);
            taint.join(&inner);
        }
        taint
    }

    fn special_name(&mut self, node: Node<'t>) -> Option<Taint> {
        match self.lang {
            Lang::Javascript => None,
            Lang::Python => python::special_name(self, node),
        }
    }

    fn special_member(&mut self, node: Node<'t>) -> Option<Taint> {
        match self.lang {
            Lang::Javascript => javascript::special_member(self, node),
            Lang::Python => python::special_member(self, node),
        }
    }

    /// The dotted name of a callee with import aliases applied (`cp.exec` → `child_process.exec`).
    pub(crate) fn canonical(&self, node: Node<'t>) -> Option<String> {
        match self.kind(node) {
            "identifier" => {
                let name = self.node_text(node);
                Some(self.alias(name).unwrap_or(name).to_string())
            }
            "member_expression" | "attribute" => {
                let object = self.field(node, "object")?;
                let property = node
                    .child_by_field_name("property")
                    .or_else(|| self.field(node, "attribute"))?;
                let base = self.canonical(object).unwrap_or_default();
                Some(format!("{base}.{}", self.node_text(property)))
            }
            "this" => Some("this".into()),
            "call_expression" | "call" => match self.lang {
                Lang::Javascript => javascript::required_module(self, node),
                Lang::Python => python::imported_module(self, node),
            },
            "parenthesized_expression" => self.canonical(node.named_child(0)?),
            _ => None,
        }
    }

    pub(crate) fn arguments(&self, call: Node<'t>) -> Vec<Node<'t>> {
        let Some(args) = self.field(call, "arguments") else {
            return Vec::new();
        };
        let mut cursor = args.walk();
        args.named_children(&mut cursor)
            .filter(|a| self.kind(*a) != "comment")
            .collect()
    }

    /// Argument `index`, or the keyword argument `keyword` (Python).
    pub(crate) fn argument(&self, call: Node<'t>, index: usize, keyword: &str) -> Option<Node<'t>> {
        let args = self.arguments(call);
        if !keyword.is_empty() {
            for arg in &args {
                if self.kind(*arg) == "keyword_argument"
                    && arg
                        .child_by_field_name("name")
                        .is_some_and(|n| self.node_text(n) == keyword)
                {
                    return self.field(*arg, "value");
                }
            }
        }
        args.into_iter()
            .filter(|a| self.kind(*a) != "keyword_argument")
            .nth(index)
    }

    fn callee(&self, call: Node<'t>) -> Option<Node<'t>> {
        self.field(call, "function")
            .or_else(|| self.field(call, "constructor"))
    }

    /// The canonical callee name and role of a call, worked out once per call node.
    fn call_role(&mut self, call: Node<'t>, callee: Node<'t>) -> (Rc<str>, Role) {
        if let Some(known) = self.roles.get(&call.id()) {
            return known.clone();
        }
        let canonical: Rc<str> = Rc::from(self.canonical(callee).unwrap_or_default());
        let role = self.role(call, &canonical);
        self.roles
            .insert(call.id(), (canonical.clone(), role.clone()));
        (canonical, role)
    }

    fn role(&self, call: Node<'t>, canonical: &str) -> Role {
        // A module's own function named like a sink (`function fetch(x)`) is that function.
        if self.by_name.contains_key(canonical) && self.alias(canonical).is_none() {
            return Role::Unknown;
        }
        match self.lang {
            Lang::Javascript => javascript::role(self, call, canonical),
            Lang::Python => python::role(self, call, canonical),
        }
    }

    /// What an exec-like call runs: its command and arguments, not its options (`{ stdin, env, cwd }`,
    /// `input=`, `env=`), which feed or configure the process without becoming code.
    fn eval_exec_args(&mut self, call: Node<'t>) -> Taint {
        let mut taint = Taint::default();
        for arg in self.arguments(call) {
            let skip = match self.kind(arg) {
                "object" | "dictionary" => true,
                "keyword_argument" => !self.field(arg, "name").is_some_and(|n| {
                    matches!(
                        self.node_text(n),
                        "args" | "cmd" | "command" | "source" | "code"
                    )
                }),
                _ => self.is_function(arg),
            };
            if !skip {
                let inner = self.eval(arg);
                taint.join(&inner);
            }
        }
        taint
    }

    fn eval_args(&mut self, call: Node<'t>, depth: usize) -> Taint {
        let mut taint = Taint::default();
        for arg in self.arguments(call) {
            if self.is_function(arg) {
                continue;
            }
            let inner = self.eval_depth(arg, depth);
            taint.join(&inner);
        }
        taint
    }

    /// The value of a call expression.
    fn eval_call(&mut self, call: Node<'t>, depth: usize) -> Taint {
        let Some(callee) = self.callee(call) else {
            return Taint::default();
        };
        let (_, role) = self.call_role(call, callee);
        let at = call.start_byte();
        let receiver = self.receiver(callee);
        let result = match &role {
            Role::Source(kind, what) => Taint::one(*kind, at, what),
            Role::ReadFile => {
                let args = self.eval_args(call, depth);
                let mut result = self.read_file(&args, at);
                for label in &args.0 {
                    match label.kind {
                        Kind::Param(f, i) => {
                            result.join(&Taint::one(Kind::ReadParam(f, i), label.at, &label.what))
                        }
                        // `json.load(handle)` of an already opened credential file.
                        Kind::Credential => result.join(&Taint(vec![label.clone()])),
                        _ => false,
                    };
                }
                result
            }
            Role::Decoder(what) => {
                let args = self.eval_args(call, depth);
                let mut receiver_taint = Taint::default();
                if let Some(r) = receiver {
                    receiver_taint = self.eval_depth(r, depth);
                }
                let carried = args.with(&receiver_taint).without(Kind::CredPath);
                // Decoding a constant shipped in the code (or a download, or another decoder's output)
                // hides something; decoding runtime input (a pipe, argv, a config file) is serialisation.
                let hiding = [Kind::Embedded, Kind::Download, Kind::Decoded]
                    .iter()
                    .any(|k| carried.has(*k))
                    || self.literal_codes(call);
                if hiding {
                    carried.with(&Taint::one(Kind::Decoded, at, what))
                } else {
                    let mut result = carried.clone();
                    for label in &carried.0 {
                        if let Kind::Param(f, i) = label.kind {
                            result.join(&Taint::one(Kind::DecodeParam(f, i), at, what));
                        }
                    }
                    result
                }
            }
            Role::Transparent => self.eval_args(call, depth),
            Role::Parser => self.eval_args(call, depth).without(Kind::Download),
            Role::PathBuild => self
                .eval_args(call, depth)
                .without(Kind::Download)
                .without(Kind::Decoded),
            Role::Send(what) => Taint::one(Kind::Download, at, what),
            // A connection is not data; what is read from it is (`recv`, `getresponse`, `responseText`).
            Role::Connect(what) => Taint::one(Kind::NetHandle, at, what),
            Role::OpenWrite { path } => {
                let name = self
                    .argument(call, *path, "")
                    .and_then(|p| self.base_identifier(p))
                    .unwrap_or("");
                Taint::one(Kind::WriteHandle, at, name)
            }
            Role::EnvVar => match self.lang {
                Lang::Javascript => Taint::default(),
                Lang::Python => python::env_var(self, call),
            },
            Role::Exec(_)
            | Role::Write { .. }
            | Role::Chmod { .. }
            | Role::Hash
            | Role::Lookup(_) => Taint::default(),
            Role::Unknown => self.eval_unknown_call(call, callee, receiver, depth),
        };
        result
    }

    fn receiver(&self, callee: Node<'t>) -> Option<Node<'t>> {
        match self.kind(callee) {
            "member_expression" | "attribute" => self.field(callee, "object"),
            _ => None,
        }
    }

    fn method_name(&self, callee: Node<'t>) -> &'t str {
        match self.kind(callee) {
            "member_expression" => callee
                .child_by_field_name("property")
                .map(|p| self.node_text(p))
                .unwrap_or(""),
            "attribute" => callee
                .child_by_field_name("attribute")
                .map(|p| self.node_text(p))
                .unwrap_or(""),
            "identifier" => self.node_text(callee),
            _ => "",
        }
    }

    fn read_file(&self, args: &Taint, at: usize) -> Taint {
        match args.first(Kind::CredPath) {
            Some(path) => Taint::one(Kind::Credential, at, &format!("reads {}", path.what)),
            None => Taint::default(),
        }
    }

    /// A call the tables do not know: a local function (its summary), or a method on a labelled value.
    fn eval_unknown_call(
        &mut self,
        call: Node<'t>,
        callee: Node<'t>,
        receiver: Option<Node<'t>>,
        depth: usize,
    ) -> Taint {
        let method = self.method_name(callee);
        let mut result = Taint::default();
        // Local functions: substitute arguments into the summary's return value.
        let candidates = self.local_functions(callee);
        if !candidates.is_empty() {
            let args = self.arguments(call);
            for index in candidates {
                let shift = usize::from(
                    self.functions[index as usize].method_receiver && receiver.is_some(),
                );
                let returns = self.functions[index as usize].returns.clone();
                for label in &returns.0 {
                    match label.kind {
                        Kind::Param(f, i) | Kind::ReadParam(f, i) | Kind::DecodeParam(f, i)
                            if f == index =>
                        {
                            let Some(position) = (i as usize).checked_sub(shift) else {
                                continue;
                            };
                            if let Some(arg) = args
                                .iter()
                                .filter(|a| self.kind(**a) != "keyword_argument")
                                .nth(position)
                            {
                                let inner = self.eval_depth(*arg, depth);
                                match label.kind {
                                    // The helper read the file this argument names.
                                    Kind::ReadParam(..) => {
                                        result.join(&self.read_file(&inner, call.start_byte()));
                                    }
                                    // The helper decoded this argument: hiding, if it is a constant.
                                    Kind::DecodeParam(..) => {
                                        if [Kind::Embedded, Kind::Download, Kind::Decoded]
                                            .iter()
                                            .any(|k| inner.has(*k))
                                        {
                                            result.join(&Taint::one(
                                                Kind::Decoded,
                                                label.at,
                                                &label.what,
                                            ));
                                        }
                                    }
                                    _ => {
                                        result.join(&inner);
                                    }
                                }
                            }
                        }
                        _ => {
                            result.join(&Taint(vec![label.clone()]));
                        }
                    }
                }
            }
            return result;
        }
        let Some(receiver) = receiver else {
            return result;
        };
        let receiver_taint = self.eval_depth(receiver, depth);
        if receiver_taint.is_empty() {
            // `"".join(parts)`, `"{}".format(x)`, `Buffer.concat(chunks)`: combine their arguments.
            if COMBINERS.contains(&method) {
                return self.eval_args(call, depth);
            }
            return result;
        }
        if receiver_taint.has(Kind::CredPath)
            && matches!(
                method,
                "read" | "read_text" | "read_bytes" | "readlines" | "open"
            )
        {
            let at = call.start_byte();
            result.join(&self.read_file(&receiver_taint, at));
        }
        if matches!(method, "json" | "parse") {
            return receiver_taint
                .without(Kind::Download)
                .without(Kind::NetHandle);
        }
        if receiver_taint.has(Kind::NetHandle)
            && matches!(
                method,
                "recv" | "getresponse" | "read" | "text" | "content" | "makefile"
            )
        {
            result.join(&Taint::one(
                Kind::Download,
                call.start_byte(),
                "a network response",
            ));
        }
        result.join(&receiver_taint.without(Kind::WriteHandle));
        if COMBINERS.contains(&method) {
            let args = self.eval_args(call, depth);
            result.join(&args);
        }
        result
    }

    fn local_functions(&self, callee: Node<'t>) -> Vec<u32> {
        let name = match self.kind(callee) {
            "identifier" => self.node_text(callee),
            "member_expression" | "attribute" => {
                let object = self.field(callee, "object");
                // Methods called on `this`/`self` or on a module-local object.
                if object.is_some_and(|o| matches!(self.node_text(o), "this" | "self" | "cls"))
                    || object.is_some_and(|o| {
                        self.kind(o) == "identifier" && self.alias(self.node_text(o)).is_none()
                    })
                {
                    self.method_name(callee)
                } else {
                    return Vec::new();
                }
            }
            _ => return Vec::new(),
        };
        if name.is_empty() || self.alias(name).is_some() {
            return Vec::new();
        }
        let Some(candidates) = self.by_name.get(name) else {
            return Vec::new();
        };
        if self.kind(callee) == "identifier" {
            // The function this name means here: declared in the scope the name resolves to (minified
            // bundles reuse `a` and `b` in every scope).
            let scope = self.resolve(name);
            candidates
                .iter()
                .copied()
                .filter(|f| self.functions[*f as usize].scope == Some(scope))
                .collect()
        } else if candidates.len() == 1 {
            // A method by name, when the module defines only one of that name.
            candidates.clone()
        } else {
            Vec::new()
        }
    }

    // ---- sinks ----

    fn check_call(&mut self, call: Node<'t>) {
        let Some(callee) = self.callee(call) else {
            return;
        };
        let (canonical, role) = self.call_role(call, callee);
        let shown = short(if canonical.is_empty() {
            self.node_text(callee)
        } else {
            &canonical
        });
        // Callbacks receive what the call produces (`https.get(url, res => …)`, `p.then(x => …)`).
        self.feed_callbacks(call, callee, &role);
        match role {
            Role::Send(_) | Role::Connect(_) | Role::Lookup(_) => {
                let args = self.network_args(call, true);
                if !args.is_empty() {
                    let site =
                        self.site(SinkKind::Network, call, format!("{shown} (network send)"));
                    self.sink(&site, &args, None);
                }
            }
            Role::Exec(what) => {
                // eval/exec/compile/vm run their first argument; the rest are namespaces and options.
                let code_only = matches!(
                    what,
                    "eval" | "exec" | "compile" | "vm" | "module._compile" | "pickle.loads"
                );
                let args = if code_only {
                    self.argument(call, 0, "source")
                        .map(|a| self.eval(a))
                        .unwrap_or_default()
                } else {
                    self.eval_exec_args(call)
                };
                let site = self.site(SinkKind::Exec, call, format!("{shown} ({what})"));
                self.sink(&site, &args, None);
            }
            Role::Write { path, data } => {
                let mut data_taint = self
                    .argument(call, data, "")
                    .map(|d| self.eval(d))
                    .unwrap_or_default();
                if canonical.ends_with("urlretrieve") {
                    // Downloads straight to the path.
                    data_taint.join(&Taint::one(
                        Kind::Download,
                        call.start_byte(),
                        "urlretrieve",
                    ));
                }
                self.drop_file(call, path, &data_taint);
                if self.lang == Lang::Javascript && javascript::writes_executable(self, call) {
                    let site = self.site(
                        SinkKind::Chmod,
                        call,
                        format!("{shown} (written with an executable mode)"),
                    );
                    self.sink(&site, &data_taint, None);
                }
            }
            Role::Chmod { mode } => {
                let executable = self
                    .argument(call, mode, "mode")
                    .is_some_and(|m| is_executable_mode(self.node_text(m)));
                if executable {
                    let path = self
                        .argument(call, 0, "")
                        .map(|p| self.eval(p))
                        .unwrap_or_default();
                    let site =
                        self.site(SinkKind::Chmod, call, format!("{shown} (made executable)"));
                    self.sink(&site, &path, None);
                }
            }
            Role::Hash => {
                let args = self.eval_args(call, 0);
                self.verify(&args);
            }
            Role::Unknown => self.check_unknown(call, callee),
            _ => {}
        }
    }

    /// What a network call sends. A request to a host read from a credential file (the registry in
    /// ~/.npmrc, the server in a kubeconfig) is that file's own service: its labels do not count.
    fn network_args(&mut self, call: Node<'t>, url_first: bool) -> Taint {
        let mut args = self.eval_args(call, 0);
        if let Some(url) = self.argument(call, 0, "url").filter(|_| url_first) {
            let base = self.leading_taint(url, 0);
            args.0
                .retain(|l| !(l.kind == Kind::Credential && base.0.iter().any(|b| b.at == l.at)));
        }
        args
    }

    /// The taint of what a URL starts with (its scheme and host): the first piece of a template string,
    /// f-string or concatenation, or a variable not built from a literal `http…` prefix.
    fn leading_taint(&mut self, node: Node<'t>, depth: usize) -> Taint {
        if depth > 8 {
            return Taint::default();
        }
        match self.kind(node) {
            "template_string" | "string" => {
                let Some(first) = node.named_child(0) else {
                    return Taint::default();
                };
                if matches!(self.kind(first), "template_substitution" | "interpolation") {
                    self.eval(first)
                } else {
                    Taint::default()
                }
            }
            "binary_expression" | "binary_operator" => match self.field(node, "left") {
                Some(left) => self.leading_taint(left, depth + 1),
                None => Taint::default(),
            },
            "parenthesized_expression" | "await_expression" => match node.named_child(0) {
                Some(inner) => self.leading_taint(inner, depth + 1),
                None => Taint::default(),
            },
            "identifier" => {
                let name = self.node_text(node);
                if self
                    .read_const(name)
                    .is_some_and(|c| c.trim_start().starts_with("http"))
                {
                    Taint::default()
                } else {
                    self.read_var(name)
                }
            }
            "call_expression" | "call" | "member_expression" | "attribute" => self.eval(node),
            _ => Taint::default(),
        }
    }

    fn site(&self, kind: SinkKind, call: Node<'t>, what: String) -> SinkSite {
        SinkSite {
            kind,
            at: (
                call.start_byte(),
                call.end_byte().min(call.start_byte() + 200),
            ),
            what,
            // Only a network send's destination decides anything (whose service a secret goes to).
            dest: if kind == SinkKind::Network {
                self.constant_text(call).unwrap_or_default()
            } else {
                String::new()
            },
        }
    }

    fn verify(&mut self, taint: &Taint) {
        for label in &taint.0 {
            if label.kind == Kind::Download {
                self.verified.insert(label.at);
            }
        }
    }

    /// `fs.writeFileSync(p, data)` with downloaded data: `p` now names a dropped file.
    fn drop_file(&mut self, call: Node<'t>, path: usize, data: &Taint) {
        let Some(download) = data.first(Kind::Download).cloned() else {
            return;
        };
        let Some(target) = self.argument(call, path, "") else {
            return;
        };
        let dropped = Taint(vec![Label {
            kind: Kind::Dropped,
            at: download.at,
            what: download.what.clone(),
        }]);
        if let Some(name) = self.base_identifier(target) {
            self.write_var(name, &dropped);
        }
        // Hashing the written path's bytes later is still a check.
        if data.0.iter().any(|l| self.verified.contains(&l.at)) {
            self.verified.insert(download.at);
        }
    }

    /// Calls the tables do not know: local wrappers (their summarised sinks), methods on connections
    /// and open files, and `resolve(x)` inside a promise (the enclosing function's result).
    fn check_unknown(&mut self, call: Node<'t>, callee: Node<'t>) {
        let method = self.method_name(callee);
        let receiver = self.receiver(callee);
        if self.kind(callee) == "identifier" && method == "resolve" && self.lang == Lang::Javascript
        {
            let args = self.eval_args(call, 0);
            // The promise's executor is a nested function; its result is the outer function's.
            let outer = self
                .scopes
                .iter()
                .rev()
                .filter_map(|s| self.function_of_node.get(s).copied())
                .find(|f| self.functions[*f as usize].name.is_some());
            if let Some(f) = outer {
                if self.functions[f as usize].returns.join(&args) {
                    self.changed = true;
                }
            }
        }
        if let Some(receiver) = receiver {
            let receiver_taint = self.eval(receiver);
            if receiver_taint.has(Kind::NetHandle) && SEND_METHODS.contains(&method) {
                // `session.post(url, …)` names the destination first; `req.write(data)` does not.
                let url_first = matches!(method, "get" | "post" | "put" | "patch" | "delete");
                let args = self.network_args(call, url_first);
                if !args.is_empty() {
                    let shown = short(self.node_text(callee));
                    let site =
                        self.site(SinkKind::Network, call, format!("{shown} (network send)"));
                    self.sink(&site, &args, None);
                }
            }
            if let Some(handle) = receiver_taint.first(Kind::WriteHandle).cloned() {
                if matches!(method, "write" | "writelines") {
                    let data = self.eval_args(call, 0);
                    if let Some(download) = data.first(Kind::Download).cloned() {
                        let dropped = Taint::one(Kind::Dropped, download.at, &download.what);
                        self.write_var(&handle.what, &dropped);
                    }
                }
            }
            if method == "pipe" && receiver_taint.has(Kind::Download) {
                let args = self.eval_args(call, 0);
                if let (Some(handle), Some(download)) = (
                    args.first(Kind::WriteHandle).cloned(),
                    receiver_taint.first(Kind::Download).cloned(),
                ) {
                    let dropped = Taint::one(Kind::Dropped, download.at, &download.what);
                    self.write_var(&handle.what, &dropped);
                }
            }
            if method == "update" && receiver_taint.is_empty() {
                // `crypto.createHash(...).update(data)` is a `Hash` role; a hash object held in a
                // variable (`h = hashlib.sha256(); h.update(data)`) is seen here.
                let receiver_text = self.node_text(receiver);
                if receiver_text.contains("hash")
                    || receiver_text.contains("Hash")
                    || receiver_text.contains("sha")
                {
                    let args = self.eval_args(call, 0);
                    self.verify(&args);
                }
            }
            // Mutating methods move data into the receiver (`parts.push(secret)`, `d.update(env)`).
            if MUTATORS.contains(&method) {
                let args = self.eval_args(call, 0);
                if !args.is_empty() {
                    if let Some(base) = self.base_identifier(receiver) {
                        self.write_var(base, &args);
                    }
                }
            }
        }
        if self.kind(callee) == "identifier" && self.lang == Lang::Javascript && method == "assign"
        {
            return;
        }
        // Local wrappers: a parameter that reaches a sink makes this call a sink for that argument.
        let candidates = self.local_functions(callee);
        if candidates.is_empty() {
            return;
        }
        let args: Vec<Node> = self
            .arguments(call)
            .into_iter()
            .filter(|a| self.kind(*a) != "keyword_argument")
            .collect();
        let name = short(self.node_text(callee));
        for index in candidates {
            let shift =
                usize::from(self.functions[index as usize].method_receiver && receiver.is_some());
            let sinks = self.functions[index as usize].sinks.clone();
            for (param, site, via) in sinks {
                let Some(position) = (param as usize).checked_sub(shift) else {
                    continue;
                };
                let Some(arg) = args.get(position) else {
                    continue;
                };
                let taint = self.eval(*arg);
                let via =
                    via.or_else(|| Some((call.start_byte(), format!("passed to {name}() here"))));
                self.sink(&site, &taint, via);
            }
        }
    }

    fn feed_callbacks(&mut self, call: Node<'t>, callee: Node<'t>, role: &Role) {
        let args = self.arguments(call);
        let functions: Vec<Node> = args
            .iter()
            .copied()
            .filter(|a| self.is_function(*a))
            .collect();
        if functions.is_empty() {
            return;
        }
        let at = call.start_byte();
        let fed = match role {
            Role::Send(what) | Role::Connect(what) => Taint::one(Kind::Download, at, what),
            Role::ReadFile => {
                let args = self.eval_args(call, 0);
                self.read_file(&args, at)
            }
            Role::Unknown => match self.receiver(callee) {
                Some(receiver) => {
                    let taint = self.eval(receiver).without(Kind::WriteHandle);
                    // `req.on('response', res => …)`: what a connection hands its callbacks is received data.
                    match taint.first(Kind::NetHandle).cloned() {
                        Some(handle) => {
                            taint.with(&Taint::one(Kind::Download, handle.at, &handle.what))
                        }
                        None => taint,
                    }
                }
                None => Taint::default(),
            },
            _ => Taint::default(),
        };
        if fed.is_empty() {
            return;
        }
        for function in functions {
            for name in self.parameter_names(function) {
                if !name.is_empty() {
                    self.write_key((function.id(), name.into_boxed_str()), &fed);
                }
            }
        }
    }

    /// Labels reaching a sink: concrete ones are flows, parameters make the function a wrapper.
    fn sink(&mut self, site: &SinkSite, taint: &Taint, via: Option<(usize, String)>) {
        if taint.is_empty() {
            return;
        }
        for label in &taint.0 {
            if let Kind::Param(f, i) = label.kind {
                let entry = &mut self.functions[f as usize];
                if !entry
                    .sinks
                    .iter()
                    .any(|(p, s, _)| *p == i && s.at == site.at)
                {
                    entry.sinks.push((i, site.clone(), via.clone()));
                    self.changed = true;
                }
            }
        }
        let flow = |kind: FlowKind, label: &Label| Flow {
            kind,
            sink: site.at,
            sink_what: site.what.clone(),
            source_at: label.at,
            source_what: label.what.to_string(),
            via: via.clone(),
        };
        let mut found = Vec::new();
        match site.kind {
            SinkKind::Network => {
                if let Some(label) = taint
                    .0
                    .iter()
                    .find(|l| l.kind == Kind::Credential && !own_service(&l.what, &site.dest))
                {
                    found.push(flow(FlowKind::CredentialToNetwork, label));
                }
                if let Some(label) = taint.first(Kind::EnvDump) {
                    found.push(flow(FlowKind::EnvironmentToNetwork, label));
                } else {
                    let secrets: Vec<&Label> = taint
                        .0
                        .iter()
                        .filter(|l| l.kind == Kind::SecretVar)
                        .collect();
                    let mut names: Vec<&str> = secrets.iter().map(|l| &*l.what).collect();
                    names.sort_unstable();
                    names.dedup();
                    if let Some(first) = secrets.first() {
                        if names.len() >= 3 || EXFIL_HOST.is_match(&site.dest) {
                            let mut f = flow(FlowKind::EnvironmentToNetwork, first);
                            f.source_what = names.join(", ");
                            found.push(f);
                        }
                    }
                }
            }
            SinkKind::Exec => {
                if let Some(label) = taint
                    .0
                    .iter()
                    .find(|l| matches!(l.kind, Kind::Download | Kind::Dropped))
                {
                    found.push(flow(FlowKind::DownloadToExec, label));
                }
                if let Some(label) = taint.first(Kind::Decoded) {
                    found.push(flow(FlowKind::DecodedToExec, label));
                }
            }
            SinkKind::Chmod => {
                if let Some(label) = taint
                    .0
                    .iter()
                    .find(|l| matches!(l.kind, Kind::Download | Kind::Dropped))
                {
                    found.push(flow(FlowKind::DownloadToExec, label));
                }
            }
        }
        for f in found {
            self.flows.entry((f.kind, f.sink.0)).or_insert(f);
        }
    }
}

/// Calls whose result combines their arguments even on an unlabelled receiver.
const COMBINERS: &[&str] = &[
    "join",
    "format",
    "concat",
    "replace",
    "format_map",
    "encode",
    "decode",
    "toString",
    "from",
    "stringify",
    "dumps",
    "urlencode",
    "quote",
    "quote_plus",
    "append",
    "push",
    "add",
    "extend",
    "update",
    "assign",
    "set",
    "fromEntries",
    "entries",
    "values",
    "keys",
    "items",
    "copy",
    "trim",
    "strip",
    "split",
    "slice",
    "substring",
    "substr",
    "reverse",
    "map",
    "filter",
    "reduce",
];

/// Methods that move their arguments into the receiver.
const MUTATORS: &[&str] = &[
    "push",
    "unshift",
    "append",
    "extend",
    "insert",
    "update",
    "add",
    "setdefault",
    "set",
];

/// Methods that send data on a connection or request object.
const SEND_METHODS: &[&str] = &[
    "write",
    "end",
    "send",
    "sendall",
    "sendto",
    "sendmail",
    "send_message",
    "request",
    "post",
    "put",
    "patch",
    "emit",
    "open",
    "storbinary",
    "putrequest",
    "endheaders",
    "connect",
];

fn own_service(what: &str, dest: &str) -> bool {
    OWN_SERVICE
        .iter()
        .any(|(store, hosts)| what.contains(store) && hosts.iter().any(|host| dest.contains(host)))
}

/// `0o755`, `0755`, `493`, `'755'`, `'+x'`, `stat.S_IEXEC`, `st.st_mode | 0o111`.
pub(crate) fn is_executable_mode(text: &str) -> bool {
    let t = text.trim().trim_matches(|c| c == '\'' || c == '"');
    if t.contains("+x") || t.contains("S_IEXEC") || t.contains("S_IX") || t.contains("0o111") {
        return true;
    }
    let value = if let Some(octal) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        u32::from_str_radix(octal, 8).ok()
    } else if t.len() == 3 || (t.len() == 4 && t.starts_with('0')) {
        u32::from_str_radix(t, 8).ok()
    } else {
        t.parse::<u32>().ok()
    };
    value.is_some_and(|v| v & 0o111 != 0)
}

fn short(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 60 {
        let cut: String = flat.chars().take(57).collect();
        format!("{cut}…")
    } else {
        flat
    }
}
