//! What an expression carries: labels through variables, strings, objects, calls and local functions.

use super::super::{javascript, python};
use super::*;

impl<'t> Analysis<'t> {
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
                let own = self.comprehension_names.contains(name);
                let taint = match own.then(|| python::comprehension_key(self, node, name)) {
                    Some(Some(key)) => self.read_var(&key),
                    _ => self.read_var(name),
                };
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
                    if value.len() >= MIN_EMBEDDED_CHARS && !is_placeholder(&value) {
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
                let object = self
                    .field(node, "object")
                    .or_else(|| self.field(node, "value"));
                if let Some(object) = object {
                    let inner = self.eval_depth(object, d);
                    // `config.access_key_secret`: a secret-named field of what the caller passed in is
                    // held like a secret-named parameter.
                    if inner.0.iter().any(|l| matches!(l.kind, Kind::Param(..)))
                        && !matches!(self.node_text(object), "self" | "cls" | "this")
                    {
                        let field = self
                            .field(node, "attribute")
                            .or_else(|| self.field(node, "property"))
                            .map(|p| self.node_text(p))
                            .unwrap_or("");
                        if is_secret_parameter_name(field) {
                            taint.join(&Taint::one(
                                Kind::SecretVar,
                                node.start_byte(),
                                &format!("{SECRET_PARAMETER}{}", self.node_text(node)),
                            ));
                        }
                    }
                    let inner = self.variable_of_parameter(node, inner);
                    taint.join(&inner);
                }
                // `xhr.responseText`: a response read from a connection is a download.
                if taint.has(Kind::NetHandle) && self.lang == Lang::Javascript {
                    let property = self
                        .field(node, "property")
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
            // The condition decides which value, it is not the value: `process.env ? get(process.env,
            // 'KEY') : undefined` holds one variable, not the environment.
            "ternary_expression" => {
                let branches: Vec<Node<'t>> = ["consequence", "alternative"]
                    .into_iter()
                    .filter_map(|field| self.field(node, field))
                    .collect();
                self.eval_choice(&branches, d)
            }
            "conditional_expression" => {
                let branches: Vec<Node<'t>> = [0, 2]
                    .into_iter()
                    .filter_map(|i| node.named_child(i))
                    .collect();
                self.eval_choice(&branches, d)
            }
            "binary_expression" | "boolean_operator" if self.is_fallback(node) => {
                let sides: Vec<Node<'t>> = ["left", "right"]
                    .into_iter()
                    .filter_map(|field| self.field(node, field))
                    .collect();
                self.eval_choice(&sides, d)
            }
            // A comparison is a yes or no, not the data compared.
            "binary_expression" if self.is_comparison(node) => Taint::default(),
            // A credential file's path joined from constants (`'.np' + 'mrc'`).
            "binary_expression" | "binary_operator"
                if self
                    .string_value(node)
                    .is_some_and(|v| is_credential_path(&v)) =>
            {
                let value = self.string_value(node).unwrap_or_default();
                self.eval_children(node, d).with(&Taint::one(
                    Kind::CredPath,
                    node.start_byte(),
                    value.trim(),
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
                    return self
                        .field(node, "value")
                        .map(|v| self.eval_depth(v, d))
                        .unwrap_or_default();
                }
                if self.kind(node) == "pair" {
                    return self
                        .field(node, "value")
                        .map(|v| self.eval_depth(v, d))
                        .unwrap_or_default();
                }
                let taint = self.eval_children(node, d);
                match self.maps_each_character_of_a_constant(node, &taint) {
                    Some(at) => taint.with(&Taint::one(
                        Kind::Decoded,
                        at,
                        "a character-by-character mapping of a constant",
                    )),
                    None => taint,
                }
            }
            _ => Taint::default(),
        }
    }

    /// `[table[k.index(c)] if c in k else c for c in "…"]`: a comprehension that maps each character of a
    /// string written in the code to another is a substitution cipher's decoder (a comprehension that
    /// only copies, `[c for c in s]`, is not). Gives where the constant is.
    fn maps_each_character_of_a_constant(&self, node: Node<'t>, taint: &Taint) -> Option<usize> {
        if self.lang != Lang::Python
            || !matches!(
                self.kind(node),
                "list_comprehension" | "generator_expression" | "set_comprehension"
            )
            || !taint.has(Kind::Embedded)
        {
            return None;
        }
        let body = self.field(node, "body")?;
        let mut cursor = node.walk();
        let clauses: Vec<Node<'t>> = node
            .named_children(&mut cursor)
            .filter(|c| self.kind(*c) == "for_in_clause")
            .collect();
        for clause in clauses {
            let (Some(left), Some(right)) =
                (self.field(clause, "left"), self.field(clause, "right"))
            else {
                continue;
            };
            let copies = self.node_text(body) == self.node_text(left);
            let text = match self.kind(right) {
                "string" | "concatenated_string" => self.string_value(right),
                "identifier" => self.read_const(self.node_text(right)).map(str::to_string),
                _ => None,
            };
            if !copies && text.is_some_and(|t| t.len() >= MIN_EMBEDDED_CHARS) {
                return Some(right.start_byte());
            }
        }
        None
    }

    /// `env.MATRIX_PASSWORD` or `env['API_TOKEN']` on a parameter: one variable of whatever the caller
    /// passes, so a caller handing over the environment has that variable read, not all of it (see
    /// `element_of_parameter`).
    fn variable_of_parameter(&self, node: Node<'t>, taint: Taint) -> Taint {
        if !taint.0.iter().any(|l| matches!(l.kind, Kind::Param(..))) {
            return taint;
        }
        self.element_of_parameter(node, taint, Some(node.start_byte()))
    }

    /// `a || b`, `a ?? b`, Python's `a or b`: the first value that is set, one of the two.
    fn is_fallback(&self, node: Node<'t>) -> bool {
        self.field(node, "operator")
            .is_some_and(|op| matches!(self.kind(op), "||" | "??" | "or"))
    }

    /// One value out of several (a fallback chain, the branches of a conditional): see
    /// [`Taint::join_choice`].
    fn eval_choice(&mut self, branches: &[Node<'t>], d: usize) -> Taint {
        let mut taint = Taint::default();
        for branch in branches {
            let inner = self.eval_depth(*branch, d);
            taint.join_choice(&inner);
        }
        taint
    }

    /// `a === b`, `a < b`, `k in o`, `x instanceof C`: a JavaScript comparison.
    fn is_comparison(&self, node: Node<'t>) -> bool {
        self.field(node, "operator").is_some_and(|op| {
            matches!(
                self.kind(op),
                "===" | "!==" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "instanceof" | "in"
            )
        })
    }

    pub(super) fn numeric_children(&self, node: Node<'t>) -> usize {
        let mut cursor = node.walk();
        node.named_children(&mut cursor)
            .filter(|c| matches!(self.kind(*c), "number" | "integer"))
            .count()
    }

    /// `String.fromCharCode(104, 116, …)`, `chr(105)`: character codes written into the call itself. One
    /// code spells part of a word only if it is a letter or digit (`chr(105) + chr(100)`); a lone `;` or
    /// newline written as a code (`String.fromCharCode(59)`) hides nothing.
    pub(super) fn literal_codes(&self, call: Node<'t>) -> bool {
        let Some(args) = self.field(call, "arguments") else {
            return false;
        };
        let numbers = self.numeric_children(args);
        if numbers >= MIN_EMBEDDED_CODES {
            return true;
        }
        if numbers != 1 || args.named_child_count() != 1 {
            return false;
        }
        let Some(code) = args.named_child(0) else {
            return false;
        };
        let text = self.node_text(code).trim();
        let value = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => text.parse::<u32>().ok(),
        };
        // An unreadable literal (octal, separators) counts, as before.
        value.is_none_or(|v| char::from_u32(v).is_none_or(|c| c.is_alphanumeric()))
    }

    pub(super) fn eval_children(&mut self, node: Node<'t>, depth: usize) -> Taint {
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

    pub(super) fn special_name(&mut self, node: Node<'t>) -> Option<Taint> {
        match self.lang {
            Lang::Javascript => None,
            Lang::Python => python::special_name(self, node),
        }
    }

    pub(super) fn special_member(&mut self, node: Node<'t>) -> Option<Taint> {
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
                let property = self
                    .field(node, "property")
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
            // `(0, eval)(code)`: the comma expression's value is its last operand.
            "sequence_expression" => {
                self.canonical(node.named_child(node.named_child_count().checked_sub(1)?)?)
            }
            _ => None,
        }
    }

    pub(crate) fn arguments(&self, call: Node<'t>) -> Vec<Node<'t>> {
        self.argument_list(call).to_vec()
    }

    /// The call's arguments (comments left out): the prepass lists every call's once (a pure
    /// function of the node, which every pass asks for again); any other node is listed here.
    pub(crate) fn argument_list(&self, call: Node<'t>) -> Rc<[Node<'t>]> {
        match self.arguments_of.get(&call.id()) {
            Some(known) => Rc::clone(known),
            None => self.list_arguments(call),
        }
    }

    pub(super) fn list_arguments(&self, call: Node<'t>) -> Rc<[Node<'t>]> {
        match self.field(call, "arguments") {
            Some(args) => {
                let mut cursor = args.walk();
                args.named_children(&mut cursor)
                    .filter(|a| self.kind(*a) != "comment")
                    .collect()
            }
            None => Rc::from(Vec::new()),
        }
    }

    /// Argument `index`, or the keyword argument `keyword` (Python).
    pub(crate) fn argument(&self, call: Node<'t>, index: usize, keyword: &str) -> Option<Node<'t>> {
        let args = self.argument_list(call);
        if !keyword.is_empty() {
            for arg in args.iter() {
                if self.kind(*arg) == "keyword_argument"
                    && self
                        .field(*arg, "name")
                        .is_some_and(|n| self.node_text(n) == keyword)
                {
                    return self.field(*arg, "value");
                }
            }
        }
        args.iter()
            .copied()
            .filter(|a| self.kind(*a) != "keyword_argument")
            .nth(index)
    }

    pub(super) fn callee(&self, call: Node<'t>) -> Option<Node<'t>> {
        self.field(call, "function")
            .or_else(|| self.field(call, "constructor"))
    }

    /// The canonical callee name and role of a call, worked out once per call node.
    pub(super) fn call_role(&mut self, call: Node<'t>, callee: Node<'t>) -> (Rc<str>, Role) {
        if let Some(known) = self.roles.get(&call.id()) {
            return known.clone();
        }
        let canonical: Rc<str> = Rc::from(self.canonical(callee).unwrap_or_default());
        let role = self.role(call, &canonical);
        self.roles
            .insert(call.id(), (canonical.clone(), role.clone()));
        (canonical, role)
    }

    pub(super) fn role(&self, call: Node<'t>, canonical: &str) -> Role {
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
    pub(super) fn eval_exec_args(&mut self, call: Node<'t>) -> Taint {
        let mut taint = Taint::default();
        for arg in self.argument_list(call).iter().copied() {
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

    pub(super) fn eval_args(&mut self, call: Node<'t>, depth: usize) -> Taint {
        let mut taint = Taint::default();
        for arg in self.argument_list(call).iter().copied() {
            if self.is_function(arg) {
                continue;
            }
            let inner = self.eval_depth(arg, depth);
            taint.join(&inner);
        }
        taint
    }

    /// The value of a call expression.
    pub(super) fn eval_call(&mut self, call: Node<'t>, depth: usize) -> Taint {
        let Some(callee) = self.callee(call) else {
            return Taint::default();
        };
        let (_, role) = self.call_role(call, callee);
        if self.lang == Lang::Python {
            if let Some(fields) = self.whole_instance(call, callee) {
                return fields.with(&self.eval_args(call, depth));
            }
        }
        let at = call.start_byte();
        let receiver = self.receiver(callee);
        let result = match &role {
            Role::Source(kind, what) => Taint::one(*kind, at, what),
            Role::ReadFile => {
                let args = self.eval_args(call, depth);
                let mut result = if self.reads_own_store(call, &args) {
                    Taint::default()
                } else {
                    self.read_file(&args, at)
                };
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
                // Reading back a file the module wrote a download to gives the download back.
                if let Some(dropped) = self.dropped_file_argument(call, depth) {
                    result.join(&dropped);
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
                let hiding = [
                    Kind::Embedded,
                    Kind::Download,
                    Kind::FetchedData,
                    Kind::Decoded,
                ]
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
            Role::Parser => parsed_document(self.eval_args(call, depth)),
            Role::PathBuild => {
                let mut taint = self
                    .eval_args(call, depth)
                    .without(Kind::Download)
                    .without(Kind::Decoded);
                // `os.path.join(home, ".config", "gh", "hosts.yml")`: no piece names a store, the path does.
                if !taint.has(Kind::CredPath) {
                    if let Some(joined) = self.joined_path(call) {
                        taint.join(&Taint::one(Kind::CredPath, at, &joined));
                    }
                }
                taint
            }
            Role::Send(what) => self.download(call, what),
            // A connection is not data; what is read from it is (`recv`, `getresponse`, `responseText`).
            Role::Connect(what) => Taint::one(Kind::NetHandle, at, what),
            Role::OpenWrite { path } => {
                let name = self
                    .argument(call, *path, "")
                    .and_then(|p| self.file_key(p))
                    .unwrap_or("");
                Taint::one(Kind::WriteHandle, at, name)
            }
            Role::EnvVar => match self.lang {
                Lang::Javascript => Taint::default(),
                Lang::Python => python::env_var(self, call),
            },
            // What a command that reports on the machine prints is the machine's identity.
            Role::Exec(_) => match self.identity_command(call) {
                Some(what) => Taint::one(Kind::HostInfo, at, &what),
                // A CLI asked to print its stored login token hands over a credential.
                None => match self.credential_command(call) {
                    Some(what) => Taint::one(Kind::Credential, at, &what),
                    None => Taint::default(),
                },
            },
            Role::Write { .. } | Role::Copy { .. } | Role::Chmod { .. } | Role::Hash => {
                Taint::default()
            }
            // The address of the machine's own name identifies the machine as the name does
            // (`gethostbyname(gethostname())`); a looked-up fixed host carries nothing.
            Role::Lookup(_) => {
                let args = self.eval_args(call, depth);
                args.first(Kind::HostInfo)
                    .map(|l| Taint(vec![l.clone()]))
                    .unwrap_or_default()
            }
            Role::Unknown => self.eval_unknown_call(call, callee, receiver, depth),
        };
        result
    }

    pub(super) fn receiver(&self, callee: Node<'t>) -> Option<Node<'t>> {
        match self.kind(callee) {
            "member_expression" | "attribute" => self.field(callee, "object"),
            _ => None,
        }
    }

    pub(super) fn method_name(&self, callee: Node<'t>) -> &'t str {
        match self.kind(callee) {
            "member_expression" => self
                .field(callee, "property")
                .map(|p| self.node_text(p))
                .unwrap_or(""),
            "attribute" => self
                .field(callee, "attribute")
                .map(|p| self.node_text(p))
                .unwrap_or(""),
            "identifier" => self.node_text(callee),
            _ => "",
        }
    }

    /// A login store under a generic name (`credentials.json`) that the module itself also writes, read
    /// through the same variable: the tool's own saved login, which it sends to its own service. The
    /// stores of other tools (`.aws`, `.npmrc`, browser profiles, wallets) are never its own.
    fn reads_own_store(&self, call: Node<'t>, args: &Taint) -> bool {
        let Some(path) = self.argument(call, 0, "file") else {
            return false;
        };
        let generic = |what: &str| what.trim_start_matches(['.', '/', '\\']) == "credentials.json";
        self.kind(path) == "identifier"
            && self.written_paths.contains(self.node_text(path))
            && args.has(Kind::CredPath)
            && args
                .0
                .iter()
                .filter(|l| l.kind == Kind::CredPath)
                .all(|l| generic(&l.what))
    }

    pub(super) fn read_file(&self, args: &Taint, at: usize) -> Taint {
        match args.first(Kind::CredPath) {
            Some(path) => Taint::one(Kind::Credential, at, &format!("reads {}", path.what)),
            None => Taint::default(),
        }
    }

    /// A call the tables do not know: a local function (its summary), or a method on a labelled value.
    /// The download behind a positional argument that names a file a download was written to (through a
    /// variable, or the same path expression written again), as downloaded data.
    fn dropped_file_argument(&mut self, call: Node<'t>, depth: usize) -> Option<Taint> {
        for arg in self.argument_list(call).iter().copied() {
            if self.kind(arg) == "keyword_argument" {
                continue;
            }
            let mut taint = self.eval_depth(arg, depth);
            if !taint.has(Kind::Dropped) {
                if let Some(key) = self.file_key(arg) {
                    taint = self.read_var(key);
                }
            }
            if let Some(label) = taint.first(Kind::Dropped) {
                return Some(Taint::one(Kind::Download, label.at, &label.what));
            }
        }
        None
    }

    pub(super) fn eval_unknown_call(
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
                        Kind::Param(f, i)
                        | Kind::ReadParam(f, i)
                        | Kind::DecodeParam(f, i)
                        | Kind::ParamElement(f, i, _)
                        | Kind::ParamResult(f, i)
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
                                    // The helper called this argument: what that function returns.
                                    Kind::ParamResult(..) => {
                                        result.join(&self.factory_result(*arg));
                                    }
                                    // A look-up helper: one element of this argument.
                                    Kind::ParamElement(_, _, key) => {
                                        let name = match key {
                                            Some(j) => (j as usize)
                                                .checked_sub(shift)
                                                .and_then(|p| {
                                                    args.iter()
                                                        .filter(|a| {
                                                            self.kind(**a) != "keyword_argument"
                                                        })
                                                        .nth(p)
                                                })
                                                .and_then(|a| self.string_value(*a)),
                                            None => Some(label.what.to_string()),
                                        };
                                        result.join(&element_of(inner, name.as_deref(), *arg));
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
        // `pool.submit(grab)`, `loop.run_in_executor(None, grab)`, `pool.apply_async(grab)`: a future of
        // what the function returns, which `.result()`/`.get()`/`await` hand back (the receiver's labels
        // flow through them below).
        if let Some(position) = match method {
            "submit" | "apply_async" | "apply" => Some(0),
            "run_in_executor" => Some(1),
            _ => None,
        } {
            if let Some(function) = self
                .arguments(call)
                .into_iter()
                .filter(|a| self.kind(*a) != "keyword_argument")
                .nth(position)
            {
                result.join(&self.factory_result(function));
            }
        }
        // `fn()` of a parameter `fn`: whatever the function a caller passes returns.
        if receiver.is_none() && self.kind(callee) == "identifier" {
            let called = self.eval(callee);
            for label in &called.0 {
                if let Kind::Param(f, i) = label.kind {
                    result.join(&Taint::one(Kind::ParamResult(f, i), label.at, &label.what));
                }
            }
        }
        // A library call handed the file a download was written to (`lsb.reveal(path)`, an image's hidden
        // text, an archive member) returns what it read from the download.
        if let Some(dropped) = self.dropped_file_argument(call, depth) {
            result.join(&dropped);
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
            return parsed_document(receiver_taint).without(Kind::NetHandle);
        }
        // `copy.get('WEATHER_API_KEY', '')` on a copy of the environment reads that one variable, as
        // `copy['WEATHER_API_KEY']` does: the rest of the copy stays behind.
        if method == "get" && receiver_taint.has(Kind::EnvDump) {
            if let Some(name) = self
                .argument(call, 0, "")
                .and_then(|a| self.string_value(a))
            {
                return result.with(&element_of(receiver_taint, Some(&name), call));
            }
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

    /// The constant pieces of a path-joining call put together (`join(home, ".aws", "credentials")` is
    /// `/.aws/credentials`), when that names a credential store.
    fn joined_path(&self, call: Node<'t>) -> Option<String> {
        let mut joined = String::new();
        let mut constants = 0;
        for arg in self.arguments(call).into_iter().take(8) {
            let piece = self.string_value(arg).or_else(|| {
                (self.kind(arg) == "identifier")
                    .then(|| self.read_const(self.node_text(arg)).map(str::trim))
                    .flatten()
                    .map(str::to_string)
            });
            joined.push('/');
            if let Some(piece) = piece {
                joined.push_str(piece.trim_matches('/'));
                constants += 1;
            }
        }
        (constants > 0 && is_credential_path(&joined)).then_some(joined)
    }

    pub(super) fn local_functions(&self, callee: Node<'t>) -> Vec<u32> {
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
}

/// A document parsed as data (`json.loads`, `.json()`): a download in it is no longer code to run, but
/// stays fetched data that a decoder turns back into a payload (`exec(b64decode(r.json()["m"]))`).
fn parsed_document(taint: Taint) -> Taint {
    let fetched = taint
        .first(Kind::Download)
        .map(|l| Taint::one(Kind::FetchedData, l.at, &l.what));
    let parsed = taint.without(Kind::Download);
    match fetched {
        Some(fetched) => parsed.with(&fetched),
        None => parsed,
    }
}

/// Element `name` of a value: of the whole environment, that one variable (a secret, the user or host
/// name, or nothing worth a label), as `process.env.NAME` reads; other labels stay. A key not written in
/// the code could be any variable, so the value stays whole.
/// `MATRIX_PASSWORD`, `HOME`: upper-case letters, digits and underscores, three or more.
pub(super) fn is_variable_shaped(name: &str) -> bool {
    name.len() >= 3
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

pub(super) fn element_of(whole: Taint, name: Option<&str>, at: Node<'_>) -> Taint {
    let Some(name) = name.filter(|_| whole.has(Kind::EnvDump)) else {
        return whole;
    };
    let element = if is_secret_name(name) {
        Taint::one(
            Kind::SecretVar,
            at.start_byte(),
            &format!("environment variable {name}"),
        )
    } else if is_host_identity_name(name) {
        Taint::one(
            Kind::HostInfo,
            at.start_byte(),
            &format!("environment variable {name}"),
        )
    } else {
        Taint::default()
    };
    whole.without(Kind::EnvDump).with(&element)
}

/// A template placeholder a build step substitutes (`@INSTALLER@`, `{{ payload }}`, `%BLOB%`): until then
/// there is nothing in it to decode, so it is not an embedded payload.
fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let inner = v
        .strip_prefix('@')
        .and_then(|r| r.strip_suffix('@'))
        .or_else(|| v.strip_prefix('%').and_then(|r| r.strip_suffix('%')))
        .or_else(|| v.strip_prefix("{{").and_then(|r| r.strip_suffix("}}")))
        .map(str::trim);
    inner.is_some_and(|name| {
        !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    })
}

/// Calls whose result combines their arguments even on an unlabelled receiver.
const COMBINERS: &[&str] = &[
    // `loop.run_until_complete(fetch(url))`: an event loop hands back what the coroutine returns.
    "run_until_complete",
    // `ctx.wrap_socket(sock)`: the TLS socket sends what the plain one would.
    "wrap_socket",
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
    // `re.findall(pattern, text)`, `token_re.search(text)`: what a pattern pulls out of the text is part
    // of the text (a key picked out of a file is still the key).
    "findall",
    "finditer",
    "search",
    "match",
    "fullmatch",
];
