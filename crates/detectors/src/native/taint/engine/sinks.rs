//! Where labelled data ends: network sends, execution, and downloads made executable; and the flows
//! recorded when a label reaches one.

use super::super::javascript;
use super::super::python::{self, BROWSER_COOKIES};
use super::*;
use expressions::element_of;

/// What a wrapper's sink reads of one parameter: the named variables (`env.A`, `env.B`), or `None` when
/// some use of the whole parameter reaches it.
type ReadOfParameter = Option<Vec<Rc<str>>>;

/// How a DNS lookup's sink is described (and told apart from other sends).
const DNS_QUERY: &str = "(DNS query)";
/// What the language tables call a DNS query that returns records (`dns.resolver.resolve`).
const DNS_LOOKUP: &str = "DNS lookup";

impl<'t> Analysis<'t> {
    /// The module text of an `import()` of a base64 `data:` URL whose pieces are constants of the file.
    fn data_url_module(&self, call: Node<'t>) -> Option<String> {
        let arg = self.argument(call, 0, "")?;
        let text = self.constant_text(arg)?;
        let (_, encoded) = text.split_once("base64,")?;
        // The constant pieces are joined with spaces: the payload is the first one after the prefix.
        let encoded = encoded.split_whitespace().next()?;
        if encoded.len() < 16 {
            return None;
        }
        let bytes = crate::native::deobfuscate::decode_base64_text(encoded)?;
        String::from_utf8(bytes).ok()
    }

