//! Which byte pairs a text holds, to rule out words it cannot contain without searching for them.

/// Bits of the pair set: pairs share a bit when their hashes collide, which only lets a word through to
/// its search.
const PAIR_BITS: usize = 4096;

/// The set of byte pairs of one text: a word with a pair the text lacks is not in it, so a search for it
/// can be skipped (pairs share a bit when their hashes collide, which only lets a word through to its
/// search).
pub struct BytePairs([u64; PAIR_BITS / 64]);

impl BytePairs {
    pub fn of(text: &[u8]) -> BytePairs {
        let mut pairs = BytePairs([0; PAIR_BITS / 64]);
        for pair in text.windows(2) {
            let bit = slot(pair[0], pair[1]);
            pairs.0[bit / 64] |= 1 << (bit % 64);
        }
        pairs
    }

    /// Whether every pair of `word` is in the set (a word of one byte always may be).
    pub fn may_hold(&self, word: &[u8]) -> bool {
        word.windows(2).all(|pair| {
            let bit = slot(pair[0], pair[1]);
            self.0[bit / 64] & (1 << (bit % 64)) != 0
        })
    }
}

fn slot(a: u8, b: u8) -> usize {
    ((usize::from(a) << 5) ^ usize::from(b) ^ (usize::from(b) << 9)) % PAIR_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_absent_rules_a_word_out() {
        let pairs = BytePairs::of(b"the value table");
        assert!(pairs.may_hold(b"value"));
        assert!(pairs.may_hold(b"v"));
        assert!(pairs.may_hold(b""));
        let absent = ["token", "ssh", "secret", "password", "credential"];
        assert!(
            absent
                .iter()
                .filter(|w| pairs.may_hold(w.as_bytes()))
                .count()
                <= 1
        );
    }
}
