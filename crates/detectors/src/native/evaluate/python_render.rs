//! How the Python walker writes a call back with what it resolved (see `python.rs`): the call's callee
//! and arguments rendered as if written literally, an exec sink's computed argument as code, a command
//! line handed to a shell as a shell payload, and the calls that connect, look up, spawn or run code.

use super::super::limits::{MAX_CALL_BYTES, MAX_EVAL_DEPTH};
use super::super::shell_lines::{argv_line, MAX_SCRIPT_COMMANDS};
use super::super::values::{self, Value};
use super::super::{calls, evaluates_code, runs_code, squeezed, Rendition};
use super::{is_plain, Rendered, Walker};
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use tree_sitter::Node;

/// The word a command line shows for an argument the evaluator cannot know (a shell variable, so no rule
/// reads it as a host, a path or a program).
const UNKNOWN_WORD: &str = "$ARG";
/// Shorter command lines (`ls`, `clear`) say nothing a shell rule could read.
const MIN_SHELL_PAYLOAD: usize = 12;
/// Calls inside one rendered call's arguments that are still recorded (see `visit_nested_calls`).
const MAX_NESTED_CALLS: usize = 64;
/// Arguments of a call read for a function handed on as a value.
const MAX_PASSED_ARGUMENTS: usize = 16;