    pub(super) fn check_call(&mut self, call: Node<'t>) {
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
                // A DNS name the code builds with the data in front (`"%s.%d.%s" % (chunk, n, zone)`)
                // carries the data to the zone's name server; only a name passed as it is can be a host
                // that a config file names.
                let dns = matches!(role, Role::Lookup(_) | Role::Send(DNS_LOOKUP));
                let url_first = !(dns && self.builds_host_name(call));
                let mut args = self.network_args(call, url_first);
                let bound = self.partial_arguments(callee);
                if let Some((taint, _)) = &bound {
                    args.join(taint);
                }
                let own_name = matches!(role, Role::Lookup(_)) && self.looks_up_own_name(call);
                if own_name {
                    // Resolving the machine's own name (`getaddrinfo(gethostname(), …)`) finds its address;
                    // only a name built into a query for someone's domain carries it out.
                    args = args.without(Kind::HostInfo);
                }
                if !args.is_empty() {
                    let what = if matches!(role, Role::Lookup(_)) {
                        format!("{shown} {DNS_QUERY}")
                    } else {
                        format!("{shown} (network send)")
                    };
                    let mut site = self.site(SinkKind::Network, call, what);
                    if let Some((_, dest)) = &bound {
                        site.dest.push_str(dest);
                    }
                    site.resolves_whole_name = own_name;
                    if matches!(role, Role::Send(_)) {
                        site.url_params = self.url_params(call);
                    }
                    self.sink(&site, &args, None);
                }
            }
            Role::Exec(what) => {
                // eval/exec/compile/vm run their first argument; the rest are namespaces and options.
                let code_only = matches!(
                    what,
                    "eval"
                        | "exec"
                        | "compile"
                        | "vm"
                        | "module._compile"
                        | "pickle.loads"
                        | javascript::DATA_URL_IMPORT
                );
                let mut args = if code_only {
                    self.argument(call, 0, "source")
                        .map(|a| self.eval(a))
                        .unwrap_or_default()
                } else {
                    self.eval_exec_args(call)
                };
                if let Some((bound, _)) = self.partial_arguments(callee) {
                    args.join(&bound);
                }
                if what == javascript::DATA_URL_IMPORT {
                    // Only a module shipped as a constant is a hidden payload, and only one that
                    // reaches beyond itself (`export default 42` is a feature probe); a module encoded at
                    // run time (`Buffer.from(source).toString('base64')`) is the program's own code.
                    match self.data_url_module(call) {
                        Some(text) if javascript::module_acts(&text) => {
                            args.join(&Taint::one(
                                Kind::Decoded,
                                call.start_byte(),
                                "base64 data: URL",
                            ));
                        }
                        _ => args = args.without(Kind::Embedded),
                    }
                }
                // The downloader's own start writes its output file; it does not run it.
                if !code_only && self.drop_downloader_output(call) {
                    args = args.without(Kind::Dropped);
                }
                let site = self.site(SinkKind::Exec, call, format!("{shown} ({what})"));
                self.sink(&site, &args, None);
                // A DNS, ping or HTTP client started with the data on its command line sends it.
                if let Some(client) = self.network_client(call).filter(|_| !code_only) {
                    let site = self.site(
                        SinkKind::Network,
                        call,
                        format!("{shown} (runs {client}, a network client)"),
                    );
                    self.sink(&site, &args, None);
                }
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
            Role::Copy { from, to } => self.copy_file(call, from, to),
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

    /// A call through a name bound to `functools.partial(f, …)`: the labels of the arguments the partial
    /// binds (every one but the function) and their constant text (the URL a bound send goes to).
    fn partial_arguments(&mut self, callee: Node<'t>) -> Option<(Taint, String)> {
        if self.kind(callee) != "identifier" {
            return None;
        }
        let partial = *self.partials.get(self.node_text(callee))?;
        let function = python::partial_of(self, partial)?;
        let mut taint = Taint::default();
        for arg in self.argument_list(partial).iter().copied() {
            if arg != function && !self.is_function(arg) {
                let inner = self.eval(arg);
                taint.join(&inner);
            }
        }
        let dest = self.constant_text(partial).unwrap_or_default();
        Some((taint, dest))
    }

    /// The functions defined directly inside the functions `outer` (a decorator factory's decorators).
    fn nested_functions(&self, outer: &[u32]) -> Vec<u32> {
        // A scan of every function per decorator: bounded for a module of thousands of functions.
        const MAX_SCANNED: usize = 4096;
        if outer.is_empty() || self.functions.len() > MAX_SCANNED {
            return Vec::new();
        }
        let scopes: Vec<usize> = self
            .function_of_node
            .iter()
            .filter(|(_, f)| outer.contains(f))
            .map(|(node, _)| *node)
            .collect();
        (0..self.functions.len() as u32)
            .filter(|f| {
                self.functions[*f as usize]
                    .scope
                    .is_some_and(|s| scopes.contains(&s))
            })
            .collect()
    }

    /// Whether a lookup's name is built by the code around a piece of it written in the code (a
    /// concatenation, a format, an f-string or template, or a variable assigned one with a dot in its
    /// constant part), rather than passed as a value read from elsewhere.
    fn builds_host_name(&self, call: Node<'t>) -> bool {
        let Some(name) = self.argument(call, 0, "host") else {
            return false;
        };
        let mut name = name;
        while self.kind(name) == "parenthesized_expression" {
            match name.named_child(0) {
                Some(inner) => name = inner,
                None => return false,
            }
        }
        match self.kind(name) {
            "binary_expression" | "binary_operator" | "concatenated_string" => true,
            "string" | "template_string" => {
                let mut cursor = name.walk();
                let mut pieces = name.named_children(&mut cursor);
                pieces.any(|c| matches!(self.kind(c), "interpolation" | "template_substitution"))
            }
            "call_expression" | "call" => self
                .callee(name)
                .is_some_and(|c| matches!(self.method_name(c), "format" | "join")),
            "identifier" => self
                .read_const(self.node_text(name))
                .is_some_and(|c| c.contains('.')),
            _ => false,
        }
    }

    /// What a network call sends. A request to a host read from a credential file (the registry in
    /// ~/.npmrc, the server in a kubeconfig) is that file's own service: its labels do not count.
    pub(super) fn network_args(&mut self, call: Node<'t>, url_first: bool) -> Taint {
        let mut args = self.eval_args(call, 0);
        // `requests.get(url, cookies=jar)`: a cookie jar sends only the cookies it holds for the
        // request's own host, so browser cookies handed over this way go where they belong; put into
        // the body or the URL, they are carried off.
        if self.lang == Lang::Python && args.0.iter().any(|l| l.what.as_ref() == BROWSER_COOKIES) {
            if let Some(jar) = self.argument(call, usize::MAX, "cookies") {
                args = Taint::default();
                for arg in self.argument_list(call).iter().copied() {
                    if self.is_function(arg) || self.field(arg, "value") == Some(jar) {
                        continue;
                    }
                    let inner = self.eval(arg);
                    args.join(&inner);
                }
                let jar = self.eval(jar);
                args.join(&jar.without_what(BROWSER_COOKIES));
            }
        }
        if let Some(url) = self.argument(call, 0, "url").filter(|_| url_first) {
            let base = self.leading_taint(url, 0);
            args.0
                .retain(|l| !(l.kind == Kind::Credential && base.0.iter().any(|b| b.at == l.at)));
        }
        args
    }

    /// The parameters a send's URL starts with (`Request(url, …)` inside `def post(url, payload)`).
    fn url_params(&mut self, call: Node<'t>) -> Vec<(u32, u8)> {
        let Some(url) = self.argument(call, 0, "url") else {
            return Vec::new();
        };
        self.leading_taint(url, 0)
            .0
            .iter()
            .filter_map(|l| match l.kind {
                Kind::Param(f, i) => Some((f, i)),
                _ => None,
            })
            .collect()
    }

    /// The taint of what a URL starts with (its scheme and host): the first piece of a template string,
    /// f-string or concatenation, or a variable not built from a literal `http…` prefix.
    pub(super) fn leading_taint(&mut self, node: Node<'t>, depth: usize) -> Taint {
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
            "call_expression"
            | "call"
            | "member_expression"
            | "attribute"
            | "subscript"
            | "subscript_expression" => self.eval(node),
            _ => Taint::default(),
        }
    }

