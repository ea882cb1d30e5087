//! "Did you mean" suggestions by edit distance.

/// Levenshtein distance between two strings, by chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            row[j + 1] = substitute.min(prev[j + 1] + 1).min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 4);
    candidates
        .into_iter()
        .map(|c| {
            // A difference in case only is the likeliest mistake of all.
            let d = if c.to_ascii_lowercase() == lower {
                0
            } else {
                edit_distance(word, c)
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            edit_distance("volumeClaimTemolates", "volumeClaimTemplates"),
            1
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["replicas", "selector", "volumeClaimTemplates", "template"];
        assert_eq!(
            did_you_mean("volumeClaimTemolates", fields),
            Some("volumeClaimTemplates")
        );
        assert_eq!(did_you_mean("Replicas", fields), Some("replicas"));
        assert_eq!(did_you_mean("color", fields), None);
    }
}
