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
    /// NUL bytes in the text. A stray NUL does not make a file binary: a payload placed after one is still
    /// text to whatever runs it, so it is scanned (and noted).
    pub nul_bytes: usize,
}

/// A file format recognised by its first bytes. Only these are treated as binary; everything else is read
/// as text, whatever its extension or how many NUL bytes it holds, so no byte pattern can hide a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryFormat {
    Elf,
    MachO,
    WindowsPe,
    WebAssembly,
    /// `.pyc`/`.pyo`: compiled Python (recognised by extension and header).
    PythonBytecode,
    Zip,
    Gzip,
    Bzip2,
    Xz,
    SevenZip,
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    Font,
    Sqlite,
}

impl BinaryFormat {
    /// Native code a loader will run.
    pub fn is_executable(self) -> bool {
        matches!(
            self,
            BinaryFormat::Elf | BinaryFormat::MachO | BinaryFormat::WindowsPe
        )
    }

    pub fn describe(self) -> &'static str {
        match self {
            BinaryFormat::Elf => "ELF executable",
            BinaryFormat::MachO => "Mach-O executable",
            BinaryFormat::WindowsPe => "Windows executable",
            BinaryFormat::WebAssembly => "WebAssembly module",
            BinaryFormat::PythonBytecode => "compiled Python bytecode",
            BinaryFormat::Zip => "zip archive",
            BinaryFormat::Gzip => "gzip data",
            BinaryFormat::Bzip2 => "bzip2 data",
            BinaryFormat::Xz => "xz data",
            BinaryFormat::SevenZip => "7-Zip archive",
            BinaryFormat::Png => "PNG image",
            BinaryFormat::Jpeg => "JPEG image",
            BinaryFormat::Gif => "GIF image",
            BinaryFormat::Webp => "WebP image",
            BinaryFormat::Pdf => "PDF document",
            BinaryFormat::Font => "font",
            BinaryFormat::Sqlite => "SQLite database",
        }
    }

    /// The skip reason for a file of this format.
    pub fn skip_reason(self) -> String {
        format!("binary file ({}); not scanned as text", self.describe())
    }
}

/// How far into a file to look when guessing UTF-16 without a byte-order mark.
const SNIFF_LEN: usize = 8192;

/// Recognises binary formats by their magic numbers (and `.pyc` by name and header).
pub fn binary_format(rel_path: &str, bytes: &[u8]) -> Option<BinaryFormat> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let lower_name = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .to_ascii_lowercase();
    if (lower_name.ends_with(".pyc") || lower_name.ends_with(".pyo"))
        && bytes.len() >= 8
        && bytes.get(2..4) == Some(b"\r\n")
    {
        return Some(BinaryFormat::PythonBytecode);
    }
    let format = if starts(b"\x7fELF") {
        BinaryFormat::Elf
    } else if [
        &[0xCF, 0xFA, 0xED, 0xFE][..],
        &[0xCE, 0xFA, 0xED, 0xFE],
        &[0xFE, 0xED, 0xFA, 0xCF],
        &[0xFE, 0xED, 0xFA, 0xCE],
    ]
    .iter()
    .any(|magic| starts(magic))
        || (starts(&[0xCA, 0xFE, 0xBA, 0xBE]) && is_fat_mach_o(bytes))
    {
        BinaryFormat::MachO
    } else if is_windows_pe(bytes) {
        BinaryFormat::WindowsPe
    } else if starts(b"\0asm") {
        BinaryFormat::WebAssembly
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        BinaryFormat::Zip
    } else if starts(&[0x1F, 0x8B]) {
        BinaryFormat::Gzip
    } else if starts(b"BZh") && bytes.get(3).is_some_and(|b| (b'1'..=b'9').contains(b)) {
        BinaryFormat::Bzip2
    } else if starts(&[0xFD, b'7', b'z', b'X', b'Z', 0]) {
        BinaryFormat::Xz
    } else if starts(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]) {
        BinaryFormat::SevenZip
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        BinaryFormat::Png
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        BinaryFormat::Jpeg
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        BinaryFormat::Gif
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        BinaryFormat::Webp
    } else if starts(b"%PDF-") {
        BinaryFormat::Pdf
    } else if starts(b"wOFF") || starts(b"wOF2") || starts(&[0, 1, 0, 0, 0]) || starts(b"OTTO\0") {
        BinaryFormat::Font
    } else if starts(b"SQLite format 3\0") {
        BinaryFormat::Sqlite
    } else {
        return None;
    };
    Some(format)
}

/// `CAFEBABE` is also a Java class file; a fat Mach-O has a small architecture count where a class file has
/// its version.
fn is_fat_mach_o(bytes: &[u8]) -> bool {
    bytes
        .get(4..8)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .is_some_and(|count| (1..=20).contains(&u32::from_be_bytes(count)))
}

