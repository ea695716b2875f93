//! A bounded partial evaluator for Python and JavaScript/TypeScript: it sees through the one step code
//! puts between the pieces a rule knows — a path in a variable, a loop over a literal tuple, a name built
//! with `chr()` arithmetic, `[::-1]`, `'ex'+'ec'`, `String.fromCharCode`, escapes, `getattr(__import__(…),
//! name)`, `obj['ex'+'ec']`, `global['req'+'uire']`.
//!
//! It propagates constants and aliases within a module and each function (assignments in order, imports,
//! loops over literal collections walked once per item) and evaluates the string, list and integer
//! operations obfuscation uses. Its product is a list of [`Rendition`]s: each call whose callee or arguments
//! resolve to something other than what is written, re-written as if written literally
//! (`open("~/.ssh/authorized_keys", "a")`, `os.dup2(s.fileno(), 0)`, `exec`), and each computed string handed
//! to an exec sink, as code. The scan rescans them with the whole rule set and reports what fires at the
//! original call ([`rescan`]); a call whose hidden target is a code-execution function is a finding of its
//! own ([`HIDDEN_EXEC_TARGET`]). Everything is bounded ([`limits`]): past a bound a value is unknown.

pub(crate) mod calls;
mod helper_calls;
mod javascript;
pub(crate) mod limits;
mod python;
mod python_builtins;
pub(crate) mod rescan;
mod shell_lines;
mod shell_vars;
pub(crate) use shell_vars::split_commands;
mod spelled;
#[cfg(test)]
mod tests;
mod top_level;
pub(crate) mod values;

pub(crate) use spelled::SPELLED_FROM_BUILTIN_TEXT;

use super::FileDetector;
use crate::matchers::{Hit, HitDetail};
use crate::node_kind::NodeKind;
use crate::segment::Segment;
use crate::syntax::Grammar;
use limits::{Budget, MAX_RENDITIONS, MAX_RENDITION_BYTES, MAX_SEGMENT_BYTES};
use std::collections::HashMap;
use tree_sitter::Node;
use values::Value;

/// A call re-written with what the evaluator resolved, or a computed string run as code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rendition {
    /// Segment-relative span of the call as written.
    pub start: usize,
    pub end: usize,
    /// The resolved code: one call, or the code an exec sink is handed.
    pub code: String,
    /// The code is a payload handed to `exec`/`eval`/`Function`, not the call itself.
    pub payload: bool,
    /// The callee's name was computed and resolves to a code-execution function: its path.
    pub hidden_target: Option<String>,
    /// The payload is a shell command line (`os.system(cmd)`, `subprocess.run(cmd, shell=True)`), scanned
    /// as shell.
    pub shell: bool,
}

impl Rendition {
    /// A call as the evaluator resolved it (`os.system("…")` for `f(*args)` with `f` bound to it).
    pub(crate) fn call(start: usize, end: usize, code: String) -> Self {
        Rendition {
            start,
            end,
            code,
            payload: false,
            hidden_target: None,
            shell: false,
        }
    }

    /// Code the call runs (the text handed to `eval`, `exec`, `new Function`), scanned as code.
    pub(crate) fn payload(start: usize, end: usize, code: String) -> Self {
        Rendition {
            payload: true,
            ..Rendition::call(start, end, code)
        }
    }

    /// The command line a shell runs, scanned as shell.
    pub(crate) fn shell_command(start: usize, end: usize, command: &str) -> Self {
        Rendition {
            start,
            end,
            code: format!("{command}\n"),
            payload: true,
            hidden_target: None,
            shell: true,
        }
    }
}

/// What the evaluator found in one segment.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    pub renditions: Vec<Rendition>,
    /// Calls that connect, look up, spawn or run code, with their callees resolved.
    pub calls: Vec<calls::CallSite>,
    /// Characters picked out of a built-in object's text (`oct.__str__()[-3]`), segment-relative spans.
    pub builtin_picks: Vec<(usize, usize)>,
    pub note: Option<String>,
}

