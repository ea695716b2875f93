//! Block-level Python findings that run only when a caller asks for them: inside a function (or a method
//! of a class) that nothing in its own module reaches when the module loads, that no module's top-level code
//! and no `.pth` line of the package calls, in a file that hides nothing. A market-data library whose
//! `daily(symbol)` evaluates the quote it fetched, or a tunnelling helper that downloads its tool and runs
//! it when the user asks for a share link, is risky API; malware runs at install or import, or hides.
//!
//! The reach is by reference, not by call: a function whose name appears anywhere in code that runs on
//! load (`Thread(target=steal)`, `atexit.register(steal)`, a class body, a decorator other than the plain
//! method kinds) counts as reached, and so does everything a reached function or class names in turn.

use crate::fields::FieldChild;
use crate::syntax::{parse, Grammar};
use skill_scan_model::{
    ArtifactScope, FileRole, Finding, Language, LineIndex, RecommendedAction, ThreatCategory,
};
use skill_scan_walk::{decode_text, FileEntry};
use std::collections::{BTreeMap, HashSet};
use tree_sitter::Node;

/// Decorators that only change how a function is bound or cached; any other on a top-level definition may
/// register it to be run (`@atexit.register`, `@app.on_startup`), so a function carrying one counts as reached.
const PLAIN_DECORATORS: &[&str] = &[
    "staticmethod",
    "classmethod",
    "property",
    "abstractmethod",
    "abc.abstractmethod",
    "override",
    "overload",
    "typing.overload",
    "functools.cache",
    "functools.lru_cache",
    "lru_cache",
    "cache",
    "cached_property",
    "functools.cached_property",
    "dataclass",
    "dataclasses.dataclass",
    "total_ordering",
    "functools.total_ordering",
    "final",
    "typing.final",
];

/// Marks `called_only` on the block-level Python findings that qualify (see the module documentation).
pub fn mark_called_only(files: &[FileEntry], findings: &mut [Finding], max_file_size: u64) {
    let candidate = |f: &Finding| {
        f.action == RecommendedAction::Block
            && f.language == Language::Python
            && f.scope == ArtifactScope::SupportingArtifact
            && f.file_role == FileRole::Source
            && !f.import_time
            && f.path.ends_with(".py")
    };
    let mut by_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, finding) in findings.iter().enumerate() {
        if candidate(finding) {
            by_path
                .entry(finding.path.as_str())
                .or_default()
                .push(index);
        }
    }
    by_path.retain(|path, indices| !hides_something(findings, path, indices));
    if by_path.is_empty() {
        return;
    }
    let read = |entry: &FileEntry| -> Option<String> {
        let bytes = entry.read(max_file_size).ok()?;
        Some(decode_text(&bytes).ok()?.text)
    };
    // Code that runs when any module of the package loads (its top level, outside functions and classes),
    // `.pth` lines, and the whole of every root script (`setup.py` runs its command classes' methods at
    // install): a call from there reaches the function, whichever module imports it and however.
    let sources: Vec<(&str, String)> = files
        .iter()
        .filter(|f| f.rel_path.ends_with(".py") || f.rel_path.ends_with(".pth"))
        .filter_map(|f| Some((f.rel_path.as_str(), read(f)?)))
        .collect();
    let package_folders: HashSet<&str> = sources
        .iter()
        .filter_map(|(path, _)| path.strip_suffix("/__init__.py"))
        .collect();
    let import_lines: String = sources
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter(|line| {
            let line = line.trim_start();
            line.starts_with("import ") || line.starts_with("from ")
        })
        .flat_map(|line| [line, "\n"])
        .collect();
    let load_code: String = sources
        .iter()
        .filter(|(path, _)| importable(path, &package_folders, &import_lines))
        .map(|(path, text)| {
            let whole = path.ends_with(".pth") || !path.contains('/');
            if whole {
                text.clone()
            } else {
                top_level_code(text)
            }
        })
        .collect();
    let load_code = without_imports(&load_code);
    let mut marks = Vec::new();
    for (path, indices) in by_path {
        let Some(text) = files.iter().find(|f| f.rel_path == path).and_then(&read) else {
            continue;
        };
        let Ok(tree) = parse(Grammar::Python, &text) else {
            continue;
        };
        let module = ModuleReach::of(tree.root_node(), &text);
        let lines = LineIndex::new(&text);
        for index in indices {
            let finding = &findings[index];
            let offset = lines.offset_of(&text, finding.line, finding.column);
            let Some(unit) = module.unreached_body_at(offset, &text) else {
                continue;
            };
            if !calls_name(&load_code, unit) {
                marks.push(index);
            }
        }
    }
    for index in marks {
        findings[index].called_only = true;
    }
}

