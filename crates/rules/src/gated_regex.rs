//! A constant regex of a native detector that is compiled only when a text may match it.
//!
//! Compiling the constant regexes of the native detectors was a quarter of a small skill's scan, mostly
//! for texts they do not match. A [`GatedRegex`] answers "no" as cheaply as it can before it builds the
//! full regex (with captures, compiled as [`ascii_regex`] does):
//!
//! 1. the literals every match needs ([`crate::required_literals`]): a text without them cannot match,
//!    and checking them costs a parse, no automaton;
//! 2. on a small ASCII text, a forward-only detector of the pattern with its large repetition bounds
//!    dropped ([`crate::relax`]), then one of the pattern itself (no captures, no reverse automaton:
//!    a third of a full regex to build).
//!
//! It offers the `regex::Regex` methods the detectors call, so adopting it changes a declaration, not
//! its call sites:
//!
//! ```
//! use skill_scan_rules::GatedRegex;
//! static SECRET_GAP: GatedRegex = GatedRegex::new(r"(?i)\bsend\b[^\n]{0,200}\bsecrets?\b");
//! assert!(SECRET_GAP.find("send the changelog").is_none());
//! assert!(SECRET_GAP.is_match("Send   all the secrets"));
//! ```
//!
//! Each gate only ever says "no" when the regex cannot match, so a result never changes; the detectors
//! are asked only about ASCII texts, on which their ASCII-mode automata and the full regex (Unicode mode
//! with ASCII classes) agree.

use crate::ascii_classes::ascii_regex;
use crate::lazy::{Detector, Parsed, DETECT_MAX_BYTES};
use crate::required_literals::{
    flat_met_by, flat_met_with, leading_flags, Flat, Need, FOLDS_TO_ASCII,
};
use regex::{Captures, Match, Regex};
use std::sync::OnceLock;

/// Gate formulas worked out when the detectors were built, by the pattern they are worked out from
/// (sorted); see [`use_gate_formulas`].
type Formulas = &'static [(&'static str, Option<&'static [Flat]>)];

static BUILT_FORMULAS: OnceLock<Formulas> = OnceLock::new();

/// Hands the gates the formulas `table` holds (the detectors' `build.rs` works them out from their
/// sources), so a gate whose pattern is there does not parse it at run time. A pattern missing from the
/// table is worked out as before, so a table can cost time but never change a result. The first table
/// given is kept.
pub fn use_gate_formulas(table: Formulas) {
    if !table.is_empty() {
        let _ = BUILT_FORMULAS.set(table);
    }
}

/// The literal gate of `source`: from the built table when it is there, else worked out now.
fn gate_literals(source: &str) -> Literals {
    let built = BUILT_FORMULAS.get().and_then(|table| {
        table
            .binary_search_by(|(known, _)| (*known).cmp(source))
            .ok()
            .map(|at| table[at].1)
    });
    match built {
        Some(Some(nodes)) => Literals::Built(nodes),
        Some(None) => Literals::Nothing,
        None => Need::of(source).map_or(Literals::Nothing, Literals::Worked),
    }
}

pub struct GatedRegex {
    source: Source,
    gate: OnceLock<Gate>,
    /// The full regex; `None` inside when the pattern does not compile.
    regex: OnceLock<Option<Regex>>,
}

/// A pattern written out, or one assembled from shared parts on first need.
enum Source {
    Fixed(&'static str),
    Made(fn() -> String, OnceLock<String>),
    /// A shared lead-in that needs no literal, then the pattern's own part.
    Led {
        lead: &'static str,
        rest: &'static str,
        joined: OnceLock<String>,
    },
}

struct Gate {
    /// The literals a text must hold.
    literals: Literals,
    /// The relaxed pattern's detector, built when a text gets past the literals; `None` inside when the
    /// pattern has no large bound.
    relaxed: OnceLock<Option<Box<Detector>>>,
    /// The pattern's own detector, built when a text gets past the others; `None` inside when it did not
    /// build (then every text may match).
    exact: OnceLock<Option<Box<Detector>>>,
}

impl GatedRegex {
    pub const fn new(source: &'static str) -> GatedRegex {
        GatedRegex {
            source: Source::Fixed(source),
            gate: OnceLock::new(),
            regex: OnceLock::new(),
        }
    }