    pub(super) fn site(&self, kind: SinkKind, call: Node<'t>, what: String) -> SinkSite {
        SinkSite {
            kind,
            at: (
                call.start_byte(),
                call.end_byte().min(call.start_byte() + 200),
            ),
            resolves_whole_name: false,
            url_params: Vec::new(),
            silenced: kind == SinkKind::Network
                && (silenced_send(call) || self.built_then_fired_silently(call)),
            what,
            // Only a network send's destination decides anything (whose service a secret goes to).
            dest: if kind == SinkKind::Network {
                self.constant_text(call).unwrap_or_default()
            } else {
                String::new()
            },
        }
    }

    pub(super) fn verify(&mut self, taint: &Taint) {
        for label in &taint.0 {
            match label.kind {
                Kind::Download => {
                    self.verified.insert(label.at);
                }
                Kind::Param(f, i) => {
                    let hashes = &mut self.functions[f as usize].hashes;
                    if !hashes.contains(&i) {
                        hashes.push(i);
                        self.changed = true;
                    }
                }
                _ => {}
            }
        }
    }

    /// `fs.writeFileSync(p, data)` with downloaded data: `p` now names a dropped file.
    /// A copy of a credential file keeps its path's label on the copy's name, so opening the copy (with
    /// `open`, `sqlite3.connect`) reads the credential.
    fn copy_file(&mut self, call: Node<'t>, from: usize, to: usize) {
        let Some(source) = self.argument(call, from, "") else {
            return;
        };
        let Some(path) = self.eval(source).first(Kind::CredPath).cloned() else {
            return;
        };
        let Some(target) = self.argument(call, to, "") else {
            return;
        };
        if let Some(name) = self.base_identifier(target) {
            self.write_var(name, &Taint(vec![path]));
        }
    }

    pub(super) fn drop_file(&mut self, call: Node<'t>, path: usize, data: &Taint) {
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
        if let Some(name) = self.file_key(target) {
            self.write_var(name, &dropped);
        }
        // Hashing the written path's bytes later is still a check.
        if data.0.iter().any(|l| self.verified.contains(&l.at)) {
            self.verified.insert(download.at);
        }
    }

    /// A downloader started with an argument list (`[curl, URL, "-o", path]`, wget's `-O`,
    /// PowerShell's `-OutFile`): the variable named after the output flag holds what the server sent,
    /// as if `urlretrieve` had written it. The program may sit in a variable (`%WINDIR%\\…\\curl.exe`), so
    /// a literal `http(s)://` element and an output flag followed by a variable are what is asked for.
    fn drop_downloader_output(&mut self, call: Node<'t>) -> bool {
        let Some(list) = self.argument(call, 0, "args") else {
            return false;
        };
        if !matches!(self.kind(list), "list" | "array" | "tuple") {
            return false;
        }
        let mut cursor = list.walk();
        let items: Vec<Node<'t>> = list.named_children(&mut cursor).take(32).collect();
        let values: Vec<Option<String>> = items.iter().map(|i| self.string_value(*i)).collect();
        let Some(url) = values.iter().position(|v| {
            v.as_deref()
                .is_some_and(|v| v.starts_with("http://") || v.starts_with("https://"))
        }) else {
            return false;
        };
        let program = values
            .first()
            .cloned()
            .flatten()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let downloader = values.first().is_some_and(Option::is_none)
            || ["curl", "wget", "powershell", "pwsh"].iter().any(|d| {
                program
                    .rsplit(['/', '\\'])
                    .next()
                    .unwrap_or("")
                    .starts_with(d)
            });
        if !downloader {
            return false;
        }
        let flag = values.iter().position(|v| {
            v.as_deref().is_some_and(|v| {
                matches!(
                    v.to_ascii_lowercase().as_str(),
                    "-o" | "--output" | "--output-document" | "-outfile"
                )
            })
        });
        let Some(target) = flag.and_then(|f| items.get(f + 1)) else {
            return false;
        };
        let Some(name) = self.file_key(*target) else {
            return false;
        };
        let dropped = Taint::one(
            Kind::Dropped,
            items[url].start_byte(),
            "a downloader's output file",
        );
        self.write_var(name, &dropped);
        true
    }