/// Whether the file holds evidence of concealment beside the candidates: another finding at review or
/// above (a raw-IP URL, a paste site, a hidden process, a credential read), or a payload the deobfuscator
/// decoded.
fn hides_something(findings: &[Finding], path: &str, candidates: &[usize]) -> bool {
    findings.iter().enumerate().any(|(index, f)| {
        f.path == path
            && !candidates.contains(&index)
            && (f.action >= RecommendedAction::Review
                || (f.category == ThreatCategory::Obfuscation && f.rule_id.starts_with("DEO")))
    })
}

/// Whether importing the package can load the module at `path`, so its top level counts as code run on
/// load. Not a module whose name is no Python identifier (`profiles/local-os.py`: `import` cannot name it),
/// nor one in a folder with no `__init__.py` inside a package folder that has one, when no import line of
/// the package names that folder: a folder of scripts the package carries as data (profiles it `exec`s
/// when the user picks one, templates it copies). Their top level runs when something runs the file, on
/// request, like a function's body. Root scripts and `.pth` files always count.
fn importable(path: &str, package_folders: &HashSet<&str>, import_lines: &str) -> bool {
    let Some((folder, file)) = path.rsplit_once('/') else {
        return true;
    };
    let Some(stem) = file.strip_suffix(".py") else {
        return true;
    };
    let identifier = stem
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && stem.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !identifier {
        return false;
    }
    // Up from the file's folder to the nearest package folder: every folder on the way must be one an import
    // names. With no package folder above (a namespace package at the top), it is imported as usual.
    let mut unnamed: Vec<&str> = Vec::new();
    let mut current = folder;
    loop {
        if package_folders.contains(current) {
            return unnamed.iter().all(|name| names_word(import_lines, name));
        }
        let (parent, name) = current.rsplit_once('/').unwrap_or(("", current));
        unnamed.push(name);
        if parent.is_empty() {
            return true;
        }
        current = parent;
    }
}

/// Whether `name` occurs in `text` as a word of its own (not inside an identifier).
fn names_word(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(word)
            && !text[at + name.len()..].chars().next().is_some_and(word)
    })
}

/// Whether `text` (code without its import statements: importing a name runs nothing of it) calls `name`
/// or hands it over as a value (`name(`, `= name`, `(name)`).
fn calls_name(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..]
            .trim_start_matches([' ', '\t'])
            .chars()
            .next();
        let whole = !before.is_some_and(word) && !text[at + name.len()..].starts_with(word);
        let before_code = text[..at].trim_end().chars().next_back();
        // A call, or the name handed over as a value (`target=name)`, `register(name)`, `= name` at a
        // line's end); a name in a list of words ("fix a_daily, b_daily interface") is neither.
        let handed_over = matches!(before_code, Some('=' | '(' | ','))
            && matches!(after, None | Some(')' | ',' | '\n'));
        whole && (after == Some('(') || handed_over)
    })
}

