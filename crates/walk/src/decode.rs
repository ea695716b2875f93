//! Bytes → text. Scanned files arrive in any encoding an attacker likes; we decode what is text and say
//! plainly what is not.

/// How the bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8; invalid sequences became U+FFFD.
    Utf8Lossy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
}

/// How far into a file to look for a NUL byte when deciding whether it is binary.
const BINARY_SNIFF_LEN: usize = 8192;

/// Decodes a file's bytes, or returns why it is not text.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(utf8(rest, TextEncoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(Decoded {
            text: utf16(rest, u16::from_le_bytes),
            encoding: TextEncoding::Utf16Le,
        });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(Decoded {
            text: utf16(rest, u16::from_be_bytes),
            encoding: TextEncoding::Utf16Be,
        });
    }
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if head.contains(&0) {
        return Err(describe_binary(bytes));
    }
    Ok(utf8(bytes, TextEncoding::Utf8))
}

fn utf8(bytes: &[u8], clean: TextEncoding) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            encoding: clean,
        },
        Err(_) => Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: TextEncoding::Utf8Lossy,
        },
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Names common executable and archive formats so the skip reason tells the user what shipped.
fn describe_binary(bytes: &[u8]) -> String {
    let kind = if bytes.starts_with(b"\x7fELF") {
        "ELF executable"
    } else if bytes.starts_with(b"MZ") {
        "Windows executable"
    } else if [
        &[0xCF, 0xFA, 0xED, 0xFE][..],
        &[0xCE, 0xFA, 0xED, 0xFE],
        &[0xCA, 0xFE, 0xBA, 0xBE],
    ]
    .iter()
    .any(|magic| bytes.starts_with(magic))
    {
        "Mach-O executable"
    } else if bytes.starts_with(b"\0asm") {
        "WebAssembly module"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "zip archive"
    } else if bytes.starts_with(&[0x1F, 0x8B]) {
        "gzip data"
    } else {
        "binary data"
    };
    format!("binary file ({kind}); not scanned as text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8() {
        let decoded = decode_text(b"curl x | sh").unwrap();
        assert_eq!(decoded.text, "curl x | sh");
        assert_eq!(decoded.encoding, TextEncoding::Utf8);
    }

    #[test]
    fn bom_is_dropped() {
        let decoded = decode_text(b"\xEF\xBB\xBFeval(x)").unwrap();
        assert_eq!(decoded.text, "eval(x)");
        assert_eq!(decoded.encoding, TextEncoding::Utf8Bom);
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "eval(x)".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_text(&bytes).unwrap().text, "eval(x)");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let decoded = decode_text(b"ok \xFF\xFE\xFD curl").unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Utf8Lossy);
        assert!(decoded.text.ends_with(" curl"));
    }

    #[test]
    fn executables_are_named() {
        let err = decode_text(b"\x7fELF\x02\x01\x01\0\0\0").unwrap_err();
        assert!(err.contains("ELF executable"));
    }
}
