//! Telling archive formats apart by their first bytes (and, for a target the user names, by its name).

/// The containers read here. A gzip stream holds either a tar or one compressed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Gzip,
    Tar,
    Zip,
}

/// Names that are archives whatever their bytes say: a file with one of these names that is none of the
/// formats is an error, not a single opaque file that would pass unread.
const ARCHIVE_SUFFIXES: &[&str] = &[
    ".tgz", ".tar.gz", ".tar", ".zip", ".whl", ".skill", ".crate", ".gz", ".egg",
];

pub fn has_archive_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ARCHIVE_SUFFIXES
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

/// The format of the bytes that start with `prefix` (give at least 512 bytes to recognise a tar).
pub fn sniff(prefix: &[u8]) -> Option<Format> {
    if prefix.starts_with(&[0x1f, 0x8b]) {
        Some(Format::Gzip)
    } else if prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if is_tar_header(prefix) {
        Some(Format::Tar)
    } else {
        None
    }
}

/// A tar header block: its checksum field matches its bytes (true of every tar flavour, v7 included, which
/// lacks the `ustar` magic).
pub(crate) fn is_tar_header(block: &[u8]) -> bool {
    let Some(block) = block.get(..512) else {
        return false;
    };
    if block.iter().all(|b| *b == 0) {
        return false;
    }
    let field = &block[148..156];
    let digits: String = field
        .iter()
        .map(|b| *b as char)
        .filter(|c| ('0'..='7').contains(c))
        .collect();
    let Ok(recorded) = u32::from_str_radix(&digits, 8) else {
        return false;
    };
    let sum: u32 = block
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                32
            } else {
                *b as u32
            }
        })
        .sum();
    sum == recorded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), Some(Format::Gzip));
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(Format::Zip));
        assert_eq!(sniff(b"PK\x05\x06"), Some(Format::Zip));
        assert_eq!(sniff(b"<html>"), None);
        assert_eq!(sniff(&[0u8; 512]), None);

        let mut header = tar::Header::new_gnu();
        header.set_path("a.txt").unwrap();
        header.set_size(1);
        header.set_cksum();
        assert_eq!(sniff(header.as_bytes()), Some(Format::Tar));
        let mut old = tar::Header::new_old();
        old.set_path("a.txt").unwrap();
        old.set_cksum();
        assert_eq!(sniff(old.as_bytes()), Some(Format::Tar));
        let mut broken = *header.as_bytes();
        broken[0] ^= 1;
        assert_eq!(sniff(&broken), None);
    }

    #[test]
    fn archive_names() {
        for name in ["a.tgz", "A.TAR.GZ", "x.whl", "s.skill", "c.crate", "z.zip"] {
            assert!(has_archive_name(name), "{name}");
        }
        assert!(!has_archive_name("index.js"));
    }
}
