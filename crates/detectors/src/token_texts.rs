//! Every text of up to a few tokens over a small alphabet: how the tests check a hand-written reader
//! against the pattern it replaces, on each branch of the pattern and each way out of it.

/// Calls `check` with every concatenation of 1 to `max_tokens` tokens of `tokens`.
pub(crate) fn each_token_text(tokens: &[&str], max_tokens: usize, check: impl FnMut(&str)) {
    each_token_text_after(&[""], tokens, max_tokens, check);
}

/// Calls `check` with each of `starts` followed by every concatenation of 1 to `max_tokens` tokens.
pub(crate) fn each_token_text_after(
    starts: &[&str],
    tokens: &[&str],
    max_tokens: usize,
    mut check: impl FnMut(&str),
) {
    let mut texts: Vec<String> = starts.iter().map(|s| s.to_string()).collect();
    for _ in 0..max_tokens {
        let longer: Vec<String> = texts
            .iter()
            .flat_map(|text| tokens.iter().map(move |token| format!("{text}{token}")))
            .collect();
        longer.iter().for_each(|text| check(text));
        texts = longer;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_up_to_the_length_once() {
        let mut seen = Vec::new();
        each_token_text(&["a", "b"], 2, |text| seen.push(text.to_string()));
        assert_eq!(seen, ["a", "b", "aa", "ab", "ba", "bb"]);
        seen.clear();
        each_token_text_after(&["x", "y"], &["a"], 1, |text| seen.push(text.to_string()));
        assert_eq!(seen, ["xa", "ya"]);
    }
}