    /// Calls the tables do not know: local wrappers (their summarised sinks), methods on connections
    /// and open files, and `resolve(x)` inside a promise (the enclosing function's result).
    pub(super) fn check_unknown(&mut self, call: Node<'t>, callee: Node<'t>) {
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
        self.note_invoked_parameter(callee);
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
            // A helper that hashes a parameter checks the download passed to it.
            let hashes = self.functions[index as usize].hashes.clone();
            for param in hashes {
                let arg = (param as usize)
                    .checked_sub(shift)
                    .and_then(|position| args.get(position));
                if let Some(arg) = arg {
                    let taint = self.eval(*arg);
                    self.verify(&taint);
                }
            }
            self.passed_runner(call, index, shift, &args, &name);
            // The variables a sink reads of one parameter reach it together (`env.A + env.B`).
            let mut sinks: Vec<(u8, ReadOfParameter, SinkSite, Via)> = Vec::new();
            for (param, element, site, via) in self.functions[index as usize].sinks.clone() {
                let same = sinks
                    .iter_mut()
                    .find(|(p, _, s, _)| *p == param && s.at == site.at && s.kind == site.kind);
                match (same, element) {
                    (Some((_, Some(names), _, _)), Some(name)) => names.push(name),
                    (Some((_, names, _, _)), None) => *names = None,
                    (Some((_, None, _, _)), Some(_)) => {}
                    (None, element) => sinks.push((param, element.map(|n| vec![n]), site, via)),
                }
            }
            for (param, elements, site, via) in sinks {
                let Some(position) = (param as usize).checked_sub(shift) else {
                    continue;
                };
                let Some(arg) = args.get(position) else {
                    continue;
                };
                let whole = self.eval(*arg);
                let mut taint = match elements {
                    None => whole,
                    Some(names) => {
                        let mut read = Taint::default();
                        for name in &names {
                            read.join(&element_of(whole.clone(), Some(name), *arg));
                        }
                        read
                    }
                };
                if site.resolves_whole_name && self.is_plain_name(*arg) {
                    taint = taint.without(Kind::HostInfo);
                }
                if site.url_params.contains(&(index, param)) {
                    // The argument leads the wrapper's URL: a host read from a credential file is that
                    // file's own service (see `network_args`).
                    let base = self.leading_taint(*arg, 0);
                    taint.0.retain(|l| {
                        !(l.kind == Kind::Credential && base.0.iter().any(|b| b.at == l.at))
                    });
                }
                let via =
                    via.or_else(|| Some((call.start_byte(), format!("passed to {name}() here"))));
                self.sink(&site, &taint, via);
            }
            // A function passed where the wrapper calls it: its result reaches the wrapper's sinks.
            let result_sinks = self.functions[index as usize].result_sinks.clone();
            for (param, site, via) in result_sinks {
                let Some(arg) = (param as usize)
                    .checked_sub(shift)
                    .and_then(|position| args.get(position))
                else {
                    continue;
                };
                let taint = self.factory_result(*arg);
                let via =
                    via.or_else(|| Some((call.start_byte(), format!("passed to {name}() here"))));
                self.sink(&site, &taint, via);
            }
        }
    }

    /// `@hook` over `def payload(): …` runs `hook(payload)` when the module loads: a decorator that calls
    /// its function and runs or sends the result (`def hook(fn): exec(fn())`) runs what `payload`
    /// returns. A decorator factory (`@hook("name")`) is left alone.
    pub(super) fn apply_decorator(&mut self, decorator: Node<'t>) {
        let Some(expression) = decorator.named_child(0) else {
            return;
        };
        let Some(definition) = decorator
            .parent()
            .and_then(|d| self.field(d, "definition"))
            .filter(|d| self.is_function(*d))
        else {
            return;
        };
        let name = short(self.node_text(expression));
        let decorators = match self.kind(expression) {
            "identifier" | "attribute" => self.local_functions(expression),
            // `@stage("warm")`: the factory's own nested functions are what it hands back.
            "call" => match self.callee(expression) {
                Some(factory) => self.nested_functions(&self.local_functions(factory)),
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        for index in decorators {
            let result_sinks = self.functions[index as usize].result_sinks.clone();
            for (param, site, via) in result_sinks {
                if param != 0 {
                    continue;
                }
                let taint = self.factory_result(definition);
                let via = via.or_else(|| {
                    Some((
                        decorator.start_byte(),
                        format!("decorated with @{name} here"),
                    ))
                });
                self.sink(&site, &taint, via);
            }
        }
    }

    pub(super) fn feed_callbacks(&mut self, call: Node<'t>, callee: Node<'t>, role: &Role) {
        let args = self.arguments(call);
        let functions: Vec<Node> = args
            .iter()
            .copied()
            .filter(|a| self.is_function(*a))
            .collect();
        // `fetch(u).then(r => r.text()).then(eval)`: the callback is `eval` itself, run on what it is fed.
        let runner = (self.lang == Lang::Javascript)
            .then(|| {
                args.iter().copied().find(|a| {
                    a.kind() == "identifier" && matches!(self.node_text(*a), "eval" | "Function")
                })
            })
            .flatten();
        if functions.is_empty() && runner.is_none() {
            return;
        }
        let at = call.start_byte();
        let fed = match role {
            Role::Send(what) => self.download(call, what),
            Role::Connect(what) => Taint::one(Kind::Download, at, what),
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
                            let fed =
                                taint.with(&Taint::one(Kind::Download, handle.at, &handle.what));
                            if is_live_connection(&handle.what)
                                && self.is_message_event(call, callee)
                            {
                                let what = format!("a message from {}", handle.what);
                                fed.with(&Taint::one(Kind::Received, handle.at, &what))
                            } else {
                                fed
                            }
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
        if let Some(runner) = runner {
            let what = format!("{} (eval as a callback)", self.node_text(runner));
            let site = self.site(SinkKind::Exec, call, what);
            self.sink(&site, &fed, None);
        }
        for function in functions {
            for name in self.parameter_names(function) {
                if !name.is_empty() {
                    self.write_key(function.id(), &name, &fed);
                }
            }
        }
    }

    /// `sock.on('cmd', …)`, `ws.on('message', …)`, `s.addEventListener('message', …)`: a listener for what
    /// the peer sends on a live connection. A request's `response` (and `error`, `close`, …) is not.
    fn is_message_event(&self, call: Node<'t>, callee: Node<'t>) -> bool {
        if !matches!(
            self.method_name(callee),
            "on" | "once" | "addListener" | "addEventListener" | "prependListener"
        ) {
            return false;
        }
        let event = self
            .argument(call, 0, "")
            .and_then(|e| self.string_value(e))
            .unwrap_or_default();
        !event.is_empty()
            && !matches!(
                event.as_str(),
                "response"
                    | "error"
                    | "close"
                    | "end"
                    | "finish"
                    | "connect"
                    | "open"
                    | "timeout"
                    | "upgrade"
                    | "socket"
                    | "disconnect"
                    | "reconnect"
            )
    }

    /// Labels reaching a sink: concrete ones are flows, parameters make the function a wrapper.
    pub(super) fn sink(&mut self, site: &SinkSite, taint: &Taint, via: Option<(usize, String)>) {
        if taint.is_empty() {
            return;
        }
        for label in &taint.0 {
            let (f, i, element) = match label.kind {
                Kind::Param(f, i) => (f, i, None),
                Kind::ParamElement(f, i, None) => (f, i, Some(label.what.clone())),
                Kind::ParamResult(f, i) => {
                    let list = &mut self.functions[f as usize].result_sinks;
                    if !list
                        .iter()
                        .any(|(p, s, _)| *p == i && s.at == site.at && s.kind == site.kind)
                    {
                        list.push((i, site.clone(), via.clone()));
                        self.changed = true;
                    }
                    continue;
                }
                _ => continue,
            };
            let entry = &mut self.functions[f as usize];
            if !entry.sinks.iter().any(|(p, e, s, _)| {
                *p == i && *e == element && s.at == site.at && s.kind == site.kind
            }) {
                entry.sinks.push((i, element, site.clone(), via.clone()));
                self.changed = true;
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
                if let Some(label) = taint.first(Kind::HostInfo) {
                    found.push(flow(FlowKind::HostInfoToNetwork, label));
                }
                if let Some(label) = taint.first(Kind::EnvDump) {
                    found.push(flow(FlowKind::EnvironmentToNetwork, label));
                } else {
                    let secrets: Vec<&Label> = taint
                        .0
                        .iter()
                        .filter(|l| l.kind == Kind::SecretVar)
                        .collect();
                    // A key the caller passes in counts only when sent to a collector.
                    let mut names: Vec<&str> = secrets
                        .iter()
                        .map(|l| &*l.what)
                        .filter(|w| !w.starts_with(SECRET_PARAMETER))
                        .collect();
                    names.sort_unstable();
                    names.dedup();
                    // A secret spelled into a name to resolve is carried out in the query itself: nobody
                    // resolves their own token.
                    let in_query = site.what.ends_with(DNS_QUERY);
                    let passed_only = names.is_empty();
                    if let Some(first) = secrets.first() {
                        // A wallet key the caller passes is posted nowhere, not even to its "own" host.
                        let wallet = secrets.iter().any(|l| {
                            l.what
                                .strip_prefix(SECRET_PARAMETER)
                                .is_some_and(is_wallet_key_name)
                        });
                        // A secret the caller hands over, fired off with its failure hidden, is
                        // carried off wherever it goes.
                        let collector = wallet || is_exfil_destination(&site.dest) || site.silenced;
                        if (!passed_only && (count_secrets(&names) >= 3 || in_query)) || collector {
                            let mut f = flow(FlowKind::EnvironmentToNetwork, first);
                            if !passed_only {
                                f.source_what = names.join(", ");
                            }
                            found.push(f);
                        }
                    }
                }
            }
            SinkKind::Exec => {
                if let Some(label) = self.fetched_here(site, taint, &via) {
                    found.push(flow(FlowKind::DownloadToExec, &label));
                } else if let Some(label) = taint.first(Kind::Received) {
                    found.push(flow(FlowKind::DownloadToExec, label));
                }
                if let Some(label) = taint.first(Kind::Decoded) {
                    if !self.unpickles_its_own_store(site, taint) {
                        found.push(flow(FlowKind::DecodedToExec, label));
                    }
                }
            }
            SinkKind::Chmod => {
                if let Some(label) = self.fetched_here(site, taint, &via) {
                    found.push(flow(FlowKind::DownloadToExec, &label));
                }
            }
            SinkKind::FetchRun => {
                // The URL handed to a function that runs what it fetches: written in the code (or itself
                // fetched or decoded) makes the package choose the code it runs.
                if let Some(label) = taint.0.iter().find(|l| match l.kind {
                    Kind::Download | Kind::Decoded => true,
                    // Any long constant joined into the argument (an options object's defaults, a
                    // folder name) does not choose what is fetched; an address written in the code does.
                    Kind::Embedded => self.literal_names_a_place(l.at),
                    _ => false,
                }) {
                    let mut f = flow(FlowKind::DownloadToExec, label);
                    f.source_what =
                        "a URL given in the code, fetched by the function it is passed to".into();
                    found.push(f);
                }
            }
        }
        for f in found {
            self.flows.entry((f.kind, f.sink.0)).or_insert(f);
        }
    }
}

impl<'t> Analysis<'t> {
    /// `pickle.loads` of base64 text in a module that writes that very format (`b64encode(pickle.dumps(…))`):
    /// a store that keeps pickled objects in a text field (a keyring kept in a remote document) reads back
    /// what it saved. Base64 there carries binary bytes through text, it hides nothing. A decoded blob
    /// shipped in the code is still a hidden payload, and any other sink keeps the flow.
    fn unpickles_its_own_store(&self, site: &SinkSite, taint: &Taint) -> bool {
        self.lang == Lang::Python
            && site.what.ends_with("(pickle.loads)")
            && !taint
                .0
                .iter()
                .any(|l| l.kind == Kind::Embedded && self.encoded_blob_at(l.at))
            && writes_base64_pickles(self.text)
    }

    /// Whether the string literal starting at `at` reads as an encoded blob: sixteen or more characters, all
    /// of the base64 alphabet (a codec name such as `'string-escape'` or a URL part is not one).
    fn encoded_blob_at(&self, at: usize) -> bool {
        let rest = self.text.get(at..).unwrap_or_default();
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return true;
        };
        let body = rest[1..].split(quote).next().unwrap_or_default();
        body.len() >= 16
            && body
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_'))
    }

    /// A request's result: a download, remembered as the caller's choice when only a parameter of the
    /// enclosing function names its URL (no constant part, such as a host, is written in the code).
    pub(super) fn download(&mut self, call: Node<'t>, what: &str) -> Taint {
        let at = call.start_byte();
        if let Some(url) = self.argument(call, 0, "url") {
            let taint = self.eval(url);
            let param = taint.0.iter().find_map(|l| match l.kind {
                Kind::Param(f, i) => Some((f, i)),
                _ => None,
            });
            let only_param = taint.0.iter().all(|l| matches!(l.kind, Kind::Param(..)));
            if let (Some(param), true) = (param, only_param) {
                self.caller_urls.insert(at, param);
            }
        }
        Taint::one(Kind::Download, at, what)
    }

    /// Whether a DNS lookup's name is a value as read (a variable or a call), with no constant text (a
    /// domain) joined to it.
    fn looks_up_own_name(&mut self, call: Node<'t>) -> bool {
        let Some(name) = self.argument(call, 0, "host") else {
            return false;
        };
        self.is_plain_name(name)
    }

    /// A value passed as it is (a name, a call, an attribute), not a string built around it.
    fn is_plain_name(&mut self, name: Node<'t>) -> bool {
        let plain = matches!(
            self.kind(name),
            "identifier" | "call" | "call_expression" | "member_expression" | "attribute"
        ) && !self.node_text(name).contains(['"', '\'', '`']);
        plain && !self.eval(name).has(Kind::Embedded)
    }

    /// The download or dropped file in `taint` that this sink runs on the package's own choice. A download
    /// of a URL the caller passes, run in the process (`exec`, `pickle.loads`), is not a flow here: the function's parameter becomes a [`SinkKind::FetchRun`]
    /// sink, so a call that passes a constant URL is.
    fn fetched_here(&mut self, site: &SinkSite, taint: &Taint, via: &Via) -> Option<Label> {
        let mut found = None;
        for label in taint
            .0
            .iter()
            .filter(|l| matches!(l.kind, Kind::Download | Kind::Dropped))
        {
            // Written to disk and started as a program, a download is a dropper whoever chose the URL.
            let in_process = label.kind == Kind::Download;
            match self
                .caller_urls
                .get(&label.at)
                .copied()
                .filter(|_| in_process)
            {
                Some((f, i)) => {
                    let fetch = SinkSite {
                        kind: SinkKind::FetchRun,
                        ..site.clone()
                    };
                    let entry = &mut self.functions[f as usize];
                    if !entry.sinks.iter().any(|(p, e, s, _)| {
                        *p == i && e.is_none() && s.at == fetch.at && s.kind == fetch.kind
                    }) {
                        entry.sinks.push((i, None, fetch, via.clone()));
                        self.changed = true;
                    }
                }
                None => {
                    found.get_or_insert_with(|| label.clone());
                }
            }
        }
        found
    }
}

impl Analysis<'_> {
    /// Whether the string literal at `at` holds a URL or a raw IPv4 address: something a fetch can reach.
    fn literal_names_a_place(&self, at: usize) -> bool {
        let Some(rest) = self.text.get(at..) else {
            return false;
        };
        // A Python prefix (`f`, `b`, `r`) comes before the quote.
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            return false;
        };
        let body = &rest[1..];
        let end = body.find(quote).unwrap_or(body.len()).min(2048);
        let body = &body[..skill_scan_model::floor_char_boundary(body, end)];
        body.contains("://") || body.starts_with("//") || RAW_IPV4.is_match(body)
    }
}

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static RAW_IPV4: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::ascii_classes::ascii_regex(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(:\d+)?(/|$)")
        .expect("raw ipv4 pattern")
});

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

