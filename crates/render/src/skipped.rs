//! Words shared by the formats: what kind of skip a skipped file's reason names (so thousands of `.pyc`
//! files read as one line), and counts with the noun in the right number ("1 finding", "2 findings").

/// The kind of a skip reason: its text up to the first `:` or `;` (`binary file (compiled Python)`,
/// `too large`, `unreadable`), which leaves out the per-file detail (sizes, error text, link targets).
pub(crate) fn skip_kind(reason: &str) -> &str {
    reason
        .split([':', ';'])
        .next()
        .map(str::trim)
        .filter(|kind| !kind.is_empty())
        .unwrap_or(reason)
}

/// `n` and the noun, plural unless `n` is 1 (`noun` is a regular English noun).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_group_by_their_kind() {
        assert_eq!(
            skip_kind("binary file (compiled Python); not scanned as text"),
            "binary file (compiled Python)"
        );
        assert_eq!(
            skip_kind("too large: 9000000 bytes, over the 8388608-byte limit"),
            "too large"
        );
        assert_eq!(skip_kind("unknown file type"), "unknown file type");
        assert_eq!(skip_kind(": odd"), ": odd");
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(0, "finding"), "0 findings");
        assert_eq!(count(1, "finding"), "1 finding");
        assert_eq!(count(2, "file"), "2 files");
    }
}
