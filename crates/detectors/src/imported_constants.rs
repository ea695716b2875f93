//! Constants one module of a package takes from another: `from .config import BOOTSTRAP` in `setup.py`,
//! `const { FETCH } = require('./consts')` in an install script. The file scan reads one file at a time,
//! so a command split between a constants module and the file that runs it reads as a call of an unknown
//! name. This module finds a file's imports of names from the package's own modules, and what string each
//! such module binds a name to; the caller (the package scan, which can read every file) resolves the
//! imports to files and rescans the importer with [`with_constants`]: the importer's text with each
//! imported string bound right after its import, on the same line, so every rule and the evaluator read
//! the value as if it had been written there, and every finding keeps its line.
//!
//! Bounded: the import walk stops after [`MAX_NODES`] nodes and keeps [`MAX_IMPORTS`] imports; a module
//! gives at most [`MAX_CONSTANTS`] strings, each within the evaluator's string bound.

use crate::fields::FieldChild;
use crate::native::evaluate;
use crate::syntax::{parse, Grammar};
use skill_scan_model::Language;
use tree_sitter::Node;

/// Nodes visited looking for imports.
const MAX_NODES: usize = 50_000;
/// Imports of local names kept per file.
pub const MAX_IMPORTS: usize = 64;
/// String constants read from one module.
pub const MAX_CONSTANTS: usize = 256;

/// The name a whole-module import takes: `import config`, `const cfg = require('./config')` and
/// `import * as cfg from …` bind every string of the module as `config.NAME` / `cfg.NAME`.
pub const WHOLE_MODULE: &str = "*";

/// Marks an exported value that is not a string but a function's results by index (see the exports in
/// `native/evaluate/javascript_exports.rs` and `python_exports.rs`): what follows is an array literal of the
/// module's language, and the importer binds the name to a function reading it (`var t = (i) => ["…"][i]`,
/// `d = lambda i: ["…"][i]`).
pub const TABLE_OF_RESULTS: &str = "\u{0}table:";

/// One import of names from a module of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalImport {
    /// The module as written: `.config`, `config`, `pkg.settings`, `./consts`.
    pub module: String,
    /// `(name in the module, name in the importer)`; [`WHOLE_MODULE`] stands for every name the module
    /// exports, read in the importer as members of its local name (`import config as c` is `("*", "c")`).
    pub names: Vec<(String, String)>,
    /// Byte offset just after the import statement, where bindings may be added on the same line.
    pub end: usize,
    /// 1-based line of the import.
    pub line: usize,
}