/// Connections whose peer sends messages whenever it likes (not one request's one response).
fn is_live_connection(what: &str) -> bool {
    matches!(
        what,
        "WebSocket"
            | "socket.io"
            | "net.connect"
            | "net.createConnection"
            | "net.Socket"
            | "tls.connect"
            | "dgram socket"
    )
}

/// Whether a Python module encodes pickles as base64 text: a base64 encoder applied to `pickle.dumps(…)` on
/// one line (`b64encode(pickle.dumps(x))`, or a bare `dumps` imported from `pickle`). `json.dumps` is not it.
fn writes_base64_pickles(text: &str) -> bool {
    let dumps_imported =
        text.contains("from pickle import") || text.contains("from cPickle import");
    text.lines().any(|line| {
        line.find("dumps(").is_some_and(|dumps| {
            let before = &line[..dumps];
            let pickled = before.ends_with("pickle.")
                || before.ends_with("cPickle.")
                || (dumps_imported && !before.ends_with('.'));
            pickled
                && ["b64encode(", "encodebytes(", "b2a_base64("]
                    .iter()
                    .any(|encoder| before.contains(encoder))
        })
    })
}

impl<'t> Analysis<'t> {
    /// `req = Request(url, data=…)` followed in the same block by a silenced `urlopen(req)`: the request
    /// object is built in one statement and fired off in another.
    fn built_then_fired_silently(&self, call: Node<'t>) -> bool {
        let Some(assignment) = call.parent() else {
            return false;
        };
        let name = match assignment.kind() {
            "assignment" => assignment.child_by_field_name("left"),
            "variable_declarator" => assignment.child_by_field_name("name"),
            _ => None,
        };
        let Some(name) = name.filter(|n| n.kind() == "identifier") else {
            return false;
        };
        let name = self.node_text(name);
        let mut statement = assignment;
        // Up to the statement in its block (`expression_statement` in Python, the declaration in
        // JavaScript).
        while let Some(parent) = statement.parent() {
            if matches!(
                parent.kind(),
                "block" | "statement_block" | "module" | "program"
            ) {
                break;
            }
            statement = parent;
        }
        let mut next = statement.next_named_sibling();
        for _ in 0..8 {
            let Some(sibling) = next else {
                return false;
            };
            next = sibling.next_named_sibling();
            // The silenced send sits in a `try` of its own: only those siblings are read, so the
            // common `r = requests.get(…)` costs a kind check per following statement.
            if sibling.kind() != "try_statement" {
                continue;
            }
            let mut fired = false;
            traverse(sibling, 256, |n, entering| {
                if entering
                    && !fired
                    && matches!(n.kind(), "call" | "call_expression")
                    && n.child_by_field_name("arguments").is_some_and(|args| {
                        let mut c = args.walk();
                        let passes = args
                            .named_children(&mut c)
                            .any(|a| a.kind() == "identifier" && self.node_text(a) == name);
                        passes
                    })
                    && silenced_send(n)
                {
                    fired = true;
                }
            });
            if fired {
                return true;
            }
        }
        false
    }
}

