//! The npm registry's package document (`GET /NAME`): versions, dist-tags, publish times.

use crate::time::parse_rfc3339;
use crate::version::previous_npm;
use crate::{resolve_url, Ecosystem, Expected, Release, Spec};
use serde_json::Value;
use std::collections::BTreeMap;

/// The lifecycle scripts `npm install` runs for a package from the registry.
const INSTALL_SCRIPTS: &[&str] = &["preinstall", "install", "postinstall"];

pub(crate) fn release(meta: &Value, spec: &Spec, doc_url: &str) -> Result<Release, String> {
    let versions = meta
        .get("versions")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{spec}: the registry's document lists no versions"))?;
    let tags = meta.get("dist-tags").and_then(Value::as_object);
    let wanted = spec.version.as_deref().unwrap_or("latest");
    let version = if versions.contains_key(wanted) {
        wanted.to_string()
    } else if let Some(tagged) = tags.and_then(|t| t.get(wanted)).and_then(Value::as_str) {
        tagged.to_string()
    } else {
        let latest = tags
            .and_then(|t| t.get("latest"))
            .and_then(Value::as_str)
            .unwrap_or("none");
        return Err(format!(
            "{spec}: no such version on the registry (latest is {latest})"
        ));
    };
    let manifest = versions
        .get(&version)
        .ok_or_else(|| format!("{spec}: dist-tag points at missing version {version}"))?;
    let dist = manifest
        .get("dist")
        .ok_or_else(|| format!("{spec}: version {version} has no dist"))?;
    let tarball = dist
        .get("tarball")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{spec}: version {version} has no dist.tarball"))?;
    let url = resolve_url(doc_url, tarball).map_err(|e| e.to_string())?;
    let expected = Expected::from_npm_dist(
        dist.get("integrity").and_then(Value::as_str),
        dist.get("shasum").and_then(Value::as_str),
    )
    .ok_or_else(|| {
        format!("{spec}: the registry publishes no usable hash for {version}; refusing to scan an unverifiable download")
    })?;
    let file_name = url
        .split(['?', '#'])
        .next()
        .and_then(|path| path.rsplit('/').next())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}-{version}.tgz", spec.name.replace('/', "-")));

    let times = meta.get("time").and_then(Value::as_object);
    let time_of = |v: &str| times.and_then(|t| t.get(v)).and_then(Value::as_str);
    let published = time_of(&version).map(str::to_string);
    let published_at = published.as_deref().and_then(parse_rfc3339);
    let package_created = versions
        .keys()
        .filter_map(|v| time_of(v).and_then(parse_rfc3339))
        .chain(time_of("created").and_then(parse_rfc3339))
        .min();
    let previous = previous_npm(&version, versions.keys().map(String::as_str)).or_else(|| {
        // A version that does not parse: fall back to the one published just before.
        let at = published_at?;
        versions
            .keys()
            .filter(|v| **v != version)
            .filter_map(|v| Some((time_of(v).and_then(parse_rfc3339)?, v)))
            .filter(|(t, _)| *t < at)
            .max()
            .map(|(_, v)| v.clone())
    });
    let previous_manifest = previous.as_ref().and_then(|v| versions.get(v));
    Ok(Release {
        ecosystem: Ecosystem::Npm,
        name: spec.name.clone(),
        version,
        file_name,
        url,
        expected,
        published,
        package_created,
        install_scripts: install_scripts(manifest),
        previous_install_scripts: previous_manifest.map(install_scripts),
        publisher: publisher(manifest),
        previous_publisher: previous_manifest.and_then(publisher),
        previous,
    })
}

fn install_scripts(manifest: &Value) -> BTreeMap<String, String> {
    let Some(scripts) = manifest.get("scripts").and_then(Value::as_object) else {
        return BTreeMap::new();
    };
    INSTALL_SCRIPTS
        .iter()
        .filter_map(|name| {
            let body = scripts.get(*name)?.as_str()?;
            Some((name.to_string(), body.to_string()))
        })
        .collect()
}

fn publisher(manifest: &Value) -> Option<String> {
    manifest
        .pointer("/_npmUser/name")
        .and_then(Value::as_str)
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(version: Option<&str>) -> Spec {
        Spec {
            ecosystem: Ecosystem::Npm,
            name: "@acme/tool".into(),
            version: version.map(str::to_string),
        }
    }

    fn document() -> Value {
        json!({
            "dist-tags": {"latest": "1.1.0", "next": "2.0.0-rc.1"},
            "time": {
                "created": "2024-01-01T00:00:00.000Z",
                "1.0.0": "2024-01-01T00:00:00.000Z",
                "1.1.0": "2024-02-01T00:00:00.000Z",
                "2.0.0-rc.1": "2024-03-01T00:00:00.000Z"
            },
            "versions": {
                "1.0.0": {"dist": {"tarball": "https://r.example/@acme/tool/-/tool-1.0.0.tgz",
                                    "shasum": "0123456789012345678901234567890123456789"},
                          "_npmUser": {"name": "alice"}},
                "1.1.0": {"dist": {"tarball": "/@acme/tool/-/tool-1.1.0.tgz",
                                    "shasum": "0123456789012345678901234567890123456789"},
                          "scripts": {"postinstall": "node x.js", "test": "jest"},
                          "_npmUser": {"name": "mallory"}},
                "2.0.0-rc.1": {"dist": {}}
            }
        })
    }

    #[test]
    fn picks_the_version_its_archive_hash_and_the_previous_release() {
        let doc = "https://r.example/@acme%2ftool";
        let release = release(&document(), &spec(None), doc).unwrap();
        assert_eq!(release.version, "1.1.0");
        assert_eq!(release.url, "https://r.example/@acme/tool/-/tool-1.1.0.tgz");
        assert_eq!(release.file_name, "tool-1.1.0.tgz");
        assert_eq!(release.previous.as_deref(), Some("1.0.0"));
        assert_eq!(
            release.install_scripts.keys().collect::<Vec<_>>(),
            ["postinstall"]
        );
        assert_eq!(release.previous_install_scripts, Some(BTreeMap::new()));
        assert_eq!(release.publisher.as_deref(), Some("mallory"));
        assert_eq!(release.previous_publisher.as_deref(), Some("alice"));
        assert_eq!(release.package_created, Some(1_704_067_200));

        let first = super::release(&document(), &spec(Some("1.0.0")), doc).unwrap();
        assert_eq!(first.previous, None);

        let err = super::release(&document(), &spec(Some("9.9.9")), doc).unwrap_err();
        assert!(
            err.contains("no such version") && err.contains("latest is 1.1.0"),
            "{err}"
        );
        let err = super::release(&document(), &spec(Some("next")), doc).unwrap_err();
        assert!(err.contains("no dist"), "{err}");
    }
}