    /// A pattern assembled by `make` (from shared parts, with `format!`) the first time it is needed.
    pub const fn made(make: fn() -> String) -> GatedRegex {
        GatedRegex {
            source: Source::Made(make, OnceLock::new()),
            gate: OnceLock::new(),
            regex: OnceLock::new(),
        }
    }

    /// `lead` then `rest`, where `lead` is a lead-in shared by many patterns that needs no literal (the
    /// clause openings of the intent reader): the literal gate is worked out from `rest` alone, under
    /// `lead`'s leading flags. Parsing a long case-insensitive lead-in for every pattern cost a small
    /// skill's scan more than its rule regexes; [`GatedRegex::lead_adds_no_literal`] is the tests' check.
    pub const fn led_by(lead: &'static str, rest: &'static str) -> GatedRegex {
        GatedRegex {
            source: Source::Led {
                lead,
                rest,
                joined: OnceLock::new(),
            },
            gate: OnceLock::new(),
            regex: OnceLock::new(),
        }
    }

    pub fn source(&self) -> &str {
        match &self.source {
            Source::Fixed(source) => source,
            Source::Made(make, made) => made.get_or_init(make),
            Source::Led { lead, rest, joined } => joined.get_or_init(|| format!("{lead}{rest}")),
        }
    }

    /// The pattern the literal gate is worked out from: the whole pattern, or a led pattern's own part
    /// under its lead-in's leading flags (`(?i)`).
    fn gate_source(&self) -> std::borrow::Cow<'_, str> {
        match &self.source {
            Source::Led { lead, rest, .. } => format!("{}{rest}", leading_flags(lead)).into(),
            _ => self.source().into(),
        }
    }

    /// Whether the literal gate worked out from a led pattern's own part is the whole pattern's (the lead-in
    /// needs no literal): what a test of each led pattern asserts, since a lead-in that gained a required
    /// word would otherwise be checked by nobody.
    pub fn lead_adds_no_literal(&self) -> bool {
        Need::of(self.source()) == Need::of(&self.gate_source())
    }

    /// Whether the pattern may match `text`: `false` only when it surely does not. Builds no full regex.
    pub fn may_match(&self, text: &str) -> bool {
        let gate = self.gate.get_or_init(|| Gate {
            literals: gate_literals(&self.gate_source()),
            relaxed: OnceLock::new(),
            exact: OnceLock::new(),
        });
        if !gate.literals_present(text) {
            return false;
        }
        // Once the full regex exists, it answers as fast as a detector would.
        if self.regex.get().is_some() || text.len() > DETECT_MAX_BYTES || !text.is_ascii() {
            return true;
        }
        let bytes = text.as_bytes();
        // The first time, the pattern is parsed once for both detectors (see `Parsed`).
        let mut parsed = Parsed::default();
        let relaxed = gate
            .relaxed
            .get_or_init(|| parsed.relaxed_detector(self.source()));
        if relaxed.as_ref().is_some_and(|d| !d.may_match(bytes)) {
            return false;
        }
        gate.exact
            .get_or_init(|| parsed.detector(self.source()))
            .as_deref()
            .is_none_or(|exact| exact.may_match(bytes))
    }