/// The renditions of `segment`, evaluating it on first use.
pub(crate) fn resolved<'s>(segment: &'s Segment, file_text: &str) -> &'s Resolved {
    segment.cached(|| evaluate_segment(segment, file_text))
}

fn evaluate_segment(segment: &Segment, file_text: &str) -> Resolved {
    let Some(grammar) = segment.grammar else {
        return Resolved::default();
    };
    let text = segment.text(file_text);
    if grammar == Grammar::Bash {
        if text.len() > MAX_SEGMENT_BYTES || !text.contains('$') {
            return Resolved::default();
        }
        return Resolved {
            renditions: shell_vars::expanded_lines(text),
            ..Resolved::default()
        };
    }
    let markers = if grammar == Grammar::Python {
        PYTHON_MARKERS
    } else {
        JAVASCRIPT_MARKERS
    };
    // Parsing is most of the cost: a module naming nothing the evaluator resolves toward is left alone.
    if text.len() > MAX_SEGMENT_BYTES || !markers.iter().any(|m| text.contains(m)) {
        return Resolved::default();
    }
    let Some(tree) = segment.tree(file_text) else {
        return Resolved::default();
    };
    evaluate_tree(tree.root_node(), text, grammar)
}

/// The resolved renditions of a Python (`python`) or JavaScript module's source, for tools and fuzzing:
/// each the code the scan rescans for one call. Empty when the text does not parse within the limits.
pub fn resolve_calls(text: &str, python: bool) -> Vec<String> {
    let grammar = if python {
        Grammar::Python
    } else {
        Grammar::Javascript
    };
    if text.len() > MAX_SEGMENT_BYTES {
        return Vec::new();
    }
    let Ok(tree) = crate::syntax::parse(grammar, text) else {
        return Vec::new();
    };
    evaluate_tree(tree.root_node(), text, grammar)
        .renditions
        .into_iter()
        .map(|r| r.code)
        .collect()
}

/// The string constants a module gives the package's other modules (Python: its module-level names;
/// JavaScript: what it exports), at most `max`, each value at most the evaluator's string bound.
pub(crate) fn module_strings(
    root: Node,
    text: &str,
    python: bool,
    max: usize,
) -> Vec<(String, String)> {
    if python {
        python::exports::module_strings(root, text, max)
    } else {
        javascript::exports::module_strings(root, text, max)
    }
}

/// A Python module holds one of these when it can reach something the evaluator's renditions feed (a
/// sink, a name lookup, a character-code builder); other modules are not parsed for it.
const PYTHON_MARKERS: &[&str] = &[
    "exec",
    "eval",
    "compile",
    "system",
    "popen",
    "Popen",
    "subprocess",
    "socket",
    "open(",
    "remove(",
    "unlink",
    "rmtree",
    "getattr",
    "__import__",
    "import_module",
    "globals",
    "builtins",
    "dup2",
    "chr(",
    "urlopen",
    "requests",
    "urllib",
    "atexit",
    "pty",
    "\\x",
    "__str__()",
    "__repr__()",
    "methodcaller",
    "attrgetter",
    "__dict__[",
    "vars(",
];

/// The same for JavaScript and TypeScript.
const JAVASCRIPT_MARKERS: &[&str] = &[
    "child_process",
    "eval",
    "Function",
    "exec",
    "spawn",
    "fork",
    "fromCharCode",
    "global",
    "window[",
    "self[",
    "require(`",
    "require(\"' +",
    "net",
    "dns",
    // `require(flip('ssecorp_dlihc'))`: names spelled backwards name nothing above.
    "reverse()",
    "unlink",
    "rmSync",
    "authorized_keys",
    "_history",
    "\\x",
    "\\u",
    "' + '",
    "\" + \"",
    "'+'",
    "\"+\"",
];