/// The imports of `text` that take names from a module that may be the package's own: Python
/// `from M import a, b as c` (any module: the caller resolves it), JavaScript `const { a, b: c } =
/// require('./m')` and `import { a } from './m'` (relative specifiers only).
pub fn local_imports(text: &str, language: Language, rel_path: &str) -> Vec<LocalImport> {
    let Some(grammar) = code_grammar(language, rel_path) else {
        return Vec::new();
    };
    // A JavaScript import is kept only with a relative specifier, whose string node starts with a quote
    // and `./` or `../`: a bundle without one (most large entry files) is not parsed again.
    if grammar != Grammar::Python && !may_name_relative_module(text) {
        return Vec::new();
    }
    let Ok(tree) = parse(grammar, text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut stack = vec![tree.root_node()];
    let mut visited = 0;
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES || found.len() >= MAX_IMPORTS {
            break;
        }
        let import: Vec<LocalImport> = if grammar == Grammar::Python {
            python_import(node, text)
        } else {
            javascript_import(node, text).into_iter().collect()
        };
        if !import.is_empty() {
            found.extend(import);
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    found.truncate(MAX_IMPORTS);
    found.sort_by_key(|i| i.end);
    found
}

impl LocalImport {
    /// `(name in the importer, value)` for each name this import takes that `strings` (what the module
    /// exports) gives a value.
    pub fn bound(&self, strings: &[(String, String)]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, local) in &self.names {
            if name == WHOLE_MODULE {
                // The module's own value (`module.exports = fn`) is the local name; the others (a table
                // under a member name too: `t.decode`) are its members.
                out.extend(strings.iter().map(|(n, value)| match n.as_str() {
                    "" => (local.clone(), value.clone()),
                    _ => (format!("{local}.{n}"), value.clone()),
                }));
            } else if let Some((_, value)) =
                strings.iter().find(|(n, _)| n == name && !n.is_empty())
            {
                out.push((local.clone(), value.clone()));
            }
        }
        out
    }
}

/// The strings `text` (a module of the package) gives its importers, by name.
pub fn exported_strings(text: &str, language: Language, rel_path: &str) -> Vec<(String, String)> {
    let Some(grammar) = code_grammar(language, rel_path) else {
        return Vec::new();
    };
    if text.len() > evaluate::limits::MAX_SEGMENT_BYTES {
        return Vec::new();
    }
    let Ok(tree) = parse(grammar, text) else {
        return Vec::new();
    };
    evaluate::module_strings(
        tree.root_node(),
        text,
        grammar == Grammar::Python,
        MAX_CONSTANTS,
    )
}

/// `text` with `(local name, value)` bindings added after each import that ends at the given offset:
/// `from .config import CMD; CMD = "…"`. Lines stay where they were, so findings keep their lines.
pub fn with_constants(
    text: &str,
    language: Language,
    bindings: &[(usize, Vec<(String, String)>)],
) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    let mut sorted: Vec<&(usize, Vec<(String, String)>)> = bindings.iter().collect();
    sorted.sort_by_key(|(end, _)| *end);
    for (end, names) in sorted {
        let Some(before) = text.get(at..*end) else {
            continue;
        };
        out.push_str(before);
        at = *end;
        for (name, value) in names {
            if let Some(array) = value.strip_prefix(TABLE_OF_RESULTS) {
                // A function reading the table: `var t = (i) => […][i]`, `t.decode = (i) => …`,
                // `d = lambda i: […][i]`.
                out.push_str(match (language, name.contains('.')) {
                    (Language::Python, _) => "; ",
                    (_, true) => "; ",
                    (_, false) => "; var ",
                });
                out.push_str(name);
                out.push_str(match language {
                    Language::Python => " = lambda i: ",
                    _ => " = (i) => ",
                });
                out.push_str(array);
                out.push_str("[i]");
                continue;
            }
            out.push_str("; ");
            out.push_str(name);
            out.push_str(" = ");
            out.push_str(&quoted(value));
        }
        if language != Language::Python && !names.is_empty() {
            out.push(';');
        }
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

fn code_grammar(language: Language, rel_path: &str) -> Option<Grammar> {
    Grammar::for_segment(language, rel_path).filter(|g| *g != Grammar::Bash)
}

/// A double-quoted literal both Python and JavaScript read back as `value`, on one line.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            // Line and paragraph separators end a line for some readers.
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn text_of<'t>(node: Node, text: &'t str) -> &'t str {
    node.utf8_text(text.as_bytes()).unwrap_or("")
}

/// The import `node` of `names` from `module`, if it takes any name.
fn import_of(node: Node, module: String, names: Vec<(String, String)>) -> Option<LocalImport> {
    (!names.is_empty()).then(|| LocalImport {
        module,
        names,
        end: node.end_byte(),
        line: node.start_position().row + 1,
    })
}

/// `(name in the module, name in the importer)` from the two nodes that spell them.
fn renamed(name: Node, local: Node, text: &str) -> (String, String) {
    (
        text_of(name, text).to_string(),
        text_of(local, text).to_string(),
    )
}

