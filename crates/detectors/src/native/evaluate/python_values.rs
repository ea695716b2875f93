//! What a Python expression evaluates to, as far as the evaluator can tell (see `python.rs`): strings
//! with their escapes and f-string parts, numbers, lists, slices and indexes, `getattr`/`__import__`/
//! `globals()` name lookups, string methods and the built-ins obfuscation uses, comprehensions over known
//! collections.

use super::super::helper_calls::HelperCalls;
use super::super::limits::MAX_EVAL_DEPTH;
use super::super::python_builtins::{builtin_call, builtin_text, string_method};
use super::super::values::{self, Value};
use super::{Arguments, Walker, BUILTINS};
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use std::rc::Rc;
use tree_sitter::Node;

impl<'t> Walker<'t, '_> {
    /// What `node` evaluates to, if the evaluator can tell.
    pub(super) fn eval(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        if depth > MAX_EVAL_DEPTH || !self.budget.step() {
            return None;
        }
        let next = depth + 1;
        match node.kind_name() {
            "string" => self.string(node, next),
            "concatenated_string" => {
                let mut cursor = node.walk();
                let parts: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                let mut acc = Value::str("")?;
                for part in parts {
                    let value = self.eval(part, next)?;
                    acc = values::add(&acc, &value, false)?;
                }
                Some(acc)
            }
            "integer" => values::parse_int(self.src(node)).map(Value::Int),
            "identifier" => {
                let name = self.src(node);
                match self.env.get(name) {
                    Some(value) => Some(value.clone()),
                    None if self.env.bound(name) => None,
                    None if matches!(name, "builtins" | "__builtins__") => Some(Value::Namespace),
                    None if BUILTINS.contains(&name) => Some(Value::name(name, false)),
                    None => None,
                }
            }
            "parenthesized_expression" | "expression_statement" => {
                self.eval(node.named_child(0)?, next)
            }
            "tuple" | "list" | "set" => {
                let mut cursor = node.walk();
                let parts: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                if parts.len() > super::super::limits::MAX_LIST_ITEMS {
                    return None;
                }
                let mut items = Vec::with_capacity(parts.len());
                for part in parts {
                    items.push(self.eval(part, next)?);
                }
                Value::list(items)
            }
            "unary_operator" => {
                let value = self.eval(node.field_child("argument")?, next)?.as_int()?;
                match self.src(node.field_child("operator")?) {
                    "-" => value.checked_neg().map(Value::Int),
                    "+" => Some(Value::Int(value)),
                    "~" => Some(Value::Int(!value)),
                    _ => None,
                }
            }
            "binary_operator" => {
                let op = self.src(node.field_child("operator")?);
                let left = self.eval(node.field_child("left")?, next)?;
                let right = self.eval(node.field_child("right")?, next)?;
                match (op, &left, &right) {
                    ("+", _, _) => values::add(&left, &right, false),
                    ("*", Value::Str(_), Value::Int(_)) | ("*", Value::Int(_), Value::Str(_)) => {
                        values::repeat(&left, &right)
                    }
                    ("%", Value::Str(fmt), _) => values::percent_format(fmt, &right),
                    (_, Value::Int(a), Value::Int(b)) => {
                        values::arithmetic(op, *a, *b).map(Value::Int)
                    }
                    _ => None,
                }
            }
            "subscript" => self.subscript(node, next),
            "attribute" => {
                if let Some(value) = self.self_attribute_value(node, next) {
                    return Some(value);
                }
                if let Some(value) = self
                    .module_attribute(node)
                    .and_then(|key| self.env.get(&key).cloned())
                {
                    return Some(value);
                }
                let object = self.eval(node.field_child("object")?, next)?;
                let attribute = self.src(node.field_child("attribute")?);
                match object {
                    Value::Name { path, .. } if path.as_ref() == "string" => {
                        string_constant(attribute).and_then(Value::str)
                    }
                    Value::Name { path, computed } => {
                        Some(Value::name(format!("{path}.{attribute}"), computed))
                    }
                    Value::Namespace if attribute == "__dict__" => Some(Value::Namespace),
                    Value::Namespace => Some(Value::name(attribute, false)),
                    _ => None,
                }
            }
            "call" => self.call(node, next),
            "lambda" => self.forwarding_lambda(node, next),
            "generator_expression" | "list_comprehension" => self.comprehension(node, next),
            _ => None,
        }
    }

    pub(super) fn string(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let mut prefix = String::new();
        let mut out = String::new();
        let mut cursor = node.walk();
        let parts: Vec<Node<'t>> = node.children(&mut cursor).collect();
        for part in parts {
            match part.kind_name() {
                "string_start" => {
                    prefix = self
                        .src(part)
                        .chars()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .collect::<String>()
                        .to_ascii_lowercase();
                }
                "string_content" => {
                    let raw = self.src(part);
                    if prefix.contains('r') {
                        out.push_str(raw);
                    } else {
                        out.push_str(&values::unescape(raw));
                    }
                }
                "interpolation" => {
                    if part.field_child("format_specifier").is_some()
                        || part.field_child("type_conversion").is_some()
                    {
                        return None;
                    }
                    let value = self.eval(part.field_child("expression")?, depth)?;
                    out.push_str(&value.to_text()?);
                }
                _ => {}
            }
            if out.len() > super::super::limits::MAX_STRING_BYTES {
                return None;
            }
        }
        if prefix.contains('b') {
            return Some(Value::Bytes(Rc::from(
                out.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>(),
            )));
        }
        Value::str(out)
    }

    pub(super) fn subscript(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let value_node = node.field_child("value")?;
        let key = node.field_child("subscript")?;
        // One character picked by index (a slice is how ordinary code trims the text it prints).
        if key.kind_name() != "slice" && self.builtin_object_text(value_node).is_some() {
            self.out
                .record_builtin_pick(node.start_byte(), node.end_byte());
        }
        if let Some(entry) = self.dict_entry(node, depth) {
            return Some(entry);
        }
        let value = self.eval(value_node, depth)?;
        if key.kind_name() == "slice" {
            let mut bounds: [Option<i64>; 3] = [None, None, None];
            let mut at = 0usize;
            let mut cursor = key.walk();
            let parts: Vec<Node<'t>> = key.children(&mut cursor).collect();
            for part in parts {
                if part.kind_name() == ":" {
                    at += 1;
                    if at > 2 {
                        return None;
                    }
                } else {
                    bounds[at] = Some(self.eval(part, depth)?.as_int()?);
                }
            }
            return values::slice(&value, bounds[0], bounds[1], bounds[2]);
        }
        let key = self.eval(key, depth)?;
        match (&value, &key) {
            (Value::Namespace, Value::Str(name)) => Some(Value::name(name.to_string(), true)),
            // `os.__dict__["system"]`, `vars(subprocess)["getoutput"]`: a module's namespace by key.
            (Value::Name { path, .. }, Value::Str(name)) if path.ends_with(".__dict__") => {
                let module = path.trim_end_matches(".__dict__");
                Some(Value::name(format!("{module}.{name}"), true))
            }
            (_, Value::Int(i)) => values::index(&value, *i),
            _ => None,
        }
    }

    pub(super) fn arguments(&mut self, node: Node<'t>, depth: usize) -> Option<Arguments> {
        let arguments = node.field_child("arguments")?;
        if arguments.kind_name() == "generator_expression" {
            return Some((vec![self.eval(arguments, depth)?], Vec::new()));
        }
        let mut positional = Vec::new();
        let mut named = Vec::new();
        let mut cursor = arguments.walk();
        let list: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
        for arg in list {
            match arg.kind_name() {
                "comment" => {}
                "keyword_argument" => {
                    let name = self.src(arg.field_child("name")?).to_string();
                    named.push((name, self.eval(arg.field_child("value")?, depth)?));
                }
                "list_splat" => {
                    positional.extend(self.eval(arg.named_child(0)?, depth)?.items()?);
                }
                _ => positional.push(self.eval(arg, depth)?),
            }
        }
        Some((positional, named))
    }

    pub(super) fn call(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        if let Some(text) = self.builtin_object_text(node) {
            return Value::str(text);
        }
        let function = node.field_child("function")?;
        let arguments = node.field_child("arguments")?;
        // A method of a value: `"".join(...)`, `s.format(...)`, `b.decode()`.
        if function.kind_name() == "attribute" {
            let method = self.src(function.field_child("attribute")?);
            let object_node = function.field_child("object")?;
            let object = self.eval(object_node, depth);
            if let Some(object) = object.filter(Value::is_data) {
                let (args, named) = self.arguments(node, depth)?;
                return string_method(&object, method, &args, &named);
            }
        }
        if let Some(value) = self.helper_return(function, arguments, depth) {
            return Some(value);
        }
        if let Some(value) = self.map_lambda(function, arguments, depth) {
            return Some(value);
        }
        if let Some(value) = self.applied_attrgetter(function, arguments, depth) {
            return Some(value);
        }
        if let Some(value) = self.dict_get(function, arguments, depth) {
            return Some(value);
        }
        let callee = self.eval(function, depth)?;
        let Value::Name { path, .. } = &callee else {
            return None;
        };
        let path = path.as_ref();
        if let Some(target) = self.partial_target(path, arguments, depth) {
            return Some(target);
        }
        if let Some(folded) = self.reduce_fold(path, arguments, depth) {
            return Some(folded);
        }
        match path {
            "getattr" => {
                let mut cursor = arguments.walk();
                let list: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
                let (object, name) = (list.first()?, list.get(1)?);
                let name_computed = !self.written_literally(*name);
                let object_value = self.eval(*object, depth)?;
                let name = self.eval(*name, depth)?;
                let name = name.as_str()?;
                match object_value {
                    Value::Namespace => Some(Value::name(name, name_computed)),
                    Value::Name { path, computed } => Some(Value::name(
                        format!("{path}.{name}"),
                        computed || name_computed,
                    )),
                    _ => None,
                }
            }
            "__import__" | "importlib.import_module" => {
                let first = arguments.named_child(0)?;
                let computed = !self.written_literally(first);
                let module = self.eval(first, depth)?;
                let module = module.as_str()?;
                if matches!(module, "builtins" | "__builtin__") {
                    return Some(Value::Namespace);
                }
                Some(Value::name(module, computed))
            }
            // `eval("\145\166\x61\154")` is the function `eval`: evaluating a bare (dotted) name
            // yields what it names, and BlankOBF-style loaders bind their exec that way.
            "eval" | "builtins.eval" if arguments.named_child_count() == 1 => {
                let (args, _) = self.arguments(node, depth)?;
                let name = args.first()?.as_str()?.trim();
                let is_name = !name.is_empty()
                    && name.len() <= 64
                    && !name.starts_with(|c: char| c.is_ascii_digit() || c == '.')
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
                is_name.then(|| Value::name(name, true))
            }
            "globals" | "locals" | "vars" if arguments.named_child_count() == 0 => {
                Some(Value::Namespace)
            }
            // `vars(os)` is the module's `__dict__`.
            "vars" if arguments.named_child_count() == 1 => {
                match self.eval(arguments.named_child(0)?, depth)? {
                    Value::Name { path, computed } => {
                        Some(Value::name(format!("{path}.__dict__"), computed))
                    }
                    Value::Namespace => Some(Value::Namespace),
                    _ => None,
                }
            }
            // A socket, or a file opened for writing, stands for the call that made it: what is later
            // done with the handle (`os.dup2(s.fileno(), 0)`, `f.write(key)`) is judged with it.
            "socket.socket" | "socket.create_connection" => {
                Some(Value::name(self.render(node, depth).text, false))
            }
            "open" if self.opens_for_writing(arguments, depth) => {
                Some(Value::name(self.render(node, depth).text, false))
            }
            _ => {
                let (args, named) = self.arguments(node, depth)?;
                builtin_call(path, &args, &named)
            }
        }
    }

    /// `oct.__str__()`, `str(hex)`, `repr(copyright)`: the text of a built-in object no assignment rebinds.
    pub(super) fn builtin_object_text(&self, node: Node) -> Option<String> {
        if node.kind_name() != "call" {
            return None;
        }
        let function = node.field_child("function")?;
        let arguments = node.field_child("arguments")?;
        let unbound = |n: Node| n.kind_name() == "identifier" && !self.env.bound(self.src(n));
        let object = match function.kind_name() {
            "attribute" => {
                let method = self.src(function.field_child("attribute")?);
                let object = function.field_child("object")?;
                (matches!(method, "__str__" | "__repr__") && arguments.named_child_count() == 0)
                    .then_some(object)?
            }
            "identifier" if matches!(self.src(function), "str" | "repr") && unbound(function) => {
                (arguments.named_child_count() == 1).then(|| arguments.named_child(0))??
            }
            _ => return None,
        };
        unbound(object).then(|| builtin_text(self.src(object)))?
    }

    /// Whether `open(path, mode)` has a known mode that writes or appends.
    pub(super) fn opens_for_writing(&mut self, arguments: Node<'t>, depth: usize) -> bool {
        let mode = arguments.named_child(1).and_then(|m| self.eval(m, depth));
        mode.as_ref()
            .and_then(Value::as_str)
            .is_some_and(|m| m.contains(['w', 'a', 'x']))
    }

    /// `map(lambda n: chr(n - 3), CODES)`: the lambda's body evaluated for each item of a known collection.
    fn map_lambda(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        if function.kind_name() != "identifier"
            || self.src(function) != "map"
            || self.env.bound("map")
            || arguments.named_child_count() != 2
        {
            return None;
        }
        let lambda = arguments
            .named_child(0)
            .filter(|l| l.kind_name() == "lambda")?;
        let parameters = lambda.field_child("parameters")?;
        let parameter = parameters
            .named_child(0)
            .filter(|p| p.kind_name() == "identifier" && parameters.named_child_count() == 1)?;
        let body = lambda.field_child("body")?;
        let items = self.eval(arguments.named_child(1)?, depth)?.items()?;
        self.map_items(parameter, items, body, depth)
    }

    /// `functools.reduce(lambda a, b: a + b, parts[, initial])` (or `operator.add`) over a known
    /// collection: the folded value, so a command kept as pieces is known where it is used.
    pub(super) fn reduce_fold(
        &mut self,
        path: &str,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        if !self.names_reduce || path != "functools.reduce" {
            return None;
        }
        let list = crate::native::evaluate::named_items(arguments);
        let (function, items, initial) = match list.as_slice() {
            [f, items] => (*f, *items, None),
            [f, items, initial] => (*f, *items, Some(self.eval(*initial, depth)?)),
            _ => return None,
        };
        let items = self.eval(items, depth)?.items()?;
        let (mut folded, rest) = match initial {
            Some(value) => (value, &items[..]),
            None => (items.first()?.clone(), items.get(1..)?),
        };
        if function.kind_name() != "lambda" {
            let Some(Value::Name { path, .. }) = self.eval(function, depth) else {
                return None;
            };
            if !matches!(path.as_ref(), "operator.add" | "operator.concat") {
                return None;
            }
            for item in rest {
                folded = values::add(&folded, item, false)?;
            }
            return Some(folded);
        }
        let parameters = function.field_child("parameters")?;
        let mut cursor = parameters.walk();
        let names: Vec<Node<'t>> = parameters.named_children(&mut cursor).collect();
        let [accumulator, item_name] = names.as_slice() else {
            return None;
        };
        if accumulator.kind_name() != "identifier" || item_name.kind_name() != "identifier" {
            return None;
        }
        let body = function.field_child("body")?;
        self.env.push();
        for item in rest {
            self.bind(*accumulator, Some(folded));
            self.bind(*item_name, Some(item.clone()));
            let Some(value) = self.eval(body, depth) else {
                self.env.pop();
                return None;
            };
            folded = value;
        }
        self.env.pop();
        Some(folded)
    }

    /// `(expr for x in <known> [if cond])` over a known collection.
    pub(super) fn comprehension(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let body = node.field_child("body")?;
        let mut cursor = node.walk();
        let clauses: Vec<Node<'t>> = node.named_children(&mut cursor).skip(1).collect();
        let [clause] = clauses.as_slice() else {
            return None;
        };
        if clause.kind_name() != "for_in_clause" {
            return None;
        }
        let left = clause.field_child("left")?;
        let items = self.eval(clause.field_child("right")?, depth)?.items()?;
        self.map_items(left, items, body, depth)
    }

    /// `body` evaluated once per item with `target` bound to it, in a scope of its own: the list of the
    /// results, or `None` when one of them is unknown.
    fn map_items(
        &mut self,
        target: Node<'t>,
        items: Vec<Value>,
        body: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        self.env.push();
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            self.bind(target, Some(item));
            let Some(value) = self.eval(body, depth) else {
                self.env.pop();
                return None;
            };
            out.push(value);
        }
        self.env.pop();
        Value::list(out)
    }
}

/// The text constants of the `string` module, which substitution ciphers build their alphabets from.
fn string_constant(name: &str) -> Option<&'static str> {
    Some(match name {
        "ascii_lowercase" => "abcdefghijklmnopqrstuvwxyz",
        "ascii_uppercase" => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ascii_letters" => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "digits" => "0123456789",
        "hexdigits" => "0123456789abcdefABCDEF",
        "octdigits" => "01234567",
        "punctuation" => "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        _ => return None,
    })
}
