//! File names that are not UTF-8, shown so that two of them never look alike.
//!
//! Replacing each invalid byte with U+FFFD (a lossy conversion) makes `a\xff.js` and `a\xfe.js` the same
//! name in every report, so a finding in one can be taken for the other. Each invalid byte is written
//! `%NN` instead (not `\xNN`: archive names read a backslash as a folder separator); valid text, and so
//! every ordinary name, is unchanged.

/// `bytes` as text, every byte that is not part of valid UTF-8 written as `%NN`.
pub fn escaped_name(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A path component as text, escaped the same way where it is not UTF-8.
pub(crate) fn escaped_os_name(name: &std::ffi::OsStr) -> String {
    match name.to_str() {
        Some(text) => text.to_string(),
        None => escaped_name(name.as_encoded_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_differ_only_in_invalid_bytes_stay_different() {
        assert_eq!(escaped_name(b"lib/a\xff.js"), "lib/a%FF.js");
        assert_ne!(escaped_name(b"a\xff.js"), escaped_name(b"a\xfe.js"));
        assert_eq!(escaped_name("caf\u{e9}.js".as_bytes()), "caf\u{e9}.js");
    }
}