impl<'t> Walker<'t, '_> {
    /// Renders a call; when it resolves to something other than its text, records it (and, for an exec
    /// sink handed a computed string, the string as code). Returns whether it was recorded.
    pub(super) fn render_call_site(&mut self, node: Node<'t>) -> bool {
        self.record_call(node);
        self.shell_payload(node);
        self.passed_function(node);
        if self.applied_methodcaller(node) {
            return true;
        }
        // Most calls name an import and pass literals or unknowns: nothing to resolve, no work.
        if !self.might_change(node, 0) {
            return false;
        }
        // A call computing a value (`''.join(...)`) is judged where the value is used.
        if self.eval(node, 0).is_some_and(|v| v.is_data()) {
            return true;
        }
        let rendered = self.render(node, 0);
        let function = node.field_child("function");
        let callee = function.and_then(|f| self.eval(f, 0));
        let (path, computed) = match &callee {
            Some(Value::Name { path, computed }) => (Some(path.to_string()), *computed),
            _ => (None, false),
        };
        let (start, end) = (node.start_byte(), node.end_byte());
        let sink = path.as_deref().filter(|p| evaluates_code(p, true));
        let whole = rendered.changed && rendered.text.len() <= MAX_CALL_BYTES;
        let main = rendered.text;
        if whole {
            let hidden_target = path.clone().filter(|p| computed && runs_code(p));
            self.out.push(Rendition {
                start,
                end,
                code: main.clone(),
                payload: false,
                hidden_target,
                shell: false,
            });
        }
        // An exec sink reached through another name (`show = exec`, `a, b = exec, str`,
        // `getattr(builtins, "exec")`) is also written as the sink with its arguments as written: the
        // rules that read `exec(base64.b64decode(blob))` see it, where the resolved arguments show only
        // the decoded bytes or are too long to render.
        let aliased = sink.filter(|p| function.is_some_and(|f| self.src(f) != *p));
        if let (Some(sink), Some(arguments)) = (aliased, node.field_child("arguments")) {
            let code = format!("{sink}{}", self.src(arguments));
            if code.len() <= MAX_CALL_BYTES && !(whole && squeezed(&code) == squeezed(&main)) {
                self.out.push(Rendition::call(start, end, code));
            }
        }
        if sink.is_some() && (whole || aliased.is_some()) {
            let first = node
                .field_child("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|a| computed || !is_plain(*a, 0));
            // Known bytes handed to exec are source code too (`exec(base64.b64decode(blob))`).
            let code = match first.and_then(|a| self.eval(a, 0)) {
                Some(Value::Str(code)) => Some(code.to_string()),
                Some(Value::Bytes(bytes)) => String::from_utf8(bytes.to_vec()).ok(),
                _ => None,
            };
            if let Some(code) = code {
                self.out.push(Rendition::payload(start, end, code));
            }
        }
        if whole {
            self.visit_nested_calls(node);
        }
        whole
    }

    /// A function that starts a process or runs code, handed to another call as a value, runs with the
    /// arguments that call passes along: `try_call(os.system, cmd)`, `pool.submit(exec, code)`,
    /// `threading.Thread(target=os.system, args=(cmd,))`. The call is written as the function called
    /// directly with them, so every rule judges `os.system("curl … | sh")` as if it were written so.
    fn passed_function(&mut self, node: Node<'t>) {
        let Some(arguments) = node
            .field_child("arguments")
            .filter(|a| a.kind_name() == "argument_list")
        else {
            return;
        };
        let list = crate::native::evaluate::named_items(arguments);
        if list.len() > MAX_PASSED_ARGUMENTS {
            return;
        }
        let keyword = |name: &str| {
            list.iter().find_map(|a| {
                (a.kind_name() == "keyword_argument"
                    && a.field_child("name").is_some_and(|n| self.src(n) == name))
                .then(|| a.field_child("value"))
                .flatten()
            })
        };
        let positional: Vec<Node<'t>> = list
            .iter()
            .copied()
            .filter(|a| a.kind_name() != "keyword_argument")
            .collect();
        // `Thread(target=f, args=(…))`, `Process(target=f, args=…)`: the keyword pair of the standard
        // library's workers; otherwise the first positional function and the positional arguments after it.
        let (function, passed) = match (keyword("target"), keyword("args")) {
            (Some(target), args) => {
                let passed = match args {
                    Some(args) if matches!(args.kind_name(), "tuple" | "list") => {
                        let mut cursor = args.walk();
                        args.named_children(&mut cursor).collect()
                    }
                    Some(_) => return,
                    None => Vec::new(),
                };
                (target, passed)
            }
            (None, _) => {
                let Some(at) = positional
                    .iter()
                    .position(|a| matches!(a.kind_name(), "identifier" | "attribute"))
                else {
                    return;
                };
                let after = positional[at + 1..].to_vec();
                // `threading.Timer(5, os.system, args=(cmd,))`: the arguments as a keyword.
                match keyword("args")
                    .filter(|a| after.is_empty() && matches!(a.kind_name(), "tuple" | "list"))
                {
                    Some(args) => {
                        let mut cursor = args.walk();
                        (positional[at], args.named_children(&mut cursor).collect())
                    }
                    None => (positional[at], after),
                }
            }
        };
        if !matches!(function.kind_name(), "identifier" | "attribute") || passed.is_empty() {
            return;
        }
        let Some(Value::Name { path, .. }) = self.eval(function, 0) else {
            return;
        };
        let runs = matches!(
            calls::classify(&path, true),
            Some(calls::Behaviour::Spawn | calls::Behaviour::Exec)
        );
        if !runs {
            return;
        }
        // A shell handed its command line this way is a shell payload, as in `shell_payload`.
        let shell_line = matches!(
            path.as_ref(),
            "os.system" | "os.popen" | "subprocess.getoutput" | "subprocess.getstatusoutput"
        );
        let command = passed
            .first()
            .filter(|_| shell_line)
            .and_then(|a| match self.eval(*a, 0) {
                Some(Value::Str(line))
                    if line.len() >= MIN_SHELL_PAYLOAD && line.len() <= MAX_CALL_BYTES =>
                {
                    Some(line.to_string())
                }
                _ => None,
            });
        let mut parts = Vec::with_capacity(passed.len());
        for arg in passed {
            parts.push(self.render(arg, 1).text);
        }
        let code = format!("{path}({})", parts.join(", "));
        if code.len() > MAX_CALL_BYTES {
            return;
        }
        let (start, end) = (node.start_byte(), node.end_byte());
        self.out.push(Rendition::call(start, end, code));
        if let Some(command) = command {
            self.out
                .push(Rendition::shell_command(start, end, &command));
        }
    }

    /// A call recorded whole is not walked into, yet the calls in its arguments still connect, spawn or
    /// hand a shell a command line of their own: `print(__import__("subprocess").getoutput("cd /tmp &&
    /// wget … -O f && bash f"))` is a shell payload inside a rendered `print`.
    fn visit_nested_calls(&mut self, node: Node<'t>) {
        // The callee's own calls too: `threading.Thread(target=…, args=…).start()`.
        let mut stack: Vec<(Node<'t>, usize)> = ["arguments", "function"]
            .into_iter()
            .filter_map(|field| node.field_child(field))
            .map(|n| (n, 0usize))
            .collect();
        let mut visited = 0;
        while let Some((current, depth)) = stack.pop() {
            if visited >= MAX_NESTED_CALLS || depth > MAX_EVAL_DEPTH || !self.budget.step() {
                return;
            }
            if current.kind_name() == "call" {
                visited += 1;
                self.record_call(current);
                self.shell_payload(current);
                self.passed_function(current);
            }
            // Lambdas and nested definitions run later, if at all; their bodies are not this call's.
            if matches!(current.kind_name(), "lambda" | "function_definition") {
                continue;
            }
            let mut cursor = current.walk();
            let children: Vec<Node<'t>> = current.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
        }
    }

    /// A command line handed to a shell (`os.system`, `os.popen`, `subprocess.getoutput`, or a
    /// `subprocess` call given one string) becomes a payload the rescan reads as shell, so the shell rules
    /// (download, `chmod +x`, run) judge it as if it were a script of the package.
    pub(super) fn shell_payload(&mut self, node: Node<'t>) {
        let Some(Value::Name { path, .. }) = node
            .field_child("function")
            .filter(|f| matches!(f.kind_name(), "identifier" | "attribute" | "subscript"))
            .and_then(|f| self.eval(f, 0))
        else {
            return;
        };
        let whole_line = matches!(
            path.as_ref(),
            "os.system" | "os.popen" | "subprocess.getoutput" | "subprocess.getstatusoutput"
        );
        let command_string = matches!(
            path.as_ref(),
            "subprocess.run"
                | "subprocess.call"
                | "subprocess.Popen"
                | "subprocess.check_call"
                | "subprocess.check_output"
        );
        if !whole_line && !command_string {
            return;
        }
        let Some(first) = node.field_child("arguments").and_then(|a| a.named_child(0)) else {
            return;
        };
        let (command, argv) = match self.eval(first, 0) {
            Some(Value::Str(command)) => (command.to_string(), false),
            // `subprocess.run(["curl", "-o", f, url])`: an argument vector of known words.
            Some(Value::List(words)) if command_string => match argv_line(&words) {
                Some(line) => (line, true),
                None => return,
            },
            // `["git", "-C", os.getcwd(), "push", "--mirror", remote]`, `shlex.join([...])`,
            // `" ".join([...])`: the program and most words are written out; what the code computes
            // at run time stands as a placeholder word, so the shape of the command still reads.
            None => match self.argv_with_unknowns(first, command_string) {
                Some(line) => line,
                None => return,
            },
            _ => return,
        };
        if command.len() > MAX_CALL_BYTES {
            return;
        }
        if self.commands.len() < MAX_SCRIPT_COMMANDS {
            self.commands
                .push((node.start_byte(), node.end_byte(), command.clone()));
        }
        // An argument vector alone names one program with its arguments, which the rules already read
        // where it is written (`["gh", "auth", "token"]` is a client asking for its own token); it counts
        // only with the module's other command lines.
        if command.len() < MIN_SHELL_PAYLOAD || argv {
            return;
        }
        self.out.push(Rendition::shell_command(
            node.start_byte(),
            node.end_byte(),
            &command,
        ));
    }

    /// An argument vector written as a list literal whose program word (and at least half of its words)
    /// the evaluator knows, as one shell line with [`UNKNOWN_WORD`] for each word it does not, and whether
    /// it was a bare vector (`list_allowed`: a `subprocess` call) rather than one joined into a line by
    /// `shlex.join` or `" ".join`.
    fn argv_with_unknowns(
        &mut self,
        first: Node<'t>,
        list_allowed: bool,
    ) -> Option<(String, bool)> {
        let list = match first.kind_name() {
            "list" | "tuple" if list_allowed => first,
            "call" => {
                let function = first.field_child("function")?;
                let joined = match function.kind_name() {
                    "attribute" => {
                        let object = function.field_child("object")?;
                        let method = self.src(function.field_child("attribute")?);
                        (method == "join"
                            && (self.src(object) == "shlex"
                                || matches!(self.eval(object, 0), Some(Value::Str(ref sep)) if &**sep == " ")))
                            .then_some(())
                    }
                    _ => None,
                };
                joined?;
                let list = first.field_child("arguments")?.named_child(0)?;
                matches!(list.kind_name(), "list" | "tuple").then_some(list)?
            }
            _ => return None,
        };
        let mut cursor = list.walk();
        let items: Vec<Node<'t>> = list.named_children(&mut cursor).collect();
        if items.is_empty() || items.len() > 64 {
            return None;
        }
        let mut words = Vec::with_capacity(items.len());
        let mut known = 0usize;
        for (i, item) in items.into_iter().enumerate() {
            match self.eval(item, 0) {
                Some(Value::Str(word)) => {
                    known += 1;
                    words.push(Value::Str(word));
                }
                _ if i == 0 => return None,
                _ => words.push(Value::str(UNKNOWN_WORD)?),
            }
        }
        let bare = matches!(first.kind_name(), "list" | "tuple");
        (known * 2 >= words.len())
            .then(|| argv_line(&words))
            .flatten()
            .map(|line| (line, bare))
    }

    /// A cheap look at a call's callee and arguments: could rendering it say something new?
    pub(super) fn might_change(&self, node: Node, depth: usize) -> bool {
        if depth > 4 {
            return true;
        }
        let Some(function) = node.field_child("function") else {
            return false;
        };
        // `reduce(lambda a, b: a + b, ['cu', 'rl …'])` folds literals into something new.
        if matches!(function.kind_name(), "call" | "subscript")
            || self.names_known(function)
            || (function.kind_name() == "identifier" && self.helpers.follows(self.src(function)))
            || (self.names_reduce && self.src(function).ends_with("reduce"))
        {
            return true;
        }
        let Some(arguments) = node.field_child("arguments") else {
            return false;
        };
        let mut cursor = arguments.walk();
        let list: Vec<Node> = arguments.named_children(&mut cursor).collect();
        list.into_iter().any(|arg| {
            let arg = match arg.kind_name() {
                "keyword_argument" => arg.field_child("value").unwrap_or(arg),
                _ => arg,
            };
            match arg.kind_name() {
                _ if is_plain(arg, 0) => false,
                "identifier" | "attribute" => self.names_known(arg),
                "call" => self.might_change(arg, depth + 1),
                "comment" | "list_splat" | "dictionary_splat" | "lambda" | "dictionary" => false,
                _ => true,
            }
        })
    }

    /// Whether an identifier, or the root of an attribute chain, has a value bound here that is not
    /// simply an import.
    pub(super) fn names_known(&self, node: Node) -> bool {
        match node.kind_name() {
            "identifier" => {
                let name = self.src(node);
                (self.env.get(name).is_some() && !self.imported.contains(name))
                    || matches!(name, "builtins" | "__builtins__")
            }
            // `"".join(...)`, `bytes([...]).decode()`: a method of a computed value; `self.run` set once.
            "attribute" => {
                node.field_child("object").is_some_and(|o| {
                    !matches!(o.kind_name(), "identifier" | "attribute") || self.names_known(o)
                }) || self.aliases.knows_self_attribute(node, self.text)
            }
            _ => false,
        }
    }

    /// Records a call that connects, looks up, spawns or runs code.
    pub(super) fn record_call(&mut self, node: Node<'t>) {
        let Some(Value::Name { path, .. }) =
            node.field_child("function").and_then(|f| self.eval(f, 0))
        else {
            return;
        };
        let Some(behaviour) = calls::classify(&path, true) else {
            return;
        };
        let first = node.field_child("arguments").and_then(|a| a.named_child(0));
        let literal = first.is_some_and(|a| {
            is_plain(a, 0)
                || (matches!(a.kind_name(), "list" | "tuple")
                    && a.named_child(0).is_some_and(|h| is_plain(h, 0)))
        });
        // A constant naming this machine (`LOCAL = "localhost"`) is a local check, not a fixed remote host.
        let known = literal
            || first.and_then(|a| self.eval(a, 0)).is_some_and(|v| {
                v.is_data()
                    && !values::literal(&v, true)
                        .is_some_and(|t| crate::native::install_time::names_this_machine(&t))
            });
        let detached = behaviour == calls::Behaviour::Spawn && calls::is_detached(self.src(node));
        self.out.record_call(calls::CallSite {
            start: node.start_byte(),
            end: node.end_byte(),
            path: path.to_string(),
            behaviour,
            literal,
            known,
            detached,
        });
    }

    /// The expression written back with what resolved.
    pub(super) fn render(&mut self, node: Node<'t>, depth: usize) -> Rendered {
        let src = self.src(node);
        let original = || Rendered {
            text: src.to_string(),
            changed: false,
        };
        if depth > MAX_EVAL_DEPTH || !self.budget.step() {
            return original();
        }
        if is_plain(node, 0) || self.through_import(node) {
            return original();
        }
        // A call that computes a known string or number is that value (`bytes([...]).decode()`).
        if matches!(node.kind_name(), "call") {
            if let Some(value) = self.eval(node, depth + 1).filter(Value::is_data) {
                return self.written(node, &value);
            }
        }
        if node.kind_name() == "call" {
            let Some(function) = node.field_child("function") else {
                return original();
            };
            let callee = self.render_callee(function, depth + 1);
            let Some(arguments) = node.field_child("arguments") else {
                return original();
            };
            let mut changed = callee.changed;
            let args = if arguments.kind_name() == "argument_list" {
                let mut parts = Vec::new();
                let mut cursor = arguments.walk();
                let list: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
                for arg in list {
                    if arg.kind_name() == "comment" {
                        continue;
                    }
                    let part = if arg.kind_name() == "keyword_argument" {
                        match (arg.field_child("name"), arg.field_child("value")) {
                            (Some(name), Some(value)) => {
                                let value = self.render(value, depth + 1);
                                changed |= value.changed;
                                format!("{}={}", self.src(name), value.text)
                            }
                            _ => self.src(arg).to_string(),
                        }
                    } else {
                        let value = self.render(arg, depth + 1);
                        changed |= value.changed;
                        value.text
                    };
                    parts.push(part);
                }
                format!("({})", parts.join(", "))
            } else {
                let value = self.render(arguments, depth + 1);
                changed |= value.changed;
                format!("({})", value.text)
            };
            return Rendered {
                text: format!("{}{args}", callee.text),
                changed,
            };
        }
        match self.eval(node, depth + 1) {
            Some(value @ Value::Name { .. }) => self.written(node, &value),
            Some(value) if value.is_data() => self.written(node, &value),
            _ => original(),
        }
    }

    /// A value in place of `node`, changed when it reads differently.
    pub(super) fn written(&self, node: Node, value: &Value) -> Rendered {
        match values::literal(value, true) {
            Some(text) if text.len() <= MAX_CALL_BYTES => {
                let changed = squeezed(&text) != squeezed(self.src(node));
                Rendered { text, changed }
            }
            _ => Rendered {
                text: self.src(node).to_string(),
                changed: false,
            },
        }
    }

    pub(super) fn render_callee(&mut self, node: Node<'t>, depth: usize) -> Rendered {
        if self.through_import(node) {
            return Rendered {
                text: self.src(node).to_string(),
                changed: false,
            };
        }
        if let Some(value @ Value::Name { .. }) = self.eval(node, depth) {
            return self.written(node, &value);
        }
        if node.kind_name() == "attribute" {
            if let (Some(object), Some(attribute)) =
                (node.field_child("object"), node.field_child("attribute"))
            {
                let object = self.render(object, depth + 1);
                return Rendered {
                    text: format!("{}.{}", object.text, self.src(attribute)),
                    changed: object.changed,
                };
            }
        }
        Rendered {
            text: self.src(node).to_string(),
            changed: false,
        }
    }

    /// A literal, or a name bound straight to one.
    pub(super) fn written_literally(&self, node: Node) -> bool {
        is_plain(node, 0)
            || (node.kind_name() == "identifier" && self.literal_names.contains(self.src(node)))
    }

    /// `np.array`, `run` after `from subprocess import run`: a name straight from an import, which rules
    /// already read as written.
    pub(super) fn through_import(&self, node: Node) -> bool {
        match node.kind_name() {
            "identifier" => self.imported.contains(self.src(node)),
            "attribute" => node
                .field_child("object")
                .is_some_and(|o| self.through_import(o)),
            _ => false,
        }
    }
}
