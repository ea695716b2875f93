//! "Did you mean …?" for configuration mistakes: the closest of the allowed names by edit distance, and
//! serde's own "unknown field / unknown variant" messages turned into that form.

use crate::rules_doc::edit_distance;

/// The candidate closest to `wanted` (case-insensitive), if it is close enough to be a plausible typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let limit = (wanted_lower.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, c)| (*distance, c.len(), *c))
        .map(|(_, c)| c)
}

/// A serde error message, reworded: `unknown field `x`, expected one of `a`, `b`` becomes the message
/// "unknown key `x`" and the help "did you mean `a`?" (or the list of allowed keys when none is close).
pub fn reword(message: &str) -> (String, Option<String>) {
    for (prefix, noun) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        // serde_yaml puts the key path first (`rules.disable: unknown variant …`).
        let Some(rest) = message.find(prefix).map(|at| &message[at + prefix.len()..]) else {
            continue;
        };
        let Some((unknown, expected)) = rest.split_once('`') else {
            continue;
        };
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match closest(unknown, allowed.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if allowed.is_empty() => format!("no {noun}s are allowed here"),
            None => format!(
                "allowed: {}",
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return (format!("unknown {noun} `{unknown}`"), Some(help));
    }
    (message.trim().to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_plausible_candidate_wins() {
        let keys = ["exclude", "profile", "format", "fail_on"];
        assert_eq!(closest("exlude", keys), Some("exclude"));
        assert_eq!(closest("FAIL-ON", keys), Some("fail_on"));
        assert_eq!(closest("zzzzzzzz", keys), None);
        assert_eq!(
            closest("RCE01", ["RCE001", "RCE002", "EXF001"]),
            Some("RCE001")
        );
    }

    #[test]
    fn serde_messages_become_did_you_mean() {
        let (message, help) =
            reword("unknown field `exlude`, expected one of `profile`, `exclude`, `format`");
        assert_eq!(message, "unknown key `exlude`");
        assert_eq!(help.as_deref(), Some("did you mean `exclude`?"));
        let (message, help) =
            reword("unknown variant `blok`, expected one of `log`, `review`, `block`");
        assert_eq!(message, "unknown value `blok`");
        assert_eq!(help.as_deref(), Some("did you mean `block`?"));
        let (_, help) = reword("unknown field `qqqqqq`, expected `rule` or `path`");
        assert_eq!(help.as_deref(), Some("allowed: `rule`, `path`"));
        assert_eq!(reword("invalid type: integer").0, "invalid type: integer");
        let (message, _) = reword("profile: unknown variant `stric`, expected `strict`");
        assert_eq!(message, "unknown value `stric`");
    }
}