/// `from M import a, b as c` (not `*`): the names, and each name as a module of its own
/// (`from . import settings` takes the module `.settings` whole; the caller keeps what resolves to a file).
/// `import config` and `import pkg.config as c`: the module whole, under the name the importer uses.
fn python_import(node: Node, text: &str) -> Vec<LocalImport> {
    let whole = |module: String, local: String| {
        import_of(node, module, vec![(WHOLE_MODULE.to_string(), local)])
    };
    if node.kind() == "import_statement" {
        let mut cursor = node.walk();
        let names: Vec<Node> = node.children_by_field_name("name", &mut cursor).collect();
        return names
            .into_iter()
            .filter_map(|name| match name.kind() {
                // `import pkg.config` is read as `pkg.config.X`, not a plain name's attribute.
                "dotted_name" if !text_of(name, text).contains('.') => {
                    let n = text_of(name, text).to_string();
                    whole(n.clone(), n)
                }
                "aliased_import" => {
                    let (n, alias) =
                        renamed(name.field_child("name")?, name.field_child("alias")?, text);
                    whole(n, alias)
                }
                _ => None,
            })
            .collect();
    }
    if node.kind() != "import_from_statement" {
        return Vec::new();
    }
    let Some(module) = node.field_child("module_name") else {
        return Vec::new();
    };
    let module = text_of(module, text).to_string();
    let mut names = Vec::new();
    let mut cursor = node.walk();
    for name in node.children_by_field_name("name", &mut cursor) {
        match name.kind() {
            "dotted_name" => {
                let n = text_of(name, text);
                if !n.contains('.') {
                    names.push((n.to_string(), n.to_string()));
                }
            }
            "aliased_import" => {
                if let (Some(n), Some(alias)) =
                    (name.field_child("name"), name.field_child("alias"))
                {
                    names.push(renamed(n, alias, text));
                }
            }
            _ => {}
        }
    }
    let submodules: Vec<LocalImport> = names
        .iter()
        .filter_map(|(name, local)| {
            let joined = if module.ends_with('.') {
                format!("{module}{name}")
            } else {
                format!("{module}.{name}")
            };
            whole(joined, local.clone())
        })
        .collect();
    import_of(node, module, names)
        .into_iter()
        .chain(submodules)
        .collect()
}

/// `const { a, b: c } = require('./m')` (the whole declaration), `const m = require('./m')` (the whole
/// module), `import { a, b as c } from './m'` and `import * as m from './m'`.
fn javascript_import(node: Node, text: &str) -> Option<LocalImport> {
    match node.kind() {
        "lexical_declaration" | "variable_declaration" => {
            let mut cursor = node.walk();
            let declarators: Vec<Node> = node.named_children(&mut cursor).collect();
            let [declarator] = declarators.as_slice() else {
                return None;
            };
            let pattern = declarator.field_child("name")?;
            let module = required_module(declarator.field_child("value")?, text)?;
            if pattern.kind() == "identifier" {
                let whole = (WHOLE_MODULE.to_string(), text_of(pattern, text).to_string());
                return import_of(node, module, vec![whole]);
            }
            if pattern.kind() != "object_pattern" {
                return None;
            }
            let mut names = Vec::new();
            let mut inner = pattern.walk();
            for part in pattern.named_children(&mut inner) {
                match part.kind() {
                    "shorthand_property_identifier_pattern" => {
                        let n = text_of(part, text).to_string();
                        names.push((n.clone(), n));
                    }
                    "pair_pattern" => {
                        if let (Some(key), Some(value)) =
                            (part.field_child("key"), part.field_child("value"))
                        {
                            if value.kind() == "identifier" {
                                names.push(renamed(key, value, text));
                            }
                        }
                    }
                    _ => {}
                }
            }
            import_of(node, module, names)
        }
        "import_statement" => {
            let source = node.field_child("source")?;
            let module = relative_specifier(text_of(source, text))?;
            let mut names = Vec::new();
            let mut stack = vec![node];
            let mut visited = 0;
            while let Some(n) = stack.pop() {
                visited += 1;
                if visited > 256 {
                    break;
                }
                if n.kind() == "namespace_import" {
                    if let Some(local) = n.named_child(0) {
                        names.push((WHOLE_MODULE.to_string(), text_of(local, text).to_string()));
                    }
                    continue;
                }
                if n.kind() == "import_specifier" {
                    if let Some(name) = n.field_child("name") {
                        let local = n.field_child("alias").unwrap_or(name);
                        names.push(renamed(name, local, text));
                    }
                    continue;
                }
                let mut cursor = n.walk();
                stack.extend(n.named_children(&mut cursor));
            }
            import_of(node, module, names)
        }
        _ => None,
    }
}

