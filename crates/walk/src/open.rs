//! Opening a listed file for reading, safely against a package that changes under the scan.
//!
//! Between the walk and the read, a hostile package (or anything racing it) can swap a listed file for a
//! FIFO, which would block `open()` forever, or for a symbolic link to a file outside the package, which
//! would be read and reported under the package's path. So a file is opened without following a link in
//! its last component and without blocking (`O_NOFOLLOW | O_NONBLOCK`), and the type is checked on the open
//! handle (`fstat`), not on the path: only a regular file is read.

use std::fs::File;
use std::path::Path;

/// Opens `path` for reading if, at the moment it is opened, it is a regular file and not a link.
pub(crate) fn open_regular_file(path: &Path) -> Result<File, String> {
    let file = open_no_follow(path).map_err(|e| {
        if is_link_refusal(&e) {
            "not read: it became a symbolic link after it was listed (links are never followed)"
                .to_string()
        } else {
            format!("unreadable: {e}")
        }
    })?;
    let meta = file.metadata().map_err(|e| format!("unreadable: {e}"))?;
    if !meta.file_type().is_file() {
        return Err(
            "not read: it is no longer a regular file (a pipe, device, socket or folder took its place after it was listed)"
                .into(),
        );
    }
    Ok(file)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK only matters for the open itself (a FIFO without a writer); reads of a regular file
    // never block on it.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    File::open(path)
}

#[cfg(unix)]
fn is_link_refusal(err: &std::io::Error) -> bool {
    // Linux says ELOOP for O_NOFOLLOW on a link; the BSDs and macOS say EMLINK or ELOOP.
    matches!(err.raw_os_error(), Some(libc::ELOOP) | Some(libc::EMLINK))
}

#[cfg(not(unix))]
fn is_link_refusal(_: &std::io::Error) -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_regular_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.js"), "x").unwrap();
        let mut text = String::new();
        open_regular_file(&dir.path().join("a.js"))
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "x");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let err = open_regular_file(&fifo).unwrap_err();
        assert!(err.contains("no longer a regular file"), "{err}");
    }

    #[test]
    fn a_link_is_refused_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("a.js")).unwrap();
        let err = open_regular_file(&dir.path().join("a.js")).unwrap_err();
        assert!(err.contains("symbolic link"), "{err}");
    }
}
