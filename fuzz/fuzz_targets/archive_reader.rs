//! The archive reader (tar, tgz, zip, wheel, nested archives): bombs, path escapes and links must end as
//! issues or errors within the limits, and every listed path must stay inside the archive.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_archive::{normalise_entry_name, read_archive_bytes, Limits};

fuzz_target!(|data: &[u8]| {
    if let Ok(name) = std::str::from_utf8(data) {
        if let Ok(clean) = normalise_entry_name(name) {
            assert!(!clean.starts_with('/'), "{clean:?}");
            assert!(clean.split('/').all(|part| part != ".."), "{clean:?}");
        }
    }
    // Small limits keep each run fast; the reader must honour them exactly as it does the defaults.
    let limits = Limits {
        max_total_bytes: 8 << 20,
        max_entries: 2_000,
        max_file_size: 1 << 20,
        ..Limits::default()
    };
    if let Ok(listing) = read_archive_bytes("fuzz.tgz", data.into(), &limits) {
        assert!(listing.entries_seen <= limits.max_entries + 1);
        for file in &listing.walked.files {
            assert!(!file.rel_path.starts_with('/'), "{:?}", file.rel_path);
            assert!(
                file.rel_path.split('/').all(|part| part != ".."),
                "{:?}",
                file.rel_path
            );
            assert!(file.size <= limits.max_file_size);
        }
    }
});
