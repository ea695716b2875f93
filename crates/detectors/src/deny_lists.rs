//! Deny-lists: credential names a package writes down in order to refuse them. A path validator's
//! `BLOCKED_FILENAMES = frozenset({".netrc", ".npmrc", …})`, a sandbox's `SENSITIVE_DIRS = {".aws", ".ssh"}`
//! or a command filter's regex `(cat|less).*/\.git-credentials` names the stores a stealer reads, but the code
//! only ever tests other values against them. A credential finding inside such a list keeps its place in the
//! report at log, and loses the credential-access capability, so it cannot make up a compound.
//!
//! A list counts only when the name it is bound to is used in this file, and every use is a positive
//! membership test (`x in NAME`, `NAME.has(x)`, `p.startswith(NAME)`) that is returned as a predicate or
//! guards a branch that leaves (`raise`, `throw`, `return`, `continue`, `break`). A list that is iterated,
//! passed on, or whose members are what the code goes on to handle (`if f not in NAME: continue`) is a target
//! list and stays as it was.

use crate::fields::FieldChild;
use crate::syntax::Grammar;
use skill_scan_model::{Capability, Context, Finding, LineIndex, RecommendedAction};
use skill_scan_rules::segment::Segment;
use tree_sitter::Node;

/// How many nodes one file's use search visits at most (hostile input: bounded work).
const MAX_NODES: usize = 400_000;
/// How far a list entry may sit below the statement that names the list.
const MAX_CLIMB: usize = 12;

/// Lowers credential findings that sit in a deny-list of the file's first (whole-file) segment.
pub(crate) fn mark_deny_lists(
    findings: &mut [Finding],
    segments: &[Segment],
    text: &str,
    lines: &LineIndex,
) {
    let Some(segment) = segments.first() else {
        return;
    };
    let (Some(tree), Some(grammar)) = (segment.tree(text), segment.grammar) else {
        return;
    };
    if grammar == Grammar::Bash {
        return;
    }
    let source = segment.text(text);
    for finding in findings.iter_mut() {
        if !finding.has(Capability::CredentialAccess)
            || !matches!(finding.context, Context::Code | Context::String)
        {
            continue;
        }
        let offset = lines
            .offset_of(text, finding.line, finding.column)
            .saturating_sub(segment.start);
        let Some(node) = tree.root_node().descendant_for_byte_range(offset, offset) else {
            continue;
        };
        if let Some(why) = deny_list_entry(node, source, grammar) {
            finding
                .capabilities
                .retain(|c| *c != Capability::CredentialAccess);
            finding.action = RecommendedAction::Log;
            finding.message = format!("{} ({why})", finding.message);
        }
    }
}

/// Why the literal at `node` is a deny-list entry, if it is one.
fn deny_list_entry(node: Node, source: &str, grammar: Grammar) -> Option<&'static str> {
    if enclosing_string(node).is_some_and(|s| is_regex(text_of(s, source))) {
        return Some("a pattern in a regular expression that other values are tested against");
    }
    let (name, binding) = bound_name(node, source)?;
    membership_only(name, binding, source, grammar)
        .then_some("in a deny-list the code only tests other values against")
}

fn text_of<'s>(node: Node, source: &'s str) -> &'s str {
    source.get(node.byte_range()).unwrap_or("")
}