/// `MZ` alone begins plenty of text; a PE file also has `PE\0\0` where its header offset points.
fn is_windows_pe(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"MZ") {
        return false;
    }
    let Some(offset) = bytes
        .get(0x3C..0x40)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(|b| u32::from_le_bytes(b) as usize)
    else {
        return false;
    };
    offset
        .checked_add(4)
        .and_then(|end| bytes.get(offset..end))
        .is_some_and(|sig| sig == b"PE\0\0")
}

/// Decodes a file's bytes, or returns why it is not text.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, String> {
    decode_file("", bytes)
}

/// Decodes a file's bytes (its path helps recognise formats such as `.pyc`), or returns why it is not
/// text. Only recognised binary formats are refused; NUL bytes and invalid UTF-8 are decoded and noted.
pub fn decode_file(rel_path: &str, bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(utf8(rest, TextEncoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(utf16(rest, u16::from_le_bytes, TextEncoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(utf16(rest, u16::from_be_bytes, TextEncoding::Utf16Be));
    }
    if let Some(format) = binary_format(rel_path, bytes) {
        return Err(format.skip_reason());
    }
    match utf16_without_bom(bytes) {
        Some(TextEncoding::Utf16Le) => {
            return Ok(utf16(bytes, u16::from_le_bytes, TextEncoding::Utf16Le))
        }
        Some(TextEncoding::Utf16Be) => {
            return Ok(utf16(bytes, u16::from_be_bytes, TextEncoding::Utf16Be))
        }
        _ => {}
    }
    Ok(utf8(bytes, TextEncoding::Utf8))
}

/// UTF-16 text without a byte-order mark: mostly ASCII, so one byte of nearly every pair is zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0, 0);
    for pair in head.chunks_exact(2) {
        zero_even += usize::from(pair[0] == 0);
        zero_odd += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 10 >= pairs * 9;
    let rarely = |n: usize| n * 10 <= pairs;
    if mostly(zero_odd) && rarely(zero_even) {
        Some(TextEncoding::Utf16Le)
    } else if mostly(zero_even) && rarely(zero_odd) {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

fn utf8(bytes: &[u8], clean: TextEncoding) -> Decoded {
    let nul_bytes = bytes.iter().filter(|b| **b == 0).count();
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            encoding: clean,
            nul_bytes,
        },
        Err(_) => Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: TextEncoding::Utf8Lossy,
            nul_bytes,
        },
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, encoding: TextEncoding) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    let nul_bytes = text.bytes().filter(|b| *b == 0).count();
    Decoded {
        text,
        encoding,
        nul_bytes,
    }
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
        let mut pe = b"MZ".to_vec();
        pe.resize(0x80, 0);
        pe[0x3C] = 0x40;
        pe[0x40..0x44].copy_from_slice(b"PE\0\0");
        assert_eq!(binary_format("a.exe", &pe), Some(BinaryFormat::WindowsPe));
    }

    #[test]
    fn a_stray_nul_does_not_make_a_file_binary() {
        let decoded = decode_text(b"x\0y\ncurl x | sh\n").unwrap();
        assert_eq!(decoded.nul_bytes, 1);
        assert!(decoded.text.ends_with("curl x | sh\n"));
        let padded = [vec![0u8; 20_000], b"eval(x)".to_vec()].concat();
        assert!(decode_text(&padded).unwrap().text.ends_with("eval(x)"));
    }

    #[test]
    fn text_that_starts_like_a_magic_number_is_still_text() {
        assert!(decode_text(b"MZ is a two-letter word\n").is_ok());
        assert!(decode_text(b"\xCA\xFE\xBA\xBE\0\0\0\x34 class").is_ok());
        assert!(decode_text(b"BZh is not bzip2").is_ok());
    }

    #[test]
    fn utf16_without_a_bom_is_recognised() {
        let le: Vec<u8> = "curl x | sh\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let decoded = decode_text(&le).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Utf16Le);
        assert_eq!(decoded.text, "curl x | sh\n");
        let be: Vec<u8> = "eval(atob(p))"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode_text(&be).unwrap().encoding, TextEncoding::Utf16Be);
    }

    #[test]
    fn compiled_python_is_recognised_by_name_and_header() {
        let pyc = b"\x6f\x0d\r\n\0\0\0\0\0\0\0\0\0\0\0\0\xe3";
        assert_eq!(
            binary_format("pkg/__pycache__/m.cpython-312.pyc", pyc),
            Some(BinaryFormat::PythonBytecode)
        );
        assert_eq!(binary_format("m.txt", pyc), None);
    }

    #[test]
    fn images_are_binary() {
        assert!(decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
            .unwrap_err()
            .contains("PNG image"));
    }
}
