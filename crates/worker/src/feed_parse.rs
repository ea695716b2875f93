//! Reading the registries' change feeds (pure functions; the polling is in `feed.rs`).
//!
//! - npm: the CouchDB changes feed of the replication endpoint (`…/_changes?since=SEQ&limit=N`):
//!   `{"results":[{"seq":…,"id":"name","deleted":…}],"last_seq":…}`. A change names a package, not a
//!   version, so the package document is read and its newest version (by publication time) is the job.
//! - PyPI: the RSS release feed (`https://pypi.org/rss/updates.xml`): one `<item>` per release, with
//!   `<link>https://pypi.org/project/NAME/VERSION/</link>` and an RFC 2822 `<pubDate>`.
//! - Skills: a ClawHub-style listing, JSON (the shape is defined in `docs/scale.md`, "Skill listings"):
//!   `{"skills":[{"name":…,"version":…,"archive_url":…,"sha256":…,"published_at":"RFC 3339"}]}`.

use serde_json::Value;

/// Items of one feed page read, at most (a hostile or broken feed cannot make the feed read without end).
pub const MAX_ITEMS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpmChange {
    pub id: String,
}

/// The package changes of one page and the position after it (`last_seq`, as the server wrote it).
pub fn npm_changes(page: &Value) -> Result<(Vec<NpmChange>, Option<Value>), String> {
    let results = page
        .get("results")
        .and_then(Value::as_array)
        .ok_or("an npm changes page without \"results\"")?;
    let changes = results
        .iter()
        .take(MAX_ITEMS)
        .filter(|change| {
            !change
                .get("deleted")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        })
        .filter_map(|change| change.get("id").and_then(Value::as_str))
        .filter(|id| !id.starts_with("_design/"))
        .map(|id| NpmChange { id: id.to_string() })
        .collect();
    let last = page
        .get("last_seq")
        .cloned()
        .or_else(|| results.last().and_then(|c| c.get("seq")).cloned());
    Ok((changes, last))
}

/// A sequence as it goes in a `since=` parameter (numbers as digits, strings percent-encoded).
pub fn seq_param(seq: &Value) -> String {
    match seq {
        Value::String(text) => text
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect(),
        other => other.to_string(),
    }
}

/// The newest version of an npm package document: the one published last among those it lists.
pub fn npm_newest_version(packument: &Value) -> Option<String> {
    let versions = packument.get("versions").and_then(Value::as_object)?;
    let times = packument.get("time").and_then(Value::as_object);
    let newest = versions
        .keys()
        .filter_map(|version| {
            let published = times
                .and_then(|t| t.get(version))
                .and_then(Value::as_str)
                .and_then(skill_scan_registry::parse_rfc3339)?;
            Some((published, version))
        })
        .max();
    match newest {
        Some((_, version)) => Some(version.clone()),
        // No publication times: the `latest` tag.
        None => packument
            .pointer("/dist-tags/latest")
            .and_then(Value::as_str)
            .filter(|v| versions.contains_key(*v))
            .map(str::to_string),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PypiRelease {
    pub name: String,
    pub version: String,
    /// Unix seconds.
    pub published: i64,
}

/// The releases of a PyPI RSS feed (items without a project link or a date are skipped).
pub fn pypi_releases(xml: &str) -> Vec<PypiRelease> {
    let mut releases = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<item>") {
        let after = &rest[start + "<item>".len()..];
        let Some(end) = after.find("</item>") else {
            break;
        };
        let item = &after[..end];
        rest = &after[end..];
        if releases.len() >= MAX_ITEMS {
            break;
        }
        let link = element(item, "link").unwrap_or_default();
        let Some((name, version)) = project_link(link) else {
            continue;
        };
        let Some(published) = element(item, "pubDate").and_then(parse_rfc2822) else {
            continue;
        };
        releases.push(PypiRelease {
            name,
            version,
            published,
        });
    }
    releases
}

fn element<'a>(item: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = item.find(&open)? + open.len();
    let len = item[start..].find(&close)?;
    Some(item[start..start + len].trim())
}

/// `(name, version)` of `…/project/NAME/VERSION/`.
fn project_link(link: &str) -> Option<(String, String)> {
    let (_, path) = link.split_once("/project/")?;
    let mut parts = path.trim_end_matches('/').split('/');
    let name = parts.next().filter(|s| !s.is_empty())?;
    let version = parts.next().filter(|s| !s.is_empty())?;
    if parts.next().is_some() {
        return None;
    }
    Some((name.to_string(), version.to_string()))
}

