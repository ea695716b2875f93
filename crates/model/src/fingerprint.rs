//! `partialFingerprints.primaryLocationLineHash`, computed the way GitHub's `upload-sarif` computes it, so an
//! alert dismissed in code scanning stays dismissed when unrelated lines above it move.
//!
//! The scheme (from the description of `codeql-action`'s fingerprinting, reimplemented here):
//! - the file is read as UTF-8 (invalid bytes become U+FFFD) and walked in UTF-16 code units;
//! - spaces and tabs are dropped, `\r\n` and a lone `\r` both become `\n`;
//! - a sentinel unit `0xFFFF` marks the end of the file, followed by as many zero units as needed;
//! - each line's hash is a polynomial hash (base 37, wrapping 64-bit arithmetic) of the 100 kept units that
//!   start at the line's first kept unit, so it also covers the beginning of the lines that follow;
//! - the fingerprint is the hash in lower-case hex, a colon, and how many lines so far (this one included)
//!   had the same hash, so identical lines stay distinguishable.
//!
//! The scan computes them while a file's bytes are in memory ([`line_hashes_at`], only for the lines that
//! have findings) and stores them in the report ([`LineHashes`]), so no output format reads a file again:
//! archive and registry targets, which never touch the disk, get fingerprints too.

use std::collections::{BTreeMap, BTreeSet, HashMap};

const WINDOW: usize = 100;
const BASE: u64 = 37;
const END_OF_FILE: u16 = 0xFFFF;
/// `BASE^WINDOW`: the weight of the unit that leaves the window as the next one enters.
const LEAVING_WEIGHT: u64 = {
    let mut weight = 1u64;
    let mut i = 0;
    while i < WINDOW {
        weight = weight.wrapping_mul(BASE);
        i += 1;
    }
    weight
};
const LF: u16 = b'\n' as u16;
const CR: u16 = b'\r' as u16;
const SPACE: u16 = b' ' as u16;
const TAB: u16 = b'\t' as u16;

/// The line fingerprints a report needs: for each path, the hash of each line a finding starts on (and of
/// line 1, where package-level findings about a file point). Not part of the JSON contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineHashes {
    by_path: BTreeMap<String, BTreeMap<usize, String>>,
}

impl LineHashes {
    /// The hashes of `lines` of `path`, whose text is `text` (lines past its end are left out).
    pub fn add(&mut self, path: &str, text: &str, lines: impl IntoIterator<Item = usize>) {
        let wanted: BTreeSet<usize> = lines.into_iter().map(|line| line.max(1)).collect();
        let hashes = line_hashes_at(text, &wanted);
        self.by_path
            .entry(path.to_string())
            .or_default()
            .extend(hashes);
    }

    /// Every hash of `other`, keeping ours where both have one.
    pub fn merge(&mut self, other: LineHashes) {
        for (path, lines) in other.by_path {
            let ours = self.by_path.entry(path).or_default();
            for (line, hash) in lines {
                ours.entry(line).or_insert(hash);
            }
        }
    }