/// Evaluates a parsed module (`text` is what the tree was parsed from).
pub(crate) fn evaluate_tree(root: Node, text: &str, grammar: Grammar) -> Resolved {
    let mut out = Output::new();
    let mut budget = Budget::new();
    if grammar == Grammar::Python {
        python::evaluate(root, text, &mut budget, &mut out);
    } else {
        javascript::evaluate(root, text, &mut budget, &mut out);
    }
    Resolved {
        renditions: out.renditions,
        calls: out.calls,
        builtin_picks: out.builtin_picks,
        note: (budget.exhausted || out.full).then(|| {
            "partial evaluation stopped at its step or size limit; later computed names were not resolved"
                .to_string()
        }),
    }
}

/// Scopes of known names, innermost last. `None` marks a name known to be unknown here (a parameter, a
/// reassignment the evaluator cannot follow), which hides an outer binding of the same name.
#[derive(Debug, Default)]
pub(crate) struct Env {
    scopes: Vec<HashMap<String, Option<Value>>>,
    /// Bumped on every change, so a value worked out under one state of the names is known to hold
    /// while the number is the same (see the JavaScript walker's memo).
    generation: u64,
}

/// Names bound per scope; past this, new names are not recorded (they read as unknown).
const MAX_BINDINGS: usize = 4096;

impl Env {
    pub(crate) fn new() -> Env {
        Env {
            scopes: vec![HashMap::new()],
            generation: 0,
        }
    }

    /// Changes every time a name is bound or a scope opened or closed.
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        for scope in self.scopes.iter().rev() {
            if let Some(value) = scope.get(name) {
                return value.as_ref();
            }
        }
        None
    }

    /// Whether `name` is bound (known or not) in any scope.
    pub(crate) fn bound(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.contains_key(name))
    }

    pub(crate) fn set(&mut self, name: &str, value: Option<Value>) {
        self.generation += 1;
        if let Some(scope) = self.scopes.last_mut() {
            if scope.len() < MAX_BINDINGS || scope.contains_key(name) {
                scope.insert(name.to_string(), value);
            }
        }
    }

    pub(crate) fn push(&mut self) {
        self.generation += 1;
        self.scopes.push(HashMap::new());
    }

    pub(crate) fn pop(&mut self) {
        self.generation += 1;
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    /// The module scope's bindings.
    pub(crate) fn module_scope(&self) -> impl Iterator<Item = (&String, &Option<Value>)> {
        self.scopes.iter().take(1).flatten()
    }

    /// Only the outermost (module) scope, for a function body walked after the module.
    pub(crate) fn module_only(&mut self) -> Vec<HashMap<String, Option<Value>>> {
        self.generation += 1;
        self.scopes.split_off(1)
    }

    pub(crate) fn restore(&mut self, inner: Vec<HashMap<String, Option<Value>>>) {
        self.generation += 1;
        self.scopes.truncate(1);
        self.scopes.extend(inner);
    }
}

/// Renditions collected for a segment, bounded in count and bytes.
pub(crate) struct Output {
    renditions: Vec<Rendition>,
    calls: Vec<calls::CallSite>,
    builtin_picks: Vec<(usize, usize)>,
    bytes: usize,
    full: bool,
}

/// Picks of built-in text recorded per segment: enough to report and count, bounded on hostile input.
pub(crate) const MAX_BUILTIN_PICKS: usize = 256;

impl Output {
    fn new() -> Output {
        Output {
            renditions: Vec::new(),
            calls: Vec::new(),
            builtin_picks: Vec::new(),
            bytes: 0,
            full: false,
        }
    }

    pub(crate) fn record_call(&mut self, call: calls::CallSite) {
        if self.calls.len() < calls::MAX_CALL_SITES && !self.calls.contains(&call) {
            self.calls.push(call);
        }
    }

    pub(crate) fn record_builtin_pick(&mut self, start: usize, end: usize) {
        if self.builtin_picks.len() < MAX_BUILTIN_PICKS
            && !self.builtin_picks.contains(&(start, end))
        {
            self.builtin_picks.push((start, end));
        }
    }