/// `require('./m')` → `./m`.
fn required_module(call: Node, text: &str) -> Option<String> {
    if call.kind() != "call_expression" || text_of(call.field_child("function")?, text) != "require"
    {
        return None;
    }
    let arguments = call.field_child("arguments")?;
    let first = arguments.named_child(0)?;
    if first.kind() != "string" || arguments.named_child_count() != 1 {
        return None;
    }
    relative_specifier(text_of(first, text))
}

/// Whether `text` holds a quoted string that starts like a relative specifier (see [`relative_specifier`]).
fn may_name_relative_module(text: &str) -> bool {
    ["'./", "\"./", "'../", "\"../"]
        .iter()
        .any(|start| text.contains(start))
}

/// A quoted specifier that names a file of the package (`./m`, `../lib/m`), unquoted.
fn relative_specifier(quoted: &str) -> Option<String> {
    let inner = quoted.get(1..quoted.len().checked_sub(1)?)?;
    (inner.starts_with("./") || inner.starts_with("../")).then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_imports_of_names_are_found_with_their_aliases() {
        let text = "import os\nfrom .config import URL, CMD as run_cmd\ndef f():\n    from pkg.settings import KEY\n";
        let found: Vec<LocalImport> = local_imports(text, Language::Python, "setup.py")
            .into_iter()
            .filter(|i| i.names.iter().all(|(n, _)| n != WHOLE_MODULE))
            .collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].module, ".config");
        assert_eq!(
            found[0].names,
            vec![
                ("URL".to_string(), "URL".to_string()),
                ("CMD".to_string(), "run_cmd".to_string())
            ]
        );
        assert_eq!(found[0].line, 2);
        assert_eq!(found[1].module, "pkg.settings");
        assert_eq!(&text[..found[1].end], &text[..text.len() - 1]);
    }

    #[test]
    fn whole_module_imports_bind_every_string_under_the_module_name() {
        let text = "import config\nimport helpers as h, pkg.deep\nfrom . import settings\n";
        let found = local_imports(text, Language::Python, "setup.py");
        let modules: Vec<(&str, &str, &str)> = found
            .iter()
            .flat_map(|i| {
                i.names
                    .iter()
                    .map(move |(n, l)| (i.module.as_str(), n.as_str(), l.as_str()))
            })
            .collect();
        assert!(modules.contains(&("config", "*", "config")), "{modules:?}");
        assert!(modules.contains(&("helpers", "*", "h")));
        assert!(modules.contains(&(".settings", "*", "settings")));
        assert!(modules.contains(&(".", "settings", "settings")));
        assert!(!modules.iter().any(|(m, _, _)| *m == "pkg.deep"));
        let strings = vec![("CMD".to_string(), "id".to_string())];
        let whole = found
            .iter()
            .find(|i| i.module == "config")
            .map(|i| i.bound(&strings));
        assert_eq!(
            whole,
            Some(vec![("config.CMD".to_string(), "id".to_string())])
        );
    }

    #[test]
    fn a_script_without_a_relative_specifier_has_no_local_imports() {
        let bundle = "const { exec } = require('child_process');\nimport { a } from 'pkg/x.js';\nconst p = '.' + '/y';\n";
        assert!(!may_name_relative_module(bundle));
        assert!(local_imports(bundle, Language::Javascript, "index.js").is_empty());
        let relative = "const { A } = require(\"../consts\");\n";
        assert!(may_name_relative_module(relative));
        assert_eq!(
            local_imports(relative, Language::Javascript, "index.js").len(),
            1
        );
    }

    #[test]
    fn javascript_imports_are_relative_destructured_requires_and_named_imports() {
        let text = "const { exec } = require('child_process');\nconst { FETCH, PIPE: p } = require('./consts');\nimport { A as b } from '../x.js';\nconst whole = require('./y');\nimport * as ns from './z';\nconst os = require('os');\n";
        let found = local_imports(text, Language::Javascript, "install.js");
        let modules: Vec<&str> = found.iter().map(|i| i.module.as_str()).collect();
        assert_eq!(modules, vec!["./consts", "../x.js", "./y", "./z"]);
        assert_eq!(found[0].names[1], ("PIPE".to_string(), "p".to_string()));
        assert_eq!(found[1].names, vec![("A".to_string(), "b".to_string())]);
        let whole = |local: &str| vec![(WHOLE_MODULE.to_string(), local.to_string())];
        assert_eq!(found[2].names, whole("whole"));
        assert_eq!(found[3].names, whole("ns"));
        let exported = vec![("CMD".to_string(), "x".to_string())];
        assert_eq!(
            found[2].bound(&exported),
            vec![("whole.CMD".to_string(), "x".to_string())]
        );
    }

    #[test]
    fn exported_strings_are_evaluated_in_both_languages() {
        let py = "MIRROR = 'http://203.0.113.5'\nCMD = 'curl ' + MIRROR + '/i.sh'\nN = 3\ndef f(): pass\n";
        let found = exported_strings(py, Language::Python, "config.py");
        assert!(found.contains(&(
            "CMD".to_string(),
            "curl http://203.0.113.5/i.sh".to_string()
        )));
        assert!(!found.iter().any(|(n, _)| n == "N" || n == "f"));
        let js = "const HOST = '203.0.113.' + 4;\nconst NOTE = 'hi';\nmodule.exports = { URL: 'http://' + HOST, NOTE };\nexports.X = ['a', 'b'].join('-');\nexport const Y = 'y';\nconst hidden = 'not exported';\n";
        let found = exported_strings(js, Language::Javascript, "consts.js");
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["NOTE", "URL", "X", "Y"]);
        assert!(found.contains(&("URL".to_string(), "http://203.0.113.4".to_string())));
        assert!(found.contains(&("X".to_string(), "a-b".to_string())));
    }

    #[test]
    fn decoders_exported_by_name_and_python_decoders_are_tables() {
        let whole = format!("{TABLE_OF_RESULTS}[\"abc\", \"def\"]");
        for js in [
            "const T = ['cba', 'fed'];\nexport function decode(i) { return T[i].split('').reverse().join(''); }\n",
            "const T = ['cba', 'fed'];\nfunction decode(i) { return T[i].split('').reverse().join(''); }\nmodule.exports = { decode };\n",
            "const T = ['cba', 'fed'];\nmodule.exports = { decode: (i) => T[i].split('').reverse().join('') };\n",
        ] {
            let found = exported_strings(js, Language::Javascript, "t.js");
            assert_eq!(found, vec![("decode".to_string(), whole.clone())], "{js:?}");
        }
        let py = "_T = ['cba', 'fed']\n\n\ndef d(i):\n    return _T[i][::-1]\n\n\ndef shout(s):\n    return s.upper()\n";
        let found = exported_strings(py, Language::Python, "pkg/tbl.py");
        assert!(
            found.contains(&(
                "d".to_string(),
                format!("{TABLE_OF_RESULTS}(\"abc\", \"def\")")
            )),
            "{found:?}"
        );
        assert!(!found.iter().any(|(n, _)| n == "shout"), "{found:?}");
        let importer = "from .tbl import d\nrun(d(1))\n";
        let imports = local_imports(importer, Language::Python, "pkg/__init__.py");
        let bound = imports[0].bound(&found);
        let text = with_constants(importer, Language::Python, &[(imports[0].end, bound)]);
        assert_eq!(
            text,
            "from .tbl import d; d = lambda i: (\"abc\", \"def\")[i]\nrun(d(1))\n"
        );
    }

    #[test]
    fn an_exported_decoder_of_a_string_table_is_bound_as_its_results() {
        let table = "const T = ['cba', 'fed'];\nmodule.exports = (i) => T[i].split('').reverse().join('');\nexports.up = function (s) { return s.toUpperCase(); };\n";
        let found = exported_strings(table, Language::Javascript, "lib/t.js");
        let whole = format!("{TABLE_OF_RESULTS}[\"abc\", \"def\"]");
        assert_eq!(found, vec![(String::new(), whole.clone())]);
        let importer = "const t = require('./lib/t');\nrun(t(1));\n";
        let imports = local_imports(importer, Language::Javascript, "index.js");
        let bound = imports[0].bound(&found);
        assert_eq!(bound, vec![("t".to_string(), whole.clone())]);
        let text = with_constants(importer, Language::Javascript, &[(imports[0].end, bound)]);
        assert_eq!(
            text,
            "const t = require('./lib/t');; var t = (i) => [\"abc\", \"def\"][i];\nrun(t(1));\n"
        );
        // A table under a member name is bound as the member (`t.dec = (i) => …`); a named import takes
        // it under its own name.
        let member = vec![("dec".to_string(), found[0].1.clone())];
        assert_eq!(
            imports[0].bound(&member),
            vec![("t.dec".to_string(), whole.clone())]
        );
        let text = with_constants(
            importer,
            Language::Javascript,
            &[(imports[0].end, imports[0].bound(&member))],
        );
        assert!(
            text.contains("; t.dec = (i) => [\"abc\", \"def\"][i];"),
            "{text}"
        );
        let named = local_imports(
            "const { dec } = require('./lib/t');\n",
            Language::Javascript,
            "i.js",
        );
        assert_eq!(named[0].bound(&member).len(), 1);
    }

    #[test]
    fn constants_are_bound_after_their_import_on_the_same_line() {
        let text = "from config import CMD\nos.system(CMD)\n";
        let end = local_imports(text, Language::Python, "setup.py")[0].end;
        let bound = with_constants(
            text,
            Language::Python,
            &[(end, vec![("CMD".to_string(), "a \"b\"\\\n".to_string())])],
        );
        assert_eq!(
            bound,
            "from config import CMD; CMD = \"a \\\"b\\\"\\\\\\n\"\nos.system(CMD)\n"
        );
        let js = "const { A } = require('./c');\nrun(A);\n";
        let end = local_imports(js, Language::Javascript, "i.js")[0].end;
        let bound = with_constants(
            js,
            Language::Javascript,
            &[(end, vec![("A".to_string(), "x".to_string())])],
        );
        assert_eq!(
            bound,
            "const { A } = require('./c');; A = \"x\";\nrun(A);\n"
        );
    }

    #[test]
    fn hostile_input_stays_bounded() {
        let deep = format!("x = {}1{}\n", "(".repeat(5_000), ")".repeat(5_000));
        let many: String = (0..2_000)
            .map(|i| format!("from m{i} import a{i}\n"))
            .collect();
        assert!(local_imports(&deep, Language::Python, "a.py").is_empty());
        assert_eq!(
            local_imports(&many, Language::Python, "a.py").len(),
            MAX_IMPORTS
        );
        let consts: String = (0..2_000).map(|i| format!("C{i} = 'v'\n")).collect();
        assert_eq!(
            exported_strings(&consts, Language::Python, "c.py").len(),
            MAX_CONSTANTS
        );
    }
}