/// Unix seconds of an RFC 2822 date (`Sat, 05 Dec 2026 06:40:54 GMT`, or a `+hhmm` offset).
pub fn parse_rfc2822(text: &str) -> Option<i64> {
    let text = text.split_once(',').map_or(text, |(_, rest)| rest);
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [day, month, year, clock, zone] = fields.as_slice() else {
        return None;
    };
    let day: i64 = day.parse().ok()?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = months.iter().position(|m| month.eq_ignore_ascii_case(m))? as i64 + 1;
    let year: i64 = year.parse().ok()?;
    let mut hms = clock.split(':').map(|n| n.parse::<i64>().ok());
    let (h, m, s) = (
        hms.next()??,
        hms.next()??,
        hms.next().flatten().unwrap_or(0),
    );
    let offset = match *zone {
        "GMT" | "UTC" | "UT" | "Z" => 0,
        zone => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: i64 = zone.get(1..5)?.parse().ok()?;
            sign * (digits / 100 * 3600 + digits % 100 * 60)
        }
    };
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s - offset)
}

/// One skill version of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillVersion {
    pub name: String,
    pub version: String,
    pub archive_url: String,
    /// Lowercase hex.
    pub sha256: String,
    /// Unix seconds.
    pub published: i64,
}

/// The skill versions of a listing page, and how many items were skipped (an item without a name, a
/// version, an http(s) archive URL, a 64-hex sha256 or an RFC 3339 `published_at` cannot become a job).
pub fn skill_listing(page: &Value) -> Result<(Vec<SkillVersion>, usize), String> {
    let items = page
        .get("skills")
        .and_then(Value::as_array)
        .ok_or("a skill listing without \"skills\"")?;
    let mut skipped = 0;
    let mut found = Vec::new();
    for item in items.iter().take(MAX_ITEMS) {
        let text = |key: &str| {
            item.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let sha256 = text("sha256")
            .map(str::to_ascii_lowercase)
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        let url =
            text("archive_url").filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        let published = text("published_at").and_then(parse_rfc3339);
        match (text("name"), text("version"), url, sha256, published) {
            (Some(name), Some(version), Some(url), Some(sha256), Some(published)) => {
                found.push(SkillVersion {
                    name: name.to_string(),
                    version: version.to_string(),
                    archive_url: url.to_string(),
                    sha256,
                    published,
                })
            }
            _ => skipped += 1,
        }
    }
    Ok((found, skipped))
}

/// Unix seconds of an RFC 3339 time (`2026-01-05T10:20:30Z`, fractions and `±hh:mm` offsets allowed).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (h, m, s) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if bytes[4] != b'-' || bytes[7] != b'-' || bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        zone if zone.len() == 6 && zone.as_bytes()[3] == b':' => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hours: i64 = zone.get(1..3)?.parse().ok()?;
            let minutes: i64 = zone.get(4..6)?.parse().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
        _ => return None,
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s - offset)
}

