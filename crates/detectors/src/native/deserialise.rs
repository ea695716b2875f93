//! Deserialisers that run code, fed with fetched or decoded data: `pickle`/`dill`/`cloudpickle`/`marshal`
//! `loads`, `jsonpickle.decode`, `yaml.load` without a safe loader (Python), and `node-serialize`'s or
//! `funcster`'s `unserialize` (JavaScript). Unpickling bytes from the network or from a base64 blob is
//! `exec` by another name; unpickling the package's own cache file is not, and stays quiet.
//!
//! The argument is judged as written, or through the assignment of a variable it names (two hops within
//! the segment), or through `with urlopen(…) as name:`.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use std::sync::LazyLock;

/// Characters read for one call's arguments.
const MAX_ARGUMENT_CHARS: usize = 2000;
/// Variable assignments followed back from an argument.
const MAX_HOPS: usize = 2;

pub(crate) static PYTHON: FileDetector = FileDetector {
    literals: &["pickle", "dill", "marshal", "yaml", "jsonpickle", "shelve"],
    run: |s, t, k| report(s, t, k, Language::Python),
};
pub(crate) static JAVASCRIPT: FileDetector = FileDetector {
    literals: &["unserialize", "deepDeserialize", "_$$ND_FUNC$$_"],
    run: |s, t, k| report(s, t, k, Language::Javascript),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Language {
    Python,
    Javascript,
}

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static PY_SINK: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\b(pickle|cPickle|_pickle|dill|cloudpickle|marshal|jsonpickle|yaml|[A-Za-z_]\w*)\s*\.\s*(loads|load|decode|unsafe_load|Unpickler)\s*\(")
        .expect("python sink pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static PY_ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\bimport\s+(pickle|cPickle|_pickle|dill|cloudpickle|marshal|jsonpickle|yaml)\s+as\s+(\w+)")
        .expect("python alias pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static JS_SINK: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\b(unserialize|deepDeserialize)\s*\(").expect("js sink pattern")
});
/// Data from the network or from a decoder.
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static PY_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\burlopen\b|\burllib\.request\b|\brequests\.(?:get|post|request|Session)\b|\bhttpx\.|\baiohttp\b|\.recv\(|\bb(?:64|32|85|16)decode\b|\ba85decode\b|\bdecodebytes\b|\bdecompress\(|\bfromhex\(|\bunhexlify\(|\bcodecs\.decode\(|\burlretrieve\b")
        .expect("python source pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static JS_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"\bfetch\(|\baxios\b|\bhttps?\.(?:get|request)\(|\bgot\(|\.text\(\)|\batob\(|['"]base64['"]|['"]hex['"]|_\$\$ND_FUNC\$\$_"#)
        .expect("js source pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static SAFE_YAML_LOADER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"Loader\s*=\s*(?:yaml\.)?(?:C?SafeLoader|BaseLoader)\b|\bSafeLoader\b")
        .expect("safe yaml loader pattern")
});

const PY_MODULES: &[&str] = &[
    "pickle",
    "cPickle",
    "_pickle",
    "dill",
    "cloudpickle",
    "marshal",
    "jsonpickle",
    "yaml",
];

fn report(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool, language: Language) {
    let body = segment.text(text);
    let aliases: Vec<(String, String)> = if language == Language::Python {
        PY_ALIAS
            .captures_iter(body)
            .take(64)
            .filter_map(|c| {
                Some((
                    c.get(2)?.as_str().to_string(),
                    c.get(1)?.as_str().to_string(),
                ))
            })
            .collect()
    } else {
        Vec::new()
    };
    let sinks = match language {
        Language::Python => &*PY_SINK,
        Language::Javascript => &*JS_SINK,
    };
    for c in sinks.captures_iter(body).take(1024) {
        let Some(whole) = c.get(0) else { continue };
        let argument = arguments(body, whole.end());
        if language == Language::Python {
            let (Some(object), Some(method)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let module = aliases
                .iter()
                .find(|(alias, _)| alias == object.as_str())
                .map_or(object.as_str(), |(_, module)| module.as_str());
            let runs_code = match (module, method.as_str()) {
                ("yaml", "load") => !SAFE_YAML_LOADER.is_match(argument),
                ("yaml", "unsafe_load") => true,
                ("jsonpickle", "decode") => true,
                ("marshal", "loads") => true,
                ("jsonpickle" | "yaml" | "marshal", _) => false,
                (m, "loads" | "load" | "Unpickler") => PY_MODULES.contains(&m),
                _ => false,
            };
            if !runs_code {
                continue;
            }
        }
        let source = match language {
            Language::Python => &*PY_SOURCE,
            Language::Javascript => &*JS_SOURCE,
        };
        let Some(origin) = fed_from(body, whole.start(), argument, source) else {
            continue;
        };
        let hit = Hit {
            start: segment.start + whole.start(),
            end: segment.start + whole.end() + argument.len(),
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "`{}` runs code chosen by whoever produced its input, and the input is {origin}",
                    whole.as_str().trim_end_matches('(').trim()
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// The text between the `(` ending at `open` and its closing parenthesis (bounded).
fn arguments(body: &str, open: usize) -> &str {
    let mut depth = 1usize;
    for (i, c) in body[open..].char_indices() {
        if i > MAX_ARGUMENT_CHARS {
            return &body[open..open + i];
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return &body[open..open + i];
                }
            }
            _ => {}
        }
    }
    &body[open..]
}

/// How the argument got its data, if from the network or a decoder: as written, through up to
/// [`MAX_HOPS`] assignments of the name it is, or a `with … as name:` binding.
fn fed_from(body: &str, call: usize, argument: &str, source: &Regex) -> Option<&'static str> {
    if source.is_match(argument) {
        return Some("fetched or decoded data, right there in the call");
    }
    let mut name = argument.trim().to_string();
    for _ in 0..MAX_HOPS {
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        if !plain {
            return None;
        }
        // `r.content` was bound where `r` was.
        let base = name.split('.').next().unwrap_or_default();
        let before = &body[..call];
        let assigned = last_binding(before, base)?;
        if source.is_match(assigned) {
            return Some("fetched or decoded data, through a variable");
        }
        name = assigned.trim().trim_end_matches(':').trim().to_string();
    }
    None
}

/// The value last bound to `name` before the call: `name = value` (not `==`), or the line of a
/// `… as name` binding.
fn last_binding<'b>(before: &'b str, name: &str) -> Option<&'b str> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    for (at, _) in before.rmatch_indices(name).take(256) {
        if before[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let after = &before[at + name.len()..];
        if after.starts_with(is_ident) {
            continue;
        }
        let rest = after.trim_start_matches([' ', '\t']);
        if let Some(value) = rest.strip_prefix('=').filter(|v| !v.starts_with('=')) {
            let end = value.find(['\n', ';']).unwrap_or(value.len());
            return Some(&value[..end]);
        }
        let line_start = before[..at].rfind('\n').map_or(0, |i| i + 1);
        if before[line_start..at].trim_end().ends_with(" as") {
            return Some(&before[line_start..at]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;

    fn hits(text: &str, language: skill_scan_model::Language, path: &str) -> Vec<String> {
        let which = if language == skill_scan_model::Language::Python {
            Language::Python
        } else {
            Language::Javascript
        };
        let mut out = Vec::new();
        for segment in segment_file(text, language, path) {
            report(
                &segment,
                text,
                &mut |hit| {
                    out.push(text[hit.start..hit.end].to_string());
                    true
                },
                which,
            );
        }
        out
    }

    fn python(text: &str) -> Vec<String> {
        hits(text, skill_scan_model::Language::Python, "pkg/x.py")
    }

    #[test]
    fn pickle_yaml_and_marshal_of_fetched_or_decoded_data_fire() {
        assert_eq!(
            python("import pickle, base64\nobj = pickle.loads(base64.b64decode(BLOB))\n").len(),
            1
        );
        assert_eq!(
            python("import dill as d\nr = requests.get(URL)\ndata = r.content\nd.loads(data)\n")
                .len(),
            1
        );
        assert_eq!(
            python("import yaml\ncfg = yaml.load(requests.get(URL).text)\n").len(),
            1
        );
        assert_eq!(
            python("with urllib.request.urlopen(u) as resp:\n    state = pickle.load(resp)\n")
                .len(),
            1
        );
        assert_eq!(
            python("code = marshal.loads(zlib.decompress(blob))\n").len(),
            1
        );
    }

    #[test]
    fn local_caches_and_safe_loaders_stay_quiet() {
        let quiet = "import pickle, yaml\nwith open(cache_path, 'rb') as f:\n    data = pickle.load(f)\nobj = pickle.loads(local_bytes)\ncfg = yaml.load(requests.get(URL).text, Loader=yaml.SafeLoader)\ncfg2 = yaml.safe_load(requests.get(URL).text)\njson.loads(requests.get(URL).text)\n";
        assert!(python(quiet).is_empty(), "{:?}", python(quiet));
    }

    #[test]
    fn node_serialize_of_fetched_data_or_a_function_payload_fires() {
        let js = "const s = require('node-serialize');\nconst body = await (await fetch(URL)).text();\ns.unserialize(body);\n";
        assert_eq!(
            hits(js, skill_scan_model::Language::Javascript, "lib/x.js").len(),
            1
        );
        let gadget = "serialize.unserialize('{\"x\":\"_$$ND_FUNC$$_function(){require(\\'child_process\\').exec(\\'id\\')}()\"}');\n";
        assert_eq!(
            hits(gadget, skill_scan_model::Language::Javascript, "lib/x.js").len(),
            1
        );
        let quiet = "const s = require('node-serialize');\nconst state = s.unserialize(fs.readFileSync(statePath, 'utf8'));\n";
        assert!(hits(quiet, skill_scan_model::Language::Javascript, "lib/x.js").is_empty());
    }

    #[test]
    fn long_or_unbalanced_arguments_are_bounded() {
        let long = format!("pickle.loads({}", "(".repeat(100_000));
        assert!(python(&long).is_empty());
    }
}
