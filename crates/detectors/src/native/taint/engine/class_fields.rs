//! Python class fields: what a class body assigns is what its methods read as `self.name`, and what an
//! instance carries when it is turned into data whole (`asdict(self)`, `Model().model_dump()`).
//!
//! A dataclass, attrs or pydantic class declares its state as class-body defaults, often through a
//! factory: `source: str = field(default_factory=lambda: read("~/.ssh/id_ed25519"))`, `host =
//! attr.ib(default=attr.Factory(socket.gethostname))`, `environ: dict = Field(default_factory=lambda:
//! dict(os.environ))`. Without this, the value lives under the bare name in the module and a method that
//! posts `self.source` sends nothing the analysis knows of. Field labels are kept per name at the module
//! level (a method's `self.x` reads them) and, for the whole instance, per class and under
//! `self.__fields__`; a plain `self.url` never carries the other fields, only the calls that serialise the
//! whole object do.

use super::super::python;
use super::*;

/// Callees whose arguments declare a field: dataclasses' `field`, pydantic's `Field`/`PrivateAttr`,
/// attrs' `attr.ib`/`attrib`/`attrs.field`.
const FIELD_DECLARERS: &[&str] = &["field", "Field", "PrivateAttr", "ib", "attrib"];
/// Keyword arguments of those that hold a callable run to make the default.
const FACTORY_KEYWORDS: &[&str] = &["default_factory", "factory"];
/// Serialisers that turn a whole instance into data.
const WHOLE_INSTANCE_FUNCTIONS: &[&str] = &["asdict", "astuple", "vars"];
const WHOLE_INSTANCE_METHODS: &[&str] = &[
    "model_dump",
    "model_dump_json",
    "dict",
    "json",
    "to_dict",
    "_asdict",
];
/// The key every class's fields are joined under, for `self` serialised whole.
const ALL_FIELDS: &str = "self.__fields__";

impl<'t> Analysis<'t> {
    /// Records a class-body assignment's labels as the field `self.name` (and the class's own).
    pub(super) fn class_field(&mut self, assignment: Node<'t>) {
        let Some(class) = self.class_of_body_statement(assignment) else {
            return;
        };
        let (Some(target), Some(value)) = (
            self.field(assignment, "left"),
            self.field(assignment, "right"),
        ) else {
            return;
        };
        if self.kind(target) != "identifier" {
            return;
        }
        let taint = self.field_value(value);
        if taint.is_empty() {
            return;
        }
        let name = self.node_text(target);
        let class_name = self
            .field(class, "name")
            .map(|n| self.node_text(n))
            .unwrap_or("");
        let root = self.root;
        for key in [
            format!("self.{name}"),
            format!("cls.{name}"),
            format!("{class_name}.{name}"),
            format!("{class_name}.__fields__"),
            ALL_FIELDS.to_string(),
        ] {
            self.write_key(root, &key, &taint);
        }
    }

    /// The class whose body `statement` (an assignment) sits in directly.
    fn class_of_body_statement(&self, statement: Node<'t>) -> Option<Node<'t>> {
        let holder = statement.parent()?;
        let holder = if self.kind(holder) == "expression_statement" {
            holder.parent()?
        } else {
            holder
        };
        let class = holder.parent()?;
        (self.kind(holder) == "block" && self.kind(class) == "class_definition").then_some(class)
    }

    /// What a field's default holds: the value itself, or what its factory returns.
    fn field_value(&mut self, value: Node<'t>) -> Taint {
        if self.kind(value) != "call" {
            return self.eval(value);
        }
        let Some(callee) = self.callee(value) else {
            return Taint::default();
        };
        let name = self.method_name(callee);
        let canonical = self.canonical(callee).unwrap_or_default();
        // `attr.Factory(make)`: the default is what `make()` returns.
        if name == "Factory" && canonical.contains("attr") {
            return self
                .argument(value, 0, "factory")
                .map(|f| self.factory_result(f))
                .unwrap_or_default();
        }
        if !FIELD_DECLARERS.contains(&name) {
            return self.eval(value);
        }
        let mut taint = Taint::default();
        for arg in self.argument_list(value).iter().copied() {
            if self.kind(arg) == "keyword_argument" {
                let key = self.field(arg, "name").map(|n| self.node_text(n));
                let Some(inner) = self.field(arg, "value") else {
                    continue;
                };
                let found = match key {
                    Some(k) if FACTORY_KEYWORDS.contains(&k) => self.factory_result(inner),
                    Some("default") => self.field_value(inner),
                    _ => Taint::default(),
                };
                taint.join(&found);
            } else if name == "Field" {
                // pydantic's `Field(default, …)`.
                let found = self.field_value(arg);
                taint.join(&found);
                break;
            }
        }
        taint
    }

    /// What calling `factory` returns: a lambda's body, a local function's summary, or a known source
    /// named by reference (`socket.gethostname`, `os.getcwd`).
    pub(super) fn factory_result(&mut self, factory: Node<'t>) -> Taint {
        match self.kind(factory) {
            "lambda" => self
                .field(factory, "body")
                .map(|b| self.eval(b))
                .unwrap_or_default(),
            // A function written in place (a definition under a decorator, an arrow): its summary.
            _ if self.is_function(factory) => self
                .function_of_node
                .get(&factory.id())
                .map(|f| concrete(&self.functions[*f as usize].returns))
                .unwrap_or_default(),
            "identifier" | "attribute" => {
                let mut taint = Taint::default();
                for index in self.local_functions(factory) {
                    taint.join(&concrete(&self.functions[index as usize].returns));
                }
                let canonical = self.canonical(factory).unwrap_or_default();
                if let Some(Role::Source(kind, what)) = python::named_role(&canonical) {
                    taint.join(&Taint::one(kind, factory.start_byte(), what));
                }
                taint
            }
            _ => Taint::default(),
        }
    }

    /// `asdict(self)`, `self.model_dump()`, `Snapshot().model_dump()`: an instance serialised whole
    /// carries its fields. `None` when `call` is not such a call.
    pub(super) fn whole_instance(&self, call: Node<'t>, callee: Node<'t>) -> Option<Taint> {
        let method = self.method_name(callee);
        if WHOLE_INSTANCE_FUNCTIONS.contains(&method) {
            let arg = self.argument(call, 0, "")?;
            return (self.node_text(arg) == "self").then(|| self.read_var(ALL_FIELDS));
        }
        if self.kind(callee) == "attribute" && WHOLE_INSTANCE_METHODS.contains(&method) {
            let object = self.field(callee, "object")?;
            if self.node_text(object) == "self" {
                return Some(self.read_var(ALL_FIELDS));
            }
        }
        // `Snapshot()`: a class of this module with labelled fields.
        if self.kind(callee) == "identifier" {
            let fields = self.read_var(&format!("{}.__fields__", self.node_text(callee)));
            if !fields.is_empty() {
                return Some(fields);
            }
        }
        None
    }
}

/// The labels of a summary that stand for themselves, not for what a caller passes.
fn concrete(returns: &Taint) -> Taint {
    Taint(
        returns
            .0
            .iter()
            .filter(|label| {
                !matches!(
                    label.kind,
                    Kind::Param(..)
                        | Kind::ReadParam(..)
                        | Kind::DecodeParam(..)
                        | Kind::ParamElement(..)
                        | Kind::ParamResult(..)
                )
            })
            .cloned()
            .collect(),
    )
}
