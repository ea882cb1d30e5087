//! `resource.Quantity` syntax, as `ParseQuantity` in apimachinery accepts it.

/// The error the API server's Quantity decoder returns for a malformed quantity.
pub const ERR_FORMAT: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// The error for a well-formed quantity with an unknown suffix (e.g. `1ki`).
pub const ERR_SUFFIX: &str = "unable to parse quantity's suffix";

const SUFFIXES: [&str; 14] = [
    "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti",
];
const MORE_SUFFIXES: [&str; 2] = ["Pi", "Ei"];

/// Checks a quantity string; `Err` carries the API server's message.
pub fn check(text: &str) -> Result<(), &'static str> {
    let s = text.trim();
    let rest = s.strip_prefix(['+', '-']).unwrap_or(s);
    let number_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(number_len);
    if number.is_empty() || number.chars().filter(|c| *c == '.').count() > 1 || number == "." {
        return Err(ERR_FORMAT);
    }
    let letters_len = suffix
        .find(|c: char| !"eEinumkKMGTP".contains(c))
        .unwrap_or(suffix.len());
    let (letters, exponent) = suffix.split_at(letters_len);
    let exponent_digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if !exponent_digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ERR_FORMAT);
    }
    if !exponent.is_empty() {
        // Only the decimal exponent forms take digits after the letters.
        return match letters {
            "e" | "E" if !exponent_digits.is_empty() => Ok(()),
            _ => Err(ERR_SUFFIX),
        };
    }
    if SUFFIXES.contains(&letters) || MORE_SUFFIXES.contains(&letters) {
        Ok(())
    } else {
        Err(ERR_SUFFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_forms_kubernetes_accepts() {
        for q in [
            "1Gi",
            "500m",
            "1",
            "0.5",
            "+2k",
            "1e3",
            "1E-2",
            "128974848",
            ".5",
            "10Ei",
        ] {
            assert_eq!(check(q), Ok(()), "{q}");
        }
    }

    #[test]
    fn rejects_like_parse_quantity() {
        assert_eq!(check("1Gb"), Err(ERR_FORMAT));
        assert_eq!(check("1GB"), Err(ERR_FORMAT));
        assert_eq!(check("Gi"), Err(ERR_FORMAT));
        assert_eq!(check("1..2"), Err(ERR_FORMAT));
        assert_eq!(check("1ki"), Err(ERR_SUFFIX));
        assert_eq!(check("1Mi5"), Err(ERR_SUFFIX));
    }
}