/// The lines of a Python module that run when it loads: everything but the bodies of its top-level
/// functions and classes and its main guard (a line indented under a `def`, `class` or `if __name__` at
/// column 0). Other top-level `if`, `try` and `with` blocks stay. A line-based reading, so a docstring's text may stay too: that only keeps a block.
fn top_level_code(text: &str) -> String {
    let mut kept = String::new();
    let mut in_definition = false;
    let mut in_text = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        // A triple-quoted string's lines (a module docstring's changelog) are text, not code.
        let quotes = line.matches("\"\"\"").count() + line.matches("'''").count();
        let was_text = in_text;
        in_text ^= quotes % 2 == 1;
        if was_text || in_text || trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.len() == line.len() && trimmed.starts_with([')', ']', '}']) {
            // The closing line of a bracket opened above (`) -> str:` after a long signature).
            if !in_definition {
                kept.push_str(line);
                kept.push('\n');
            }
            continue;
        }
        if trimmed.len() == line.len() {
            // A main guard's block runs only when the module is run as a program.
            in_definition = ["def ", "async def ", "class ", "@", "if __name__"]
                .iter()
                .any(|start| trimmed.starts_with(start));
            if in_definition {
                continue;
            }
        } else if in_definition {
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// `text` without its `import` and `from … import` lines (with a parenthesised or backslash-continued
/// name list).
fn without_imports(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut continued = false;
    let mut in_list = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let starts = trimmed.starts_with("import ") || trimmed.starts_with("from ");
        if in_list {
            in_list = !line.contains(')');
            continue;
        }
        if continued || starts {
            continued = line.trim_end().ends_with('\\');
            in_list = line.contains('(') && !line.contains(')');
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// The top-level functions and classes of one module and which of them code run on load reaches.
struct ModuleReach<'t> {
    /// Top-level function or class definitions with their names, and whether load reaches them.
    units: Vec<(Node<'t>, String, bool)>,
}

impl<'t> ModuleReach<'t> {
    fn of(root: Node<'t>, text: &str) -> ModuleReach<'t> {
        let mut units: Vec<(Node<'t>, String)> = Vec::new();
        let mut referenced: HashSet<String> = HashSet::new();
        let mut forced: HashSet<String> = HashSet::new();
        let mut cursor = root.walk();
        for statement in root.named_children(&mut cursor) {
            match definition(statement) {
                Some(def) => {
                    let Some(name) = def.field_child("name").map(|n| text_of(n, text)) else {
                        continue;
                    };
                    // A module's `__getattr__` (or any dunder) is called by Python itself.
                    let dunder = name.starts_with("__") && name.ends_with("__");
                    if dunder || registers_itself(statement, text) {
                        forced.insert(name.clone());
                    }
                    if def.kind() == "class_definition" {
                        // A class body's own statements and its bases run when the module loads.
                        class_load_identifiers(def, text, &mut referenced);
                    }
                    units.push((statement, name));
                }
                None if is_main_guard(statement, text) || is_import(statement) => {}
                None => identifiers(statement, text, &mut referenced),
            }
        }
        // Reached: named on load, registered by a decorator, or named by a reached unit, to a fixed point.
        let mut reached = vec![false; units.len()];
        loop {
            let mut changed = false;
            for (index, (node, name)) in units.iter().enumerate() {
                if !reached[index] && (referenced.contains(name) || forced.contains(name)) {
                    reached[index] = true;
                    changed = true;
                    identifiers(*node, text, &mut referenced);
                }
            }
            if !changed {
                break;
            }
        }
        ModuleReach {
            units: units
                .into_iter()
                .zip(reached)
                .map(|((node, name), reached)| (node, name, reached))
                .collect(),
        }
    }

    /// The name of the unreached top-level unit whose function body holds `offset`, if any: code in a
    /// function's body (not its default values or decorators), or in a method's body, and not under a
    /// `try` that silences every failure (a download-and-run that hides that it failed hides), in a
    /// function that names no Windows program file.
    fn unreached_body_at(&self, offset: usize, text: &str) -> Option<&str> {
        let (node, name, _) = self
            .units
            .iter()
            .find(|(node, _, reached)| !reached && node.byte_range().contains(&offset))?;
        let mut current = node.descendant_for_byte_range(offset, offset)?;
        loop {
            if current.kind() == "try_statement" && swallows_errors(current, text) {
                return None;
            }
            if current.kind() == "function_definition" {
                let body = current.field_child("body")?;
                if body.byte_range().contains(&offset) {
                    return (!names_a_windows_program(current, text)).then_some(name.as_str());
                }
            }
            if current.id() == node.id() {
                return None;
            }
            current = current.parent()?;
        }
    }
}

/// Extensions of programs Windows runs by name. A function that fetches and runs code and spells out such
/// a file in its body or its parameters' defaults (`'launcher.exe'`, `name='run.vbs'`) is a dropper's
/// shape; a library's tool download names its binary by platform, outside the function that runs it.
const WINDOWS_PROGRAMS: &[&str] = &[".exe", ".scr", ".bat", ".cmd", ".msi", ".vbs", ".ps1"];

fn names_a_windows_program(function: Node, text: &str) -> bool {
    let mut stack = vec![function];
    while let Some(node) = stack.pop() {
        if node.kind() == "string" {
            let literal = text_of(node, text).to_ascii_lowercase();
            let named = WINDOWS_PROGRAMS.iter().any(|ext| {
                literal.match_indices(ext).any(|(at, _)| {
                    !literal[at + ext.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                })
            });
            if named {
                return true;
            }
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    false
}

/// A `try` with a handler that does nothing (`except: pass`, `continue`, a bare `return`): whatever fails
/// inside stays hidden from the user.
fn swallows_errors(try_statement: Node, text: &str) -> bool {
    let mut cursor = try_statement.walk();
    let handlers: Vec<Node> = try_statement
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "except_clause")
        .collect();
    handlers.into_iter().any(|handler| {
        let mut cursor = handler.walk();
        let Some(block) = handler
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "block")
            .last()
        else {
            return false;
        };
        let mut cursor = block.walk();
        let statements: Vec<Node> = block.named_children(&mut cursor).collect();
        statements.iter().all(|statement| {
            let code = text_of(*statement, text);
            let code = code.trim();
            matches!(
                statement.kind(),
                "pass_statement" | "continue_statement" | "break_statement"
            ) || matches!(code, "return" | "return None" | "..." | "return False")
        })
    })
}

/// The function or class a top-level statement defines, through its decorators.
fn definition(statement: Node) -> Option<Node> {
    match statement.kind() {
        "function_definition" | "class_definition" => Some(statement),
        "decorated_definition" => statement
            .field_child("definition")
            .filter(|d| matches!(d.kind(), "function_definition" | "class_definition")),
        _ => None,
    }
}

/// A decorator other than the plain kinds on a top-level definition. A method's decorator (`@line_magic`,
/// `@app.command`) hands the method to its class's users: nothing calls it until the class is used.
fn registers_itself(statement: Node, text: &str) -> bool {
    let mut cursor = statement.walk();
    let registers = statement
        .named_children(&mut cursor)
        .filter(|child| child.kind() == "decorator")
        .any(|decorator| {
            let name = text_of(decorator, text);
            let name = name.trim_start_matches('@').trim();
            let name = name.split('(').next().unwrap_or(name).trim();
            !(PLAIN_DECORATORS.contains(&name)
                || name.ends_with(".setter")
                || name.ends_with(".getter")
                || name.ends_with(".deleter"))
        });
    registers
}

/// Identifiers a class names outside its methods' bodies: its bases, its decorators, its class-level
/// statements (all run when the class statement runs).
fn class_load_identifiers(class: Node, text: &str, into: &mut HashSet<String>) {
    // Not the class's own name: defining a class does not reach it.
    let mut stack: Vec<Node> = ["superclasses", "body"]
        .iter()
        .filter_map(|field| class.field_child(field))
        .collect();
    while let Some(node) = stack.pop() {
        if node.kind() == "function_definition" {
            // Parameters' default values run when the method is defined; the body does not.
            if let Some(parameters) = node.field_child("parameters") {
                identifiers(parameters, text, into);
            }
            continue;
        }
        if node.kind() == "identifier" {
            into.insert(text_of(node, text));
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
}

fn identifiers(node: Node, text: &str, into: &mut HashSet<String>) {
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if current.kind() == "identifier" {
            into.insert(text_of(current, text));
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
}

fn is_import(statement: Node) -> bool {
    matches!(
        statement.kind(),
        "import_statement" | "import_from_statement" | "future_import_statement"
    )
}

fn is_main_guard(statement: Node, text: &str) -> bool {
    statement.kind() == "if_statement"
        && statement
            .field_child("condition")
            .is_some_and(|c| text_of(c, text).contains("__name__"))
}

fn text_of(node: Node, text: &str) -> String {
    text.get(node.byte_range()).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unreached(source: &str, needle: &str) -> Option<String> {
        let tree = parse(Grammar::Python, source).ok()?;
        let module = ModuleReach::of(tree.root_node(), source);
        let offset = source.find(needle)?;
        module.unreached_body_at(offset, source).map(str::to_string)
    }

    #[test]
    fn scripts_a_package_carries_as_data_are_not_loaded_by_import() {
        let folders: HashSet<&str> = ["tool", "tool/cli"].into_iter().collect();
        let imports = "from .cli.profiles import load\nimport tool.cli\n";
        // Modules of a package, and a folder without `__init__.py` that an import names.
        assert!(importable("tool/core.py", &folders, imports));
        assert!(importable(
            "tool/cli/profiles/profiles.py",
            &folders,
            imports
        ));
        assert!(importable("setup.py", &folders, imports));
        // A namespace package at the top (no `__init__.py` above it) is imported as usual.
        assert!(importable("ns/tool/core.py", &folders, imports));
        // A name `import` cannot spell, and a folder of scripts nothing imports, inside a package.
        assert!(!importable(
            "tool/cli/profiles/local-os.py",
            &folders,
            imports
        ));
        assert!(!importable("tool/cli/presets/local.py", &folders, imports));
        // A word inside another name does not name the folder.
        let inside = "from .cli.presets_loader import load\n";
        assert!(!importable("tool/cli/presets/local.py", &folders, inside));
        // Two folders without `__init__.py`: the outer one imported, the inner one a folder of scripts.
        assert!(!importable(
            "tool/cli/profiles/defaults/local.py",
            &folders,
            imports
        ));
        let both = "from .cli.profiles import load\nfrom .profiles.defaults import local\n";
        assert!(importable(
            "tool/cli/profiles/defaults/local.py",
            &folders,
            both
        ));
    }

    #[test]
    fn a_library_function_nobody_calls_on_load_runs_only_when_called() {
        let source = "import requests\n\ndef daily(symbol):\n    r = requests.get(URL + symbol)\n    return eval(r.text)\n";
        assert_eq!(unreached(source, "eval("), Some("daily".into()));
        // Called at the top level, it runs on import.
        let called = format!("{source}\nTODAY = daily('x')\n");
        assert_eq!(unreached(&called, "eval("), None);
    }

    #[test]
    fn a_function_handed_to_a_thread_or_reached_through_another_counts_as_reached() {
        let thread = "import threading\n\ndef steal():\n    exec(fetch())\n\nthreading.Thread(target=steal).start()\n";
        assert_eq!(unreached(thread, "exec("), None);
        let chain = "def inner():\n    exec(fetch())\n\ndef outer():\n    inner()\n\nouter()\n";
        assert_eq!(unreached(chain, "exec("), None);
        let registered = "import atexit\n\n@atexit.register\ndef later():\n    exec(fetch())\n";
        assert_eq!(unreached(registered, "exec("), None);
        // Python calls a module's `__getattr__` on any missing attribute.
        let hook = "def __getattr__(name):\n    exec(fetch())\n";
        assert_eq!(unreached(hook, "exec("), None);
    }

    #[test]
    fn a_method_of_a_class_built_on_load_counts_as_reached() {
        let class =
            "class Tunnel:\n    @staticmethod\n    def download():\n        run(get(URL))\n";
        assert_eq!(unreached(class, "run("), Some("Tunnel".into()));
        let built = format!("{class}\nTunnel().download()\n");
        assert_eq!(unreached(&built, "run("), None);
        // A method's own decorator registers it with the class, which nobody uses on load.
        let magic = "class Magics:\n    @line_magic\n    def paste(self):\n        run(get(URL))\n";
        assert_eq!(unreached(magic, "run("), Some("Magics".into()));
        // A class-level statement runs when the class statement does.
        let body = "class Loader:\n    data = exec(fetch())\n";
        assert_eq!(unreached(body, "exec("), None);
    }

    #[test]
    fn a_main_guard_does_not_reach_and_a_default_value_runs_on_definition() {
        let script = "def main():\n    exec(fetch())\n\nif __name__ == '__main__':\n    main()\n";
        assert_eq!(unreached(script, "exec("), Some("main".into()));
        let default = "def f(x=exec(fetch())):\n    return x\n";
        assert_eq!(unreached(default, "exec("), None);
        // A download run under a `try` that silences every failure hides; one that reports does not.
        let silent = "def close():\n    try:\n        run(get(URL))\n    except:\n        pass\n";
        assert_eq!(unreached(silent, "run("), None);
        let loud = "def close():\n    try:\n        run(get(URL))\n    except OSError as e:\n        log.error(e)\n        raise\n";
        assert_eq!(unreached(loud, "run("), Some("close".into()));
        // A function that writes and runs a named Windows program is a dropper's shape.
        let dropper = "def init():\n    open('launcher.exe', 'wb').write(get(URL).content)\n    os.system('launcher.exe')\n";
        assert_eq!(unreached(dropper, "os.system("), None);
        let by_default = "def fetch(url, name='run.vbs'):\n    save(get(url), name)\n    run(['cscript', name])\n";
        assert_eq!(unreached(by_default, "run(["), None);
    }

    fn calls(text: &str, name: &str) -> bool {
        calls_name(&without_imports(text), name)
    }

    #[test]
    fn top_level_code_leaves_out_definitions_only() {
        let module = "import x\n\ndef go(\n    a,\n) -> None:\n    steal()\n\nclass A:\n    def m(self):\n        steal()\n\nif ready:\n    go()\n\nif __name__ == '__main__':\n    steal()\n";
        let code = top_level_code(module);
        assert!(!code.contains("steal"));
        assert!(calls(&code, "go"));
    }

    #[test]
    fn a_call_from_code_run_on_load_is_seen_in_another_file() {
        assert!(calls("from pkg.evil import go\ngo()\n", "go"));
        assert!(calls("Thread(target=go).start()", "go"));
        assert!(!calls("from pkg.evil import go\n", "go"));
        assert!(!calls(
            "from pkg.evil import (\n    go,\n    stop,\n)\n",
            "go"
        ));
        assert!(calls(
            "from pkg.evil import (\n    go,\n)\natexit.register(go)\n",
            "go"
        ));
        assert!(!calls("fix: fix go_daily interface", "go"));
        assert!(!calls("fix: fix stop, go interface", "go"));
        assert!(!calls("fix: fix go, stop interface", "go"));
        let docstring = top_level_code("\"\"\"Changes:\n\n0.1: add go(symbol)\n\"\"\"\nx = 1\n");
        assert!(!calls(&docstring, "go"));
    }
}