    pub(crate) fn push(&mut self, rendition: Rendition) {
        if self.renditions.len() >= MAX_RENDITIONS
            || self.bytes + rendition.code.len() > MAX_RENDITION_BYTES
        {
            self.full = true;
            return;
        }
        // A loop walked once per item renders the same call the same way more than once.
        if self.renditions.contains(&rendition) {
            return;
        }
        self.bytes += rendition.code.len();
        self.renditions.push(rendition);
    }
}

/// Function names that run code or commands: a computed name that resolves to one of these hides it.
const EXEC_NAMES: &[&str] = &[
    "exec",
    "eval",
    "compile",
    "system",
    "popen",
    "Popen",
    "call",
    "run",
    "check_output",
    "check_call",
    "getoutput",
    "getstatusoutput",
    "spawn",
    "spawnSync",
    "execSync",
    "execFile",
    "execFileSync",
    "fork",
    "execv",
    "execve",
    "execl",
    "execlp",
    "execvp",
    "startfile",
    "Function",
    "runInThisContext",
    "runInNewContext",
];

/// Whether a resolved callee path runs code or commands (`builtins.exec`, `os.system`,
/// `require("child_process").exec`, `subprocess.Popen`).
pub(crate) fn runs_code(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    let module_of_last = path.rsplit_once('.').map_or("", |(m, _)| m);
    let host_runs = |m: &str| {
        matches!(
            m,
            "" | "os" | "subprocess" | "builtins" | "__builtins__" | "pty" | "vm" | "commands"
        ) || m.contains("child_process")
    };
    EXEC_NAMES.contains(&last) && host_runs(module_of_last)
}

/// Whether a resolved callee path is an exec sink whose first argument is code in the host language.
pub(crate) fn evaluates_code(path: &str, python: bool) -> bool {
    if python {
        matches!(
            path,
            "exec" | "eval" | "builtins.exec" | "builtins.eval" | "compile" | "builtins.compile"
        )
    } else {
        matches!(
            path,
            "eval" | "Function" | "new Function" | "vm.runInThisContext" | "vm.runInNewContext"
        )
    }
}

/// The named children of an argument list, array or tuple, without the comments between them.
pub(crate) fn named_items(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|a| a.kind_name() != "comment")
        .collect()
}

/// Whitespace-free text, to tell a rendition that differs only in spacing from one that differs.
pub(crate) fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The native name of the rule reporting calls of a code-execution function whose name was computed.
pub(crate) const HIDDEN_EXEC_DETECTOR: &str = "computed-name-resolves-to-exec";
/// The native name of the rule that turns the resolved-rendition rescan on.
pub(crate) const RESCAN_DETECTOR: &str = "resolve-and-rescan";

/// A call whose callee name is computed (character codes, reversal, concatenation, a looked-up key) and
/// resolves to a function that runs code or commands.
pub(crate) static HIDDEN_EXEC_TARGET: FileDetector = FileDetector {
    literals: &[
        "getattr",
        "__import__",
        "import_module",
        "globals",
        "__builtins__",
        "builtins",
        "[",
        "require",
        "methodcaller",
        "attrgetter",
    ],
    run: report_hidden_targets,
};

/// The rescan's own rule finds nothing itself; its hits are the existing rules' findings on renditions.
pub(crate) static RESOLVED_RESCAN: FileDetector = FileDetector {
    literals: &[],
    run: |_, _, _| {},
};

fn report_hidden_targets(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let mut seen = std::collections::HashSet::new();
    for rendition in &resolved(segment, text).renditions {
        let Some(target) = &rendition.hidden_target else {
            continue;
        };
        if !seen.insert(rendition.start) {
            continue;
        }
        let hit = Hit {
            start: segment.start + rendition.start,
            end: segment.start + rendition.end,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "the called function's name is computed at run time and resolves to `{target}`"
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}