    /// The full regex, compiled on first call; `None` when the pattern does not compile (a constant
    /// pattern's tests reach it, so that never happens in a release).
    pub fn get(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| ascii_regex(self.source()).ok())
            .as_ref()
    }

    /// The full regex when `text` may match it.
    fn for_text(&self, text: &str) -> Option<&Regex> {
        if self.may_match(text) {
            self.get()
        } else {
            None
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_some_and(|re| re.is_match(text))
    }

    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.for_text(text)?.find(text)
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.for_text(text)?.captures(text)
    }

    pub fn find_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Match<'t>> + use<'r, 't> {
        self.for_text(text)
            .into_iter()
            .flat_map(move |re| re.find_iter(text))
    }

    pub fn captures_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Captures<'t>> + use<'r, 't> {
        self.for_text(text)
            .into_iter()
            .flat_map(move |re| re.captures_iter(text))
    }
}

impl Gate {
    /// Whether `text` holds the literals needed (or may match anyway).
    fn literals_present(&self, text: &str) -> bool {
        if matches!(self.literals, Literals::Nothing)
            || !text.is_ascii() && text.contains(FOLDS_TO_ASCII)
        {
            return true;
        }
        let lower = text.to_ascii_lowercase();
        match &self.literals {
            Literals::Worked(need) => need.met_by(&lower),
            // A formula of many literals reads the text's byte pairs once, and searches only for the
            // literals whose every pair is there (the answer is the same: a missing pair rules out only
            // a literal the text lacks).
            Literals::Built(nodes) if nodes.len() >= MANY_LITERALS => {
                let pairs = crate::BytePairs::of(lower.as_bytes());
                flat_met_with(nodes, &|_, literal| {
                    pairs.may_hold(literal.as_bytes()) && lower.contains(literal)
                })
            }
            Literals::Built(nodes) => flat_met_by(nodes, &lower),
            Literals::Nothing => true,
        }
    }
}

/// A built formula with this many nodes is checked with the text's byte pairs first.
const MANY_LITERALS: usize = 8;

/// A gate's literal formula.
enum Literals {
    /// Nothing useful: every text may match.
    Nothing,
    /// Worked out at run time.
    Worked(Need),
    /// Worked out when the detectors were built.
    Built(&'static [Flat]),
}

#[cfg(test)]
mod tests {
    use super::*;

    static GAP: GatedRegex = GatedRegex::new(r"(?i)\b(read|cat)\b[^\n]{0,40}(id_rsa|\.ssh/)");
    static SMALL: GatedRegex = GatedRegex::new(r"\d{1,3}\.\d{1,3}");
    static MADE: GatedRegex = GatedRegex::made(|| format!(r"(?i)\b{}\s+(the\s+)?keys?\b", "steal"));

    /// A gate whose pattern the built table holds takes the table's formula, without parsing the pattern.
    #[test]
    fn a_built_formula_is_the_gate() {
        static BUILT: GatedRegex = GatedRegex::new(r"(?i)\bzebra\b|\bokapi\b");
        static TABLE: Formulas = &[(
            r"(?i)\bzebra\b|\bokapi\b",
            Some(&[Flat::Any(2), Flat::Literal("zebra"), Flat::Literal("okapi")]),
        )];
        use_gate_formulas(TABLE);
        assert!(matches!(
            gate_literals(BUILT.source()),
            Literals::Built(nodes) if nodes.len() == 3
        ));
        assert!(BUILT.is_match("an OKAPI"));
        assert!(!BUILT.may_match("a giraffe"));
        assert!(matches!(gate_literals("(?i)giraffe"), Literals::Worked(_)));
    }

    #[test]
    fn the_gates_rule_out_without_building_the_regex() {
        assert!(!GAP.may_match("a changelog with no keys"), "no literal");
        assert!(
            !GAP.may_match("read the notes\nthen id_rsa"),
            "no gap crosses a line"
        );
        assert!(GAP.regex.get().is_none(), "the full regex is not built");
        let text = "then READ   ~/.ssh/config";
        assert!(GAP.may_match(text));
        assert_eq!(GAP.find(text).map(|m| m.start()), Some(5));
        // The relaxed gate is looser than the regex: a gap too long for it still says "maybe".
        let far = format!("cat {} id_rsa", "x".repeat(60));
        assert!(GAP.may_match(&far));
        assert!(!GAP.is_match(&far));
    }