/// Whether a send's result is discarded (it is a statement of its own) and it sits in the body of a `try`
/// whose every handler does nothing (`except: pass`, `catch {}`), within its own function.
fn silenced_send(call: Node) -> bool {
    let mut statement = call;
    while let Some(parent) = statement.parent() {
        match parent.kind() {
            "await" | "await_expression" | "parenthesized_expression" => statement = parent,
            "expression_statement" => {
                statement = parent;
                break;
            }
            _ => return false,
        }
    }
    let mut inner = statement;
    for _ in 0..8 {
        let Some(parent) = inner.parent() else {
            return false;
        };
        match parent.kind() {
            "try_statement" => {
                let in_body = parent
                    .child_by_field_name("body")
                    .is_some_and(|body| body.id() == inner.id());
                return in_body && handlers_do_nothing(parent);
            }
            "function_definition"
            | "function_declaration"
            | "function_expression"
            | "arrow_function"
            | "method_definition"
            | "lambda"
            | "module"
            | "program" => return false,
            _ => inner = parent,
        }
    }
    false
}

/// Whether every `except`/`catch` of a `try` is empty or only `pass` / `...` / a string, and there is one.
fn handlers_do_nothing(try_statement: Node) -> bool {
    let mut cursor = try_statement.walk();
    let mut handlers = 0;
    for child in try_statement.named_children(&mut cursor) {
        let body = match child.kind() {
            "except_clause" | "except_group_clause" => {
                let mut c = child.walk();
                let found = child
                    .named_children(&mut c)
                    .filter(|n| n.kind() == "block")
                    .last();
                found
            }
            "catch_clause" => child.child_by_field_name("body"),
            _ => continue,
        };
        handlers += 1;
        let Some(body) = body else {
            return false;
        };
        let mut c = body.walk();
        let idle = body
            .named_children(&mut c)
            .all(|statement| match statement.kind() {
                "pass_statement" | "comment" | "empty_statement" => true,
                "expression_statement" => statement
                    .named_child(0)
                    .is_some_and(|e| matches!(e.kind(), "ellipsis" | "string")),
                _ => false,
            });
        if !idle {
            return false;
        }
    }
    handlers > 0
}
