//! Whether a step holds any word of a constant list, with most absent words ruled out without a search.
//!
//! The intent reader asks of every step, some thirty times, whether it holds one of a list's words (the
//! gates before its patterns); one `contains` per word made those gates most of the reader's cost on
//! prose that asks for nothing. While a step is read, its lower-cased text is [`register`]ed with the set
//! of the byte pairs it holds (one pass); a word with a pair the step lacks cannot be in it, so only the
//! words whose every pair is there are searched for. [`any_in`] answers exactly as
//! `words.iter().any(|w| text.contains(w))` does: the pair set only ever rules out a word that is absent,
//! and a text that is not the registered step is searched word by word as before.

use skill_scan_rules::BytePairs as Pairs;
use std::cell::RefCell;

thread_local! {
    /// The steps being read on this thread (a step read with its defined names put back is read inside
    /// its own step): each text's address, length and pair set.
    static STEPS: RefCell<Vec<(usize, usize, Pairs)>> = const { RefCell::new(Vec::new()) };
}

/// A registered step; the registration ends when this is dropped.
pub(super) struct Registered {
    key: (usize, usize),
}

impl Drop for Registered {
    fn drop(&mut self) {
        STEPS.with(|steps| {
            if let Ok(mut steps) = steps.try_borrow_mut() {
                if let Some(at) = steps.iter().rposition(|s| (s.0, s.1) == self.key) {
                    steps.remove(at);
                }
            }
        });
    }
}

/// Registers `lower` (a step's lower-cased text) for [`any_in`] while the returned guard lives. The
/// text must outlive the guard unchanged: the guard is declared after the value that owns the text, so
/// it is dropped first.
pub(super) fn register(lower: &str) -> Registered {
    let key = (lower.as_ptr() as usize, lower.len());
    STEPS.with(|steps| {
        if let Ok(mut steps) = steps.try_borrow_mut() {
            steps.push((key.0, key.1, Pairs::of(lower.as_bytes())));
        }
    });
    Registered { key }
}

/// Whether `text` contains any of `words`.
pub(crate) fn any_in(text: &str, words: &[&str]) -> bool {
    let key = (text.as_ptr() as usize, text.len());
    let filtered = STEPS.with(|steps| {
        let steps = steps.try_borrow().ok()?;
        let (_, _, pairs) = steps.iter().rev().find(|s| (s.0, s.1) == key)?;
        Some(
            words
                .iter()
                .any(|w| pairs.may_hold(w.as_bytes()) && text.contains(w)),
        )
    });
    filtered.unwrap_or_else(|| words.iter().any(|w| text.contains(w)))
}

/// Whether `text` (not a registered step) contains any of `words`, reading its byte pairs first: cheaper
/// than a search per word when the list is long and the text short.
pub(super) fn any_in_once(text: &str, words: &[&str]) -> bool {
    let pairs = Pairs::of(text.as_bytes());
    words
        .iter()
        .any(|w| pairs.may_hold(w.as_bytes()) && text.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    static WORDS: &[&str] = &[
        "token",
        "key",
        "ssh",
        "mot de passe",
        "contrase",
        " 24 ",
        "@",
    ];

    #[test]
    fn the_pair_set_answers_as_contains_does() {
        for text in [
            "",
            "k",
            "no words here",
            "a token",
            "KEY in upper case is not lower case",
            "monkey",
            "keychain",
            "~/.ssh/id_rsa",
            "le mot de passe",
            "la contraseña",
            "twenty 24 words",
            "24 words",
            "tok\nen",
            "mail me@x",
            "tokne yek hss",
        ] {
            let owned = text.to_string();
            let expected = WORDS.iter().any(|w| owned.contains(w));
            let _registered = register(&owned);
            assert_eq!(any_in(&owned, WORDS), expected, "{text:?}");
            // A part of the registered text is not the registered text: searched as before.
            if owned.len() > 2 {
                let part = &owned[1..];
                assert_eq!(
                    any_in(part, WORDS),
                    WORDS.iter().any(|w| part.contains(w)),
                    "{part:?}"
                );
            }
        }
        assert!(STEPS.with(|s| s.borrow().is_empty()));
        for text in ["", "x = 1", "let it be", "a - b", "nothing here"] {
            assert_eq!(
                any_in_once(text, &["let ", "=", " - ", "stands for"]),
                ["let ", "=", " - ", "stands for"]
                    .iter()
                    .any(|w| text.contains(w))
            );
        }
    }
}