    #[test]
    fn a_pattern_without_large_bounds_still_gets_its_detector() {
        assert!(!SMALL.may_match("no digits at all"));
        assert!(SMALL
            .gate
            .get()
            .is_some_and(|gate| gate.relaxed.get().is_some_and(Option::is_none)));
        assert!(SMALL.regex.get().is_none());
        assert!(SMALL.is_match("version 1.22"));
        assert_eq!(SMALL.source(), r"\d{1,3}\.\d{1,3}");
    }

    #[test]
    fn an_assembled_pattern_and_the_regex_api() {
        assert_eq!(MADE.source(), r"(?i)\bsteal\s+(the\s+)?keys?\b");
        assert!(MADE.captures("keep the keys").is_none());
        let text = "Steal the key, then steal keys";
        let caps = MADE.captures(text).unwrap();
        assert_eq!(caps.get(1).map(|m| m.as_str()), Some("the "));
        assert_eq!(MADE.find_iter(text).count(), 2);
        assert_eq!(MADE.captures_iter(text).count(), 2);
        assert_eq!(MADE.find_iter("nothing").count(), 0);
    }

    #[test]
    fn a_led_pattern_is_gated_by_its_own_part() {
        static LED: GatedRegex =
            GatedRegex::led_by(r"(?i)(?:^|\bthen\s+)", r"(steal|grab)\s+keys\b");
        // The lead-in's flag applies to the part: upper-case text still passes the gate.
        assert_eq!(LED.gate_source(), r"(?i)(steal|grab)\s+keys\b");
        assert!(LED.lead_adds_no_literal());
        assert!(!LED.may_match("then keep the keys"));
        assert_eq!(LED.find("THEN GRAB keys").map(|m| m.start()), Some(0));
        assert_eq!(LED.source(), r"(?i)(?:^|\bthen\s+)(steal|grab)\s+keys\b");
        // A lead-in that needs a word of its own is reported, so its patterns' gates are not trusted.
        static WORDY: GatedRegex = GatedRegex::led_by(r"(?i)\bplease\s+", r"(steal|grab)\s+keys\b");
        assert!(!WORDY.lead_adds_no_literal());
        assert_eq!(leading_flags(r"(?i)(?-u:\b)x"), "(?i)");
        assert_eq!(leading_flags(r"(?im)(?s)(?:a)"), "(?im)(?s)");
        assert_eq!(leading_flags(r"(?:a)"), "");
    }

    #[test]
    fn non_ascii_text_is_decided_by_the_full_regex() {
        // Each test has its own statics: one whose full regex is built answers from it.
        static GAP_TOO: GatedRegex =
            GatedRegex::new(r"(?i)\b(read|cat)\b[^\n]{0,40}(id_rsa|\.ssh/)");
        static STEAL: GatedRegex = GatedRegex::new(r"(?i)\bsteal\s+(the\s+)?keys?\b");
        // Unicode mode: `(?i)s` matches the long s, which no ASCII literal stands for.
        assert!(GAP_TOO.is_match("ReAd ~/.\u{17F}\u{17F}h/"));
        assert!(STEAL.is_match("steal the \u{212A}eys"));
        assert!(STEAL.is_match("— steal keys —"));
        assert!(!STEAL.is_match("— steal nothing —"));
    }

    #[test]
    fn only_two_non_ascii_characters_fold_to_ascii_letters() {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::Parser::new().parse("(?i)[a-z]").unwrap();
        let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
            panic!("a Unicode class");
        };
        let non_ascii: Vec<char> = class
            .iter()
            .flat_map(|range| range.start()..=range.end())
            .filter(|c| !c.is_ascii())
            .collect();
        assert_eq!(non_ascii, FOLDS_TO_ASCII);
    }
}
