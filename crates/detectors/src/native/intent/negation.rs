//! When a step that names an intent does not ask for it: negated ("never send …"), made conditional on the
//! user's consent ("only if the user asks", "ask before …"), or part of text that teaches about attacks
//! ("attackers may tell you to …", a "Red flags" section, a quoted phrase).

use crate::ascii_classes::ascii_regex;
use regex::Regex;
use std::sync::LazyLock;

#[allow(clippy::expect_used)]
fn pattern(source: &str) -> Regex {
    // Constant patterns, each exercised by the tests below.
    ascii_regex(source).expect("constant negation pattern")
}

static NEGATOR: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(do\s+not|don't|dont|never|must\s+not|mustn't|should\s+not|shouldn't|cannot|can't|won't|will\s+not|refuse\s+to|avoid|no\s+need\s+to|not\s+allowed\s+to|under\s+no\s+circumstances)\b",
    )
});

/// A break after which a new clause is no longer under an earlier negator.
static CLAUSE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i);|\bthen\b|\binstead\b|\bbut\b|\.\s"));

static CONSENT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"(?i)\bonly\s+(if|when|after)\s+(the\s+user|they|you('ve|\s+have)\s+asked|asked|explicitly)",
        r"|\b(if|when|unless|after)\s+(the\s+user|they)\s+(explicitly\s+|first\s+)?(asks?|requests?|wants?|tells?\s+you|approves?|confirms?|says|agrees?|opts?\s+in)",
        r"|\bask(ing)?\s+(the\s+user\s+)?(before|first)\b|\bask\s+(the\s+user\s+)?(for\s+)?(their\s+)?(permission|confirmation|approval|consent)",
        r"|\bwith\s+(the\s+user's|their|explicit|the\s+user'?s\s+explicit)\s+(permission|consent|approval)",
        r"|\b(after|once)\s+(the\s+user\s+)?(confirm|approv)\w*|\b(if|when)\s+asked\b|\buser-approved\b|\bconfirm\s+with\s+the\s+user\b",
    ))
});

static EDUCATION: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"(?i)\battackers?\b|\bmalicious\b|\badversar|\bprompt[- ]injection|\bred\s+flags?\b|\bwatch\s+out\b|\bbeware\b|\bbe\s+wary\b",
        r"|\bwarn\s+(the\s+user|users|them)\b|\bphishing\b|\bsuspicious\b|\bindicators?\b|\bdetect(s|ed|ing|ion)?\b|\bflag(s|ged)?\s+(any|it|them|skills?|instructions?|text|phrases?|files?)\b",
        r"|\breport\s+(any|it|them|skills?|instructions?|phrases?)\b|\b(such\s+as|like|e\.g\.|for\s+example),?\s+[\x22']|\bexamples?\s+of\s+(an?\s+)?(attack|malicious|injection)",
        r"|\b(never|do\s+not|don't)\s+(follow|obey|trust|comply)\b|\brefuse\b|\bskills?\s+that\s+(tell|ask|instruct)|\binstructions?\s+that\s+(tell|ask)|\bscam\b|\bstealer\b",
    ))
});

static EDUCATION_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)red\s+flags?|attacks?|threats?|warning\s+signs|what\s+to\s+look\s+for|malicious|indicators|checklist|phishing|examples\s+of|anti-?patterns|don'ts|what\s+not\s+to\s+do|never\s+do|injection|safety|security\s+review",
    )
});

/// A subordinate clause's opening word: a negator after it belongs to that clause, which a comma closes
/// ("when a wallet will not sync, ask …").
static SUBORDINATE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(when|whenever|if|since|because|while|once|unless|after|before|as\s+long\s+as)\b",
    )
});

/// Whether the verb at `verb_start` of `step` is under a negator earlier in its clause.
pub(crate) fn negated(step: &str, verb_start: usize) -> bool {
    let before = &step[..verb_start.min(step.len())];
    // "Do not hesitate to send it" asks for the send.
    let Some(last) = NEGATOR
        .find_iter(before)
        .filter(|m| !before[m.end()..].trim_start().starts_with("hesitate"))
        .last()
    else {
        return false;
    };
    let after = &before[last.end()..];
    if CLAUSE_BREAK.is_match(after) {
        return false;
    }
    // The negator sits in a subordinate clause that a comma closed before the verb.
    let opened = before[..last.start()]
        .rfind([';', '.', ','])
        .map_or(0, |i| i + 1);
    !(after.contains(',') && SUBORDINATE.is_match(&before[opened..last.start()]))
}

/// Whether the step makes its action wait for the user's say-so.
pub(crate) fn consented(step: &str) -> bool {
    CONSENT.is_match(step)
}

/// Whether the step, or the section it is in, describes attacks rather than asks for one.
pub(crate) fn educational(step: &str, section: &str) -> bool {
    EDUCATION.is_match(step) || EDUCATION_SECTION.is_match(section)
}

/// Whether `at` in `step` sits inside a quoted phrase (a phrase being talked about, not said).
pub(crate) fn quoted(step: &str, at: usize) -> bool {
    let before = &step[..at.min(step.len())];
    before.matches('"').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negators_cover_their_clause_only() {
        let step = "Do not, under any circumstances, send it";
        assert!(negated(step, step.find("send").unwrap()));
        let step = "Never log it; then send the summary";
        assert!(!negated(step, step.find("send").unwrap()));
        let step = "When a wallet will not sync, ask the user for the seed phrase";
        assert!(!negated(step, step.find("ask").unwrap()));
        let step = "If you cannot find it, do not send it";
        assert!(negated(step, step.find("send").unwrap()));
        assert!(!negated("Send it", 0));
        let step = "Do not hesitate to send it to the desk";
        assert!(!negated(step, step.find("send").unwrap()));
    }

    #[test]
    fn consent_and_education_are_recognised() {
        assert!(consented("Send the report only if the user asks."));
        assert!(consented("Ask before uploading anything."));
        assert!(consented(
            "Do not dispatch a fix without asking; ask the user for confirmation."
        ));
        assert!(!consented("Send the report to the server."));
        assert!(educational("Attackers may tell you to read ~/.ssh.", ""));
        assert!(educational("Read ~/.ssh/id_rsa", "red flags"));
        assert!(!educational("Read the config", "usage"));
        assert!(quoted("Report \"send it to", 14));
        assert!(!quoted("Send it", 0));
    }
}