    /// The fingerprint of `line` of `path` (line 0, "the file as a whole", is line 1). A place with no
    /// text (an archive entry that is not a file, a file that was not read) hashes as an empty file does,
    /// so every result still has a stable fingerprint.
    pub fn get(&self, path: &str, line: usize) -> String {
        self.by_path
            .get(path)
            .and_then(|lines| lines.get(&line.max(1)))
            .cloned()
            .unwrap_or_else(|| EMPTY_FILE.to_string())
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

/// The fingerprint of line 1 of an empty file.
const EMPTY_FILE: &str = "c129715d7a2bc9a3:1";

/// The fingerprint of every line of a file: element `n` is line `n + 1`'s. A file ending in a newline has
/// one more (empty) line than it has newlines, as GitHub counts them.
pub fn line_hashes(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    hash_lines(&text, usize::MAX, |_| true)
        .into_values()
        .collect()
}

/// The fingerprints of the wanted lines only (1-based; lines past the end are left out). The text is read
/// only up to the last wanted line and the window after it, so line 1 of a huge file costs 100 units.
pub fn line_hashes_at(text: &str, wanted: &BTreeSet<usize>) -> BTreeMap<usize, String> {
    let Some(&last) = wanted.iter().next_back() else {
        return BTreeMap::new();
    };
    hash_lines(text, last, |line| wanted.contains(&line))
}

/// Walks the kept UTF-16 units of `text` once, in constant memory, and formats the hash of each line up to
/// `last_line` that `keep` wants (every earlier line's hash is still counted, for the `:n` suffix).
fn hash_lines(
    text: &str,
    last_line: usize,
    keep: impl Fn(usize) -> bool,
) -> BTreeMap<usize, String> {
    let mut hasher = Hasher::new(keep, last_line);
    let mut at_line_start = true;
    let mut after_cr = false;
    for unit in text.encode_utf16().chain(std::iter::once(END_OF_FILE)) {
        if unit == SPACE || unit == TAB || (after_cr && unit == LF) {
            after_cr = false;
            continue;
        }
        after_cr = unit == CR;
        let unit = if unit == CR { LF } else { unit };
        let starts_line = at_line_start;
        at_line_start = unit == LF;
        if hasher.feed(unit, starts_line) {
            return hasher.out;
        }
    }
    // Past the end the window reads zeros, until the last line's window has been hashed.
    for _ in 1..WINDOW {
        if hasher.feed(0, false) {
            break;
        }
    }
    hasher.out
}

/// A polynomial hash over the last [`WINDOW`] units fed. When a unit that started a line leaves the front
/// of the window's reach (the window now holds it and the 99 units after it), that line's hash is known.
struct Hasher<K> {
    keep: K,
    last_line: usize,
    /// The last `WINDOW` units, and the line each one started (0: none), by `fed % WINDOW`.
    ring: [(u16, usize); WINDOW],
    fed: usize,
    hash: u64,
    lines: usize,
    seen: HashMap<u64, usize>,
    out: BTreeMap<usize, String>,
}

impl<K: Fn(usize) -> bool> Hasher<K> {
    fn new(keep: K, last_line: usize) -> Self {
        Hasher {
            keep,
            last_line,
            ring: [(0, 0); WINDOW],
            fed: 0,
            hash: 0,
            lines: 0,
            seen: HashMap::new(),
            out: BTreeMap::new(),
        }
    }

    /// Feeds one unit; true once the last wanted line is hashed.
    fn feed(&mut self, unit: u16, starts_line: bool) -> bool {
        let slot = self.fed % WINDOW;
        let (leaving, _) = self.ring[slot];
        self.hash = self
            .hash
            .wrapping_mul(BASE)
            .wrapping_sub(LEAVING_WEIGHT.wrapping_mul(u64::from(leaving)))
            .wrapping_add(u64::from(unit));
        let line = if starts_line {
            self.lines += 1;
            self.lines
        } else {
            0
        };
        self.ring[slot] = (unit, line);
        self.fed += 1;
        if self.fed < WINDOW {
            return false;
        }
        // The oldest unit in the window: the next slot to be overwritten.
        let (_, line) = self.ring[self.fed % WINDOW];
        if line == 0 {
            return false;
        }
        let count = self.seen.entry(self.hash).or_insert(0);
        *count += 1;
        if (self.keep)(line) {
            self.out.insert(line, format!("{:x}:{count}", self.hash));
        }
        line >= self.last_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values are the published test vectors of GitHub's implementation.

    #[test]
    fn an_empty_file_has_one_line_hashing_only_the_end_marker() {
        assert_eq!(line_hashes(b""), ["c129715d7a2bc9a3:1"]);
        // Worked by hand: 0xFFFF * 37^99 mod 2^64.
        let by_hand = (0..99).fold(0xFFFFu64, |acc, _| acc.wrapping_mul(37));
        assert_eq!(format!("{by_hand:x}"), "c129715d7a2bc9a3");
    }

    #[test]
    fn leading_blanks_are_ignored_and_every_line_gets_a_hash() {
        assert_eq!(
            line_hashes(b" a\nb\n  \t\tc\n d"),
            [
                "271789c17abda88f:1",
                "54703d4cd895b18:1",
                "180aee12dab6264:1",
                "a23a3dc5e078b07b:1"
            ]
        );
    }

    #[test]
    fn cr_lf_and_crlf_line_endings_hash_alike() {
        let expected = [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ];
        for text in [
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
            " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
            " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        ] {
            assert_eq!(line_hashes(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn identical_lines_are_numbered() {
        let text = "Lorem ipsum dolor sit amet.\n".repeat(10);
        assert_eq!(
            line_hashes(text.as_bytes()),
            [
                "a7f2ff13bc495cf2:1",
                "a7f2ff13bc495cf2:2",
                "a7f2ff13bc495cf2:3",
                "a7f2ff13bc495cf2:4",
                "a7f2ff13bc495cf2:5",
                "a7f2ff13bc495cf2:6",
                "a7f2ff1481e87703:1",
                "a9cf91f7bbf1862b:1",
                "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1",
                "c129715d7a2bc9a3:1"
            ]
        );
    }

    #[test]
    fn hashing_only_some_lines_gives_what_hashing_every_line_gives() {
        let text = "Lorem ipsum dolor sit amet.\n".repeat(10) + "a\r\n\tb\n" + &"x".repeat(300);
        let all = line_hashes(text.as_bytes());
        for wanted in [
            vec![1],
            vec![3, 7],
            vec![6, 7, 12, 13],
            vec![13],
            vec![14, 99],
        ] {
            let some = line_hashes_at(&text, &wanted.iter().copied().collect());
            let expected: BTreeMap<usize, String> = wanted
                .iter()
                .filter(|&&line| line <= all.len())
                .map(|&line| (line, all[line - 1].clone()))
                .collect();
            assert_eq!(some, expected, "{wanted:?}");
        }
    }

    #[test]
    fn a_report_keeps_the_hashes_of_its_lines_and_a_place_without_text_hashes_as_empty() {
        let mut hashes = LineHashes::default();
        hashes.add("a.sh", "one\ntwo\n", [0, 2]);
        let all = line_hashes(b"one\ntwo\n");
        assert_eq!(hashes.get("a.sh", 1), all[0]);
        assert_eq!(hashes.get("a.sh", 0), all[0]);
        assert_eq!(hashes.get("a.sh", 2), all[1]);
        assert_eq!(hashes.get("gone", 4), line_hashes(b"")[0]);
    }

    #[test]
    fn line_one_of_a_huge_file_reads_only_its_start() {
        let text = "short line\n".repeat(2_000_000);
        let start = std::time::Instant::now();
        let one = line_hashes_at(&text, &BTreeSet::from([1]));
        assert_eq!(one.len(), 1);
        // Reading the whole 22 MB (as a bug once did) takes seconds in a debug build.
        assert!(start.elapsed() < std::time::Duration::from_millis(200));
        assert_eq!(one[&1], line_hashes(&text.as_bytes()[..1000])[0]);
    }

    #[test]
    fn a_line_hash_does_not_change_when_lines_above_it_do() {
        let before = line_hashes(b"a\nb\ncurl x | sh\nend\n");
        let after = line_hashes(b"a\nnew line\nb\ncurl x | sh\nend\n");
        assert_eq!(before[2], after[3]);
    }
}