fn enclosing_string(node: Node) -> Option<Node> {
    let mut current = Some(node);
    for _ in 0..3 {
        let n = current?;
        if matches!(n.kind(), "string" | "template_string") {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// A regular expression, not a path or a command: an escaped dot (`\.git-credentials`) together with syntax
/// no path or shell line needs (`.*`, `.+`, `(?…)`, `[^…]`). Either alone is not enough: a Windows path
/// escapes its separators (`\\.ssh`), and a shell script pipes inside `$( … | … )`.
fn is_regex(literal: &str) -> bool {
    literal.contains("\\.") && [".*", ".+", "(?", "[^"].iter().any(|m| literal.contains(m))
}

/// The name a collection holding `node` is bound to, and the binding identifier, climbing only through
/// literals, collections and set/tuple constructors.
fn bound_name<'t, 's>(node: Node<'t>, source: &'s str) -> Option<(&'s str, Node<'t>)> {
    let mut current = node;
    for _ in 0..MAX_CLIMB {
        let parent = current.parent()?;
        match parent.kind() {
            "assignment" | "assignment_expression" => {
                let left = parent.field_child("left")?;
                let right = parent.field_child("right")?;
                if right.id() != current.id() && !is_type_of(parent, current) {
                    return None;
                }
                return identifier_of(left, source);
            }
            "variable_declarator" => {
                let name = parent.field_child("name")?;
                if name.kind() != "identifier" {
                    return None;
                }
                return Some((text_of(name, source), name));
            }
            "string"
            | "string_content"
            | "string_fragment"
            | "template_string"
            | "concatenated_string"
            | "list"
            | "set"
            | "tuple"
            | "array"
            | "parenthesized_expression"
            | "expression_list"
            | "as_expression"
            | "satisfies_expression"
            | "type" => {}
            "argument_list" | "arguments" => {
                let call = parent.parent()?;
                if !is_collection_constructor(call, source) {
                    return None;
                }
            }
            "call" | "new_expression" | "call_expression" => {
                // The finding may start on the constructor's own name (`frozenset(`).
                if !is_collection_constructor(parent, source) {
                    return None;
                }
            }
            _ => return None,
        }
        current = parent;
    }
    None
}

/// Whether `child` is the annotation of a Python annotated assignment (`X: frozenset[str] = …`).
fn is_type_of(assignment: Node, child: Node) -> bool {
    assignment
        .field_child("type")
        .is_some_and(|t| t.id() == child.id())
}

/// The bound name of an assignment's left side: a plain name, or an attribute (`self.BLOCKED`).
fn identifier_of<'t, 's>(left: Node<'t>, source: &'s str) -> Option<(&'s str, Node<'t>)> {
    let name = match left.kind() {
        "identifier" => left,
        "attribute" => left.field_child("attribute")?,
        "member_expression" => left.field_child("property")?,
        _ => return None,
    };
    Some((text_of(name, source), name))
}

/// `frozenset(…)`, `set(…)`, `tuple(…)`, `list(…)`, `new Set(…)`, `Object.freeze(…)`.
fn is_collection_constructor(call: Node, source: &str) -> bool {
    let callee = call
        .field_child("function")
        .or_else(|| call.field_child("constructor"));
    let Some(callee) = callee else {
        return false;
    };
    matches!(
        text_of(callee, source),
        "frozenset" | "set" | "tuple" | "list" | "Set" | "Object.freeze"
    )
}

/// Whether `name` is used in the file, and only in positive membership tests that are returned or guard a
/// branch that leaves.
fn membership_only(name: &str, binding: Node, source: &str, grammar: Grammar) -> bool {
    let mut root = binding;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    let mut uses = 0usize;
    let mut stack = vec![root];
    let mut visited = 0usize;
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES {
            return false;
        }
        let kind = node.kind();
        if matches!(kind, "identifier" | "property_identifier")
            && node.id() != binding.id()
            && text_of(node, source) == name
        {
            if !is_guarding_membership(node, source, grammar) {
                return false;
            }
            uses += 1;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            stack.push(child);
        }
    }
    uses > 0
}

/// `use` is the list's name: is it the right side of `in`, the object of `.has`/`.includes`/`.some`, or the
/// argument of `.startswith`/`.endswith`, in a test that is returned or guards a leaving branch?
fn is_guarding_membership(use_node: Node, source: &str, grammar: Grammar) -> bool {
    // `self.NAME` / `this.NAME`: the attribute is the use.
    let mut list = use_node;
    if let Some(parent) = use_node.parent() {
        if matches!(parent.kind(), "attribute" | "member_expression")
            && parent
                .field_child(if grammar == Grammar::Python {
                    "attribute"
                } else {
                    "property"
                })
                .is_some_and(|p| p.id() == use_node.id())
        {
            list = parent;
        }
    }
    let Some(parent) = list.parent() else {
        return false;
    };
    let test = match parent.kind() {
        // Python `x in NAME`: the list is the last operand and the operator is `in`, not `not in`.
        "comparison_operator" => {
            let ops: Vec<&str> = (0..parent.child_count())
                .filter_map(|i| parent.child(i))
                .filter(|c| !c.is_named())
                .map(|c| text_of(c, source))
                .collect();
            let last = parent.named_child(parent.named_child_count().saturating_sub(1));
            if ops != ["in"] || last.map(|l| l.id()) != Some(list.id()) {
                return false;
            }
            parent
        }
        // JS `NAME.has(x)`, `NAME.includes(x)`, `NAME.some(p => …)`.
        "member_expression" => {
            let method = parent.field_child("property").map(|p| text_of(p, source));
            let is_object = parent
                .field_child("object")
                .is_some_and(|o| o.id() == list.id());
            let Some(call) = parent.parent().filter(|c| c.kind() == "call_expression") else {
                return false;
            };
            if !is_object || !matches!(method, Some("has" | "includes" | "some" | "test")) {
                return false;
            }
            call
        }
        // `path.startswith(NAME)` / `path.endswith(NAME)` (a tuple of prefixes).
        "argument_list" => {
            let Some(call) = parent.parent() else {
                return false;
            };
            let method = call
                .field_child("function")
                .and_then(|f| f.field_child("attribute"))
                .map(|a| text_of(a, source));
            if !matches!(method, Some("startswith" | "endswith")) {
                return false;
            }
            call
        }
        _ => return false,
    };
    returned_or_guarding_exit(test, source)
}

/// Climbs from a membership test through `and`/`or`, parentheses and `any(…)`/`all(…)` to a `return` or to
/// the condition of an `if` whose branch leaves. A negation on the way makes the list a list of what passes.
fn returned_or_guarding_exit(test: Node, source: &str) -> bool {
    let mut current = test;
    for _ in 0..MAX_CLIMB {
        let Some(parent) = current.parent() else {
            return false;
        };
        match parent.kind() {
            "return_statement" => return true,
            "if_statement" => {
                let is_condition = parent
                    .field_child("condition")
                    .is_some_and(|c| c.id() == current.id());
                return is_condition && branch_leaves(parent, source);
            }
            "boolean_operator"
            | "parenthesized_expression"
            | "generator_expression"
            | "argument_list"
            | "arguments"
            | "arrow_function" => {}
            "binary_expression" => {
                let op = parent.field_child("operator").map(|o| text_of(o, source));
                if !matches!(op, Some("&&" | "||")) {
                    return false;
                }
            }
            "call" | "call_expression" => {
                let callee = parent.field_child("function");
                let name = callee.map(|c| text_of(c, source)).unwrap_or("");
                // `any(part in NAME for part in parts)`, `prefixes.some(p => NAME.has(p))`.
                let wraps = matches!(name, "any" | "all") || name.ends_with(".some");
                if !wraps {
                    return false;
                }
            }
            _ => return false,
        }
        current = parent;
    }
    false
}

/// Whether the `if`'s branch leaves (`raise`, `throw`, `return`, `continue` or `break`), after nothing but
/// log or print calls: a refusal says why and goes. A branch that does anything else with the match first
/// (reads it, collects it) is handling the listed names, not refusing them.
fn branch_leaves(if_statement: Node, source: &str) -> bool {
    let Some(consequence) = if_statement.field_child("consequence") else {
        return false;
    };
    let statements: Vec<Node> = if matches!(consequence.kind(), "block" | "statement_block") {
        let mut cursor = consequence.walk();
        consequence
            .named_children(&mut cursor)
            .filter(|s| s.kind() != "comment")
            .collect()
    } else {
        vec![consequence]
    };
    let Some((last, before)) = statements.split_last() else {
        return false;
    };
    let leaves = matches!(
        last.kind(),
        "raise_statement"
            | "throw_statement"
            | "return_statement"
            | "continue_statement"
            | "break_statement"
    );
    leaves && before.iter().all(|s| is_log_call(*s, source))
}

/// `logger.warning(…)`, `console.error(…)`, `print(…)`: a statement that only reports.
fn is_log_call(statement: Node, source: &str) -> bool {
    if statement.kind() != "expression_statement" {
        return false;
    }
    let Some(call) = statement
        .named_child(0)
        .filter(|c| matches!(c.kind(), "call" | "call_expression"))
    else {
        return false;
    };
    let callee = call
        .field_child("function")
        .map(|f| text_of(f, source))
        .unwrap_or("");
    let method = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        method,
        "print"
            | "log"
            | "debug"
            | "info"
            | "warn"
            | "warning"
            | "error"
            | "exception"
            | "critical"
    )
}

#[cfg(test)]
mod tests {
    use skill_scan_model::{
        ArtifactScope, Capability, FileKind, FileRole, Language, RecommendedAction,
    };
    use skill_scan_rules::{FileScan, RuleSet, SourceFile};

    fn scan(rel_path: &str, text: &str) -> FileScan {
        let (kind, language) = if rel_path.ends_with(".py") {
            (FileKind::Python, Language::Python)
        } else {
            (FileKind::Typescript, Language::Typescript)
        };
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        rules.scan(&SourceFile {
            rel_path,
            text,
            kind,
            scope: ArtifactScope::SupportingArtifact,
            language,
            role: FileRole::Source,
            import_entry: false,
        })
    }

    /// The credential findings of `rule` in the scan, as (still a credential read, action).
    fn credential_findings(scan: &FileScan, rule: &str) -> Vec<(bool, RecommendedAction)> {
        scan.findings
            .iter()
            .filter(|f| f.rule_id == rule)
            .map(|f| (f.has(Capability::CredentialAccess), f.action))
            .collect()
    }

    /// The rule fires on the text, and only as data: no finding of it reads a credential.
    fn read_as_data(path: &str, text: &str, rule: &str) {
        let found = credential_findings(&scan(path, text), rule);
        assert!(!found.is_empty(), "{rule} did not fire on {path}");
        assert!(found.iter().all(|(cred, _)| !cred), "{found:?}");
    }

    /// Some finding of the rule on the text reads a credential.
    fn read_as_credential(path: &str, text: &str, rule: &str) {
        let found = credential_findings(&scan(path, text), rule);
        assert!(found.iter().any(|(cred, _)| *cred), "{path}: {found:?}");
    }

    const STORES: &str = "    '.netrc',\n    '.npmrc',\n    '.pypirc',\n    '.git-credentials',\n    '.docker/config.json',\n";

    #[test]
    fn a_list_only_returned_as_a_membership_test_is_a_deny_list() {
        let text = format!(
            "import os\n\nREFUSED_NAMES: frozenset[str] = frozenset(\n  {{\n{STORES}  }}\n)\n\n\ndef _is_refused(path: str) -> bool:\n    return os.path.basename(path).lower() in REFUSED_NAMES\n"
        );
        let found = credential_findings(&scan("tools/guard.py", &text), "CRED024");
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|(cred, action)| !cred && *action == RecommendedAction::Log),
            "{found:?}"
        );
    }

    #[test]
    fn a_set_that_guards_a_raise_is_a_deny_list() {
        let text = "PRIVATE_DIRS = frozenset({\".aws\", \".ssh\", \".gnupg\"})\nSECRET_PREFIXES = (\".env\",)\n\ndef check(resolved):\n    if any(part in PRIVATE_DIRS for part in resolved.parts):\n        raise ValueError(\"refused\")\n    if resolved.name.startswith(SECRET_PREFIXES):\n        raise ValueError(\"refused\")\n";
        read_as_data("tools/upload.py", text, "CRED003");
    }

    #[test]
    fn a_list_that_is_walked_or_selects_what_is_read_stays_a_harvest_list() {
        let walked = format!(
            "import os\nTARGETS = [\n{STORES}]\nloot = [open(os.path.expanduser('~/' + t)).read() for t in TARGETS]\n"
        );
        let selected = format!(
            "import os\nTARGETS = {{\n{STORES}}}\nfor root, _, files in os.walk(os.path.expanduser('~')):\n    for f in files:\n        if f in TARGETS:\n            loot.append(open(os.path.join(root, f)).read())\n"
        );
        let passed = format!(
            "import os\nTARGETS = {{\n{STORES}}}\nfor root, _, files in os.walk(os.path.expanduser('~')):\n    for f in files:\n        if f not in TARGETS:\n            continue\n        loot.append(open(os.path.join(root, f)).read())\n"
        );
        let unused = format!("TARGETS = [\n{STORES}]\n");
        for text in [walked, selected, passed, unused] {
            let found = credential_findings(&scan("pkg/collect.py", &text), "CRED024");
            assert!(!found.is_empty(), "{text}");
            assert!(found.iter().any(|(cred, _)| *cred), "{text}: {found:?}");
        }
    }

    #[test]
    fn a_regular_expression_is_a_pattern_not_a_path() {
        let text = "export const rules = [\n  {\n    description: 'Reading saved git tokens',\n    pattern: '(cat|less|head|tail).*/\\\\.git-credentials.*',\n  },\n];\n";
        let found = credential_findings(&scan("src/commandRules.ts", text), "CRED011");
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|(cred, action)| !cred && *action == RecommendedAction::Log),
            "{found:?}"
        );
        let piped = "const hook = `( creds=$(printf 'host=github.com\\n\\n' | git credential fill | base64) )`;\n";
        read_as_credential("lib/hook.ts", piped, "CRED011");
        let read = "const creds = readFileSync(join(homedir(), '.git-credentials'), 'utf8');\n";
        read_as_credential("src/auth.ts", read, "CRED011");
    }

    #[test]
    fn a_refusal_may_log_before_it_leaves_but_a_branch_that_reads_first_is_handling_the_match() {
        let logged = format!(
            "import os\nREFUSED = frozenset({{\n{STORES}}})\n\ndef check(path):\n    name = os.path.basename(path)\n    if name in REFUSED:\n        logger.warning('refused {{}}', name)\n        raise ValueError(name)\n    return path\n"
        );
        read_as_data("tools/check.py", &logged, "CRED024");
        let read_first = format!(
            "import os\nTARGETS = {{\n{STORES}}}\nfor root, _, files in os.walk(os.path.expanduser('~')):\n    for f in files:\n        if f in TARGETS:\n            loot.append(open(os.path.join(root, f)).read())\n            continue\n"
        );
        read_as_credential("pkg/collect.py", &read_first, "CRED024");
    }

    #[test]
    fn a_set_whose_has_guards_a_throw_is_a_deny_list() {
        let text = format!(
            "const BLOCKED = new Set([\n{STORES}]);\nexport function assertAllowed(name: string) {{\n  if (BLOCKED.has(name)) {{\n    throw new Error('refused');\n  }}\n}}\n"
        );
        read_as_data("src/guard.ts", &text, "CRED024");
    }
}
