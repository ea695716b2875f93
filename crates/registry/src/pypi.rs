//! PyPI's JSON API (`GET /pypi/NAME/json`): every release's files, with their sha256 and upload time.

use crate::time::parse_rfc3339;
use crate::version::previous_pypi;
use crate::{resolve_url, Ecosystem, Expected, Release, Spec};
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) fn release(
    meta: &Value,
    spec: &Spec,
    doc_url: &str,
    wheel: bool,
) -> Result<Release, String> {
    let releases = meta
        .get("releases")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{spec}: the index's document lists no releases"))?;
    let version = match &spec.version {
        Some(v) => v.clone(),
        None => meta
            .pointer("/info/version")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{spec}: the index names no latest version"))?
            .to_string(),
    };
    let files = releases
        .get(&version)
        .and_then(Value::as_array)
        .ok_or_else(|| {
            let latest = meta
                .pointer("/info/version")
                .and_then(Value::as_str)
                .unwrap_or("none");
            format!("{spec}: no such version on the index (latest is {latest})")
        })?;
    fn kind(file: &Value) -> &str {
        file.get("packagetype")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    let name_of = |f: &Value| {
        f.get("filename")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let chosen = if wheel {
        let mut wheels: Vec<&Value> = files.iter().filter(|f| kind(f) == "bdist_wheel").collect();
        wheels.sort_by_key(|f| {
            let name = name_of(f);
            // A pure-Python wheel is the one every platform installs.
            (!name.ends_with("-none-any.whl"), name)
        });
        wheels
            .first()
            .copied()
            .ok_or_else(|| format!("{spec}: version {version} has no wheel on the index"))?
    } else {
        let mut sdists: Vec<&Value> = files.iter().filter(|f| kind(f) == "sdist").collect();
        sdists.sort_by_key(|f| (!name_of(f).ends_with(".tar.gz"), name_of(f)));
        sdists.first().copied().ok_or_else(|| {
            format!("{spec}: version {version} has no sdist on the index (--wheel scans a wheel)")
        })?
    };
    let url = chosen
        .get("url")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{spec}: {} has no url", name_of(chosen)))?;
    let url = resolve_url(doc_url, url).map_err(|e| e.to_string())?;
    let expected = chosen
        .pointer("/digests/sha256")
        .and_then(Value::as_str)
        .and_then(Expected::from_sha256_hex)
        .ok_or_else(|| {
            format!("{spec}: the index publishes no sha256 for {}; refusing to scan an unverifiable download", name_of(chosen))
        })?;

    let upload = |f: &Value| {
        f.get("upload_time_iso_8601")
            .or_else(|| f.get("upload_time"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    // A release's time is its first upload.
    let release_time = |files: &Value| {
        files
            .as_array()?
            .iter()
            .filter_map(|f| upload(f).and_then(|t| parse_rfc3339(&t)))
            .min()
    };
    let published = upload(chosen);
    let this_time = release_time(&Value::Array(files.clone()));
    let package_created = releases.values().filter_map(release_time).min();
    // Releases with files only: an empty one was never installable.
    let published_versions = releases
        .iter()
        .filter(|(_, files)| files.as_array().is_some_and(|f| !f.is_empty()))
        .map(|(v, _)| v.as_str());
    let previous = previous_pypi(&version, published_versions).or_else(|| {
        // A version that does not parse: fall back to the release uploaded just before.
        let at = this_time?;
        releases
            .iter()
            .filter(|(v, _)| **v != version)
            .filter_map(|(v, files)| Some((release_time(files)?, v)))
            .filter(|(t, _)| *t < at)
            .max()
            .map(|(_, v)| v.clone())
    });
    Ok(Release {
        ecosystem: Ecosystem::Pypi,
        name: spec.name.clone(),
        version,
        file_name: name_of(chosen),
        url,
        expected,
        published,
        package_created,
        previous,
        install_scripts: BTreeMap::new(),
        previous_install_scripts: None,
        publisher: None,
        previous_publisher: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(name: &str, kind: &str, time: &str) -> Value {
        json!({"filename": name, "packagetype": kind, "url": format!("https://files.example/{name}"),
               "digests": {"sha256": "ab".repeat(32)}, "upload_time_iso_8601": time})
    }

    fn document() -> Value {
        json!({
            "info": {"version": "2.0"},
            "releases": {
                "1.0": [file("x-1.0.tar.gz", "sdist", "2023-01-01T00:00:00Z")],
                "2.0": [
                    file("x-2.0-cp312-cp312-manylinux.whl", "bdist_wheel", "2024-01-01T00:05:00Z"),
                    file("x-2.0-py3-none-any.whl", "bdist_wheel", "2024-01-01T00:04:00Z"),
                    file("x-2.0.zip", "sdist", "2024-01-01T00:01:00Z"),
                    file("x-2.0.tar.gz", "sdist", "2024-01-01T00:00:00Z")
                ],
                "3.0": []
            }
        })
    }

    fn spec(version: Option<&str>) -> Spec {
        Spec {
            ecosystem: Ecosystem::Pypi,
            name: "x".into(),
            version: version.map(str::to_string),
        }
    }

    #[test]
    fn prefers_the_tar_gz_sdist_or_a_pure_wheel() {
        let doc = "https://pypi.example/pypi/x/json";
        let sdist = release(&document(), &spec(None), doc, false).unwrap();
        assert_eq!(sdist.file_name, "x-2.0.tar.gz");
        assert_eq!(sdist.previous.as_deref(), Some("1.0"));
        assert_eq!(sdist.package_created, parse_rfc3339("2023-01-01T00:00:00Z"));
        let wheel = release(&document(), &spec(Some("2.0")), doc, true).unwrap();
        assert_eq!(wheel.file_name, "x-2.0-py3-none-any.whl");
        assert!(release(&document(), &spec(Some("1.0")), doc, true)
            .unwrap_err()
            .contains("no wheel"));
        assert!(release(&document(), &spec(Some("3.0")), doc, false)
            .unwrap_err()
            .contains("no sdist"));
        assert!(release(&document(), &spec(Some("4.0")), doc, false)
            .unwrap_err()
            .contains("latest is 2.0"));
    }
}
