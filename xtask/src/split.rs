//! The train / held-out split of every external data set (malicious packages, benign packages, skills).
//!
//! A name is in the training set when the sha256 of its lower-cased form starts with a hex digit `0`–`b`;
//! names starting `c`–`f` (a quarter) are held out: never materialised, listed, printed or read, so a
//! later evaluation on them measures what the scanner learnt rather than what it memorised. Every source
//! applies [`is_training`] to raw listings before anything is stored or shown.

use sha2::{Digest, Sha256};

/// True when `name` belongs to the training set.
pub fn is_training(name: &str) -> bool {
    let digest = Sha256::digest(name.to_lowercase().as_bytes());
    // The first hex digit is the high nibble of the first byte: 0x0–0xb train, 0xc–0xf held out.
    digest[0] >> 4 <= 0xb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_first_hex_digit_of_the_lowercased_sha256() {
        // sha256("a") = ca97…, sha256("b") = 3e23…, sha256("abc") = ba78…, sha256("hello") = 2cf2…
        assert!(!is_training("a"));
        assert!(!is_training("A"), "case is folded first");
        assert!(is_training("b"));
        assert!(is_training("ABC"));
        assert!(is_training("hello"));
        // sha256("foo") = 2c26…, sha256("bar") = fcde…
        assert!(is_training("foo"));
        assert!(!is_training("Bar"));
    }

    #[test]
    fn holds_out_about_a_quarter() {
        let held = (0..4000)
            .filter(|i| !is_training(&format!("name-{i}")))
            .count();
        assert!((800..1200).contains(&held), "{held}");
    }
}
