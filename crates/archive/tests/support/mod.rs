//! Archive builders for tests: hostile tar headers (raw names and links the `tar` crate's safe setters
//! refuse), gzip, and zip. Shared with `skill-scan`'s archive tests through `#[path]`.
#![allow(dead_code)]

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

pub fn tar_entry(
    builder: &mut tar::Builder<impl Write>,
    name: &[u8],
    kind: tar::EntryType,
    data: &[u8],
    link: &[u8],
) {
    // Raw header bytes: `Header::set_path` refuses the hostile names these tests need.
    let mut header = tar::Header::new_old();
    header.as_old_mut().name[..name.len()].copy_from_slice(name);
    header.as_old_mut().linkname[..link.len()].copy_from_slice(link);
    header.set_entry_type(kind);
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder.append(&header, data).unwrap();
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

pub fn tar_gz(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in files {
        tar_entry(
            &mut builder,
            name.as_bytes(),
            tar::EntryType::Regular,
            data,
            b"",
        );
    }
    gzip(&builder.into_inner().unwrap())
}

pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}
