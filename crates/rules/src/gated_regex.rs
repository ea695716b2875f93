//! A constant regex of a native detector that is compiled only when a text may match it.
//!
//! Compiling the constant regexes of the native detectors was a quarter of a small skill's scan, mostly
//! for texts they do not match. A [`GatedRegex`] first asks a detector of the pattern with its large
//! repetition bounds dropped ([`crate::relax`]), which is far cheaper to build and matches whatever the
//! pattern matches; the full regex (with captures, compiled as [`ascii_regex`] does) is built only when
//! that detector says "maybe". Use it in a `static`, and ask [`GatedRegex::may_match`] before
//! [`GatedRegex::get`]:
//!
//! ```
//! use skill_scan_rules::GatedRegex;
//! static SECRET_GAP: GatedRegex = GatedRegex::new(r"(?i)\bsend\b[^\n]{0,200}\bsecrets?\b");
//! let text = "send the changelog";
//! let found = SECRET_GAP.may_match(text) && SECRET_GAP.get().is_some_and(|re| re.is_match(text));
//! assert!(!found);
//! ```

use crate::ascii_classes::ascii_regex;
use crate::lazy::{detector, Detector};
use crate::relax::relaxed;
use std::sync::OnceLock;

pub struct GatedRegex {
    source: &'static str,
    /// The relaxed pattern's detector; `None` inside when the pattern has no large bound (or it failed to
    /// build): then every text may match.
    gate: OnceLock<Option<Box<Detector>>>,
    /// The full regex; `None` inside when the pattern does not compile.
    regex: OnceLock<Option<regex::Regex>>,
}

impl GatedRegex {
    pub const fn new(source: &'static str) -> GatedRegex {
        GatedRegex {
            source,
            gate: OnceLock::new(),
            regex: OnceLock::new(),
        }
    }

    /// Whether the pattern may match `text`: `false` only when it surely does not. Builds only the gate.
    pub fn may_match(&self, text: &str) -> bool {
        self.gate
            .get_or_init(|| relaxed(self.source).and_then(|source| detector(&source)))
            .as_deref()
            .is_none_or(|gate| gate.may_match(text.as_bytes()))
    }

    /// The full regex, compiled on first call; `None` when the pattern does not compile (a constant
    /// pattern's tests call this, so that never happens in a release).
    pub fn get(&self) -> Option<&regex::Regex> {
        self.regex
            .get_or_init(|| ascii_regex(self.source).ok())
            .as_ref()
    }

    pub fn source(&self) -> &'static str {
        self.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static GAP: GatedRegex = GatedRegex::new(r"(?i)\b(read|cat)\b[^\n]{0,40}(id_rsa|\.ssh/)");
    static SMALL: GatedRegex = GatedRegex::new(r"\d{1,3}\.\d{1,3}");

    #[test]
    fn the_gate_rules_out_without_building_the_regex() {
        assert!(!GAP.may_match("a changelog with no keys"));
        assert!(GAP.regex.get().is_none(), "the full regex is not built");
        let text = "then READ   ~/.ssh/config";
        assert!(GAP.may_match(text));
        assert!(GAP.get().unwrap().is_match(text));
        // The gate is looser than the regex: a gap too long for it still says "maybe".
        let far = format!("cat {} id_rsa", "x".repeat(60));
        assert!(GAP.may_match(&far));
        assert!(!GAP.get().unwrap().is_match(&far));
    }

    #[test]
    fn a_pattern_without_large_bounds_has_no_gate_and_always_may_match() {
        assert!(SMALL.may_match("no digits at all"));
        assert!(SMALL.gate.get().is_some_and(Option::is_none));
        assert!(SMALL.get().unwrap().is_match("version 1.22"));
        assert_eq!(SMALL.source(), r"\d{1,3}\.\d{1,3}");
    }
}