/// Howard Hinnant's days_from_civil.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn npm_pages_give_live_packages_and_the_next_position() {
        let page = json!({"results": [
            {"seq": 7, "id": "left-pad", "changes": [{"rev": "1-a"}]},
            {"seq": 8, "id": "_design/app"},
            {"seq": 9, "id": "gone", "deleted": true},
            {"seq": 10, "id": "@scope/pkg"}
        ], "last_seq": 10});
        let (changes, last) = npm_changes(&page).unwrap();
        let ids: Vec<&str> = changes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["left-pad", "@scope/pkg"]);
        assert_eq!(last, Some(json!(10)));
        let (_, last) = npm_changes(&json!({"results": [{"seq": "3-g1AA", "id": "x"}]})).unwrap();
        assert_eq!(seq_param(&last.unwrap()), "3-g1AA");
        assert_eq!(seq_param(&json!("a b/c")), "a%20b%2Fc");
        assert!(npm_changes(&json!({"nope": []})).is_err());
    }

    #[test]
    fn the_newest_npm_version_is_the_last_published_not_the_highest() {
        let doc = json!({
            "dist-tags": {"latest": "2.0.0"},
            "versions": {"1.0.0": {}, "2.0.0": {}, "1.0.1": {}},
            "time": {"created": "2020-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                     "1.0.0": "2020-01-01T00:00:00.000Z", "2.0.0": "2021-01-01T00:00:00.000Z",
                     "1.0.1": "2025-06-01T00:00:00.000Z"}
        });
        assert_eq!(npm_newest_version(&doc).as_deref(), Some("1.0.1"));
        let untimed =
            json!({"dist-tags": {"latest": "2.0.0"}, "versions": {"1.0.0": {}, "2.0.0": {}}});
        assert_eq!(npm_newest_version(&untimed).as_deref(), Some("2.0.0"));
        assert_eq!(npm_newest_version(&json!({"versions": {}})), None);
    }

    #[test]
    fn pypi_items_give_name_version_and_time() {
        let xml = r#"<rss><channel><title>PyPI recent updates</title>
<item><title>requests 2.32.3</title><link>https://pypi.org/project/requests/2.32.3/</link>
<pubDate>Sat, 05 Dec 2026 06:40:54 GMT</pubDate></item>
<item><title>broken</title><link>https://pypi.org/help/</link><pubDate>Sat, 05 Dec 2026 06:40:54 GMT</pubDate></item>
<item><title>undated 1.0</title><link>https://pypi.org/project/undated/1.0/</link></item>
<item><title>x 1.0</title><link>http://127.0.0.1:9/project/x/1.0/</link><pubDate>Thu, 01 Jan 1970 01:00:00 +0100</pubDate></item>
</channel></rss>"#;
        let releases = pypi_releases(xml);
        assert_eq!(
            releases,
            [
                PypiRelease {
                    name: "requests".into(),
                    version: "2.32.3".into(),
                    published: 1_796_452_854,
                },
                PypiRelease {
                    name: "x".into(),
                    version: "1.0".into(),
                    published: 0,
                },
            ]
        );
        assert_eq!(
            parse_rfc2822("05 Dec 2026 06:40:54 GMT"),
            Some(1_796_452_854)
        );
        assert_eq!(parse_rfc2822("Sat, 32 Dec 2026 06:40:54 GMT"), None);
        assert_eq!(parse_rfc2822("Sat, 05 Dec 2026 06:40:54 EST"), None);
    }

    #[test]
    fn skill_listings_give_versions_with_their_archives_and_skip_what_cannot_be_a_job() {
        let hash = "A1".repeat(32);
        let page = json!({"skills": [
            {"name": "pdf-tools", "version": "1.2.0", "sha256": hash,
             "archive_url": "https://clawhub.example.invalid/dl/pdf-tools-1.2.0.zip",
             "published_at": "2026-01-05T00:00:01.250Z", "downloads": 12},
            {"name": "no-hash", "version": "1.0.0", "sha256": "abc",
             "archive_url": "https://clawhub.example.invalid/dl/no-hash.zip",
             "published_at": "2026-01-05T00:00:00Z"},
            {"name": "local", "version": "1.0.0", "sha256": "ab".repeat(32),
             "archive_url": "file:///etc/passwd", "published_at": "2026-01-05T00:00:00Z"},
            {"name": "undated", "version": "1.0.0", "sha256": "ab".repeat(32),
             "archive_url": "https://clawhub.example.invalid/dl/u.zip"},
            "not an object"
        ]});
        let (skills, skipped) = skill_listing(&page).unwrap();
        assert_eq!(skipped, 4);
        assert_eq!(
            skills,
            [SkillVersion {
                name: "pdf-tools".into(),
                version: "1.2.0".into(),
                archive_url: "https://clawhub.example.invalid/dl/pdf-tools-1.2.0.zip".into(),
                sha256: "a1".repeat(32),
                published: 1_767_571_201,
            }]
        );
        assert!(skill_listing(&json!({"items": []})).is_err());
    }

    #[test]
    fn rfc3339_times_with_offsets_and_fractions() {
        assert_eq!(parse_rfc3339("2026-01-05T00:00:00Z"), Some(1_767_571_200));
        assert_eq!(
            parse_rfc3339("2026-01-05T02:00:00.5+02:00"),
            Some(1_767_571_200)
        );
        assert_eq!(
            parse_rfc3339("2026-01-04T19:00:00-05:00"),
            Some(1_767_571_200)
        );
        for bad in [
            "2026-01-05",
            "2026-13-05T00:00:00Z",
            "2026-01-05T00:00:00",
            "2026-01-05T00:00:00.Z",
            "2026-01-05T24:00:00Z",
            "2026-01-05T00:00:00+0200",
            "20x6-01-05T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
