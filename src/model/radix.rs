//! Integer values as the product writes them: decimal with an optional sign, or the
//! radix form `b%v` (`16%FF` is 255), where `b` is the base written in decimal.

/// Why a text is not an integer in the product's notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntError {
    /// Nothing but blanks where a number should be.
    Empty,
    /// Not digits, and not `b%v`.
    NotANumber,
    /// `b%v` with a base outside 2..=36.
    BadRadix(u32),
    /// A digit that the base does not have.
    BadDigit {
        /// The base given before the `%`.
        radix: u32,
        /// The first character that is not a digit in that base.
        digit: char,
    },
    /// Too large for 64 bits.
    Overflow,
    /// C-style `0x..`: not documented for the product.
    HexPrefix,
}

impl std::fmt::Display for IntError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntError::Empty => write!(f, "the value is empty"),
            IntError::NotANumber => write!(f, "not an integer (decimal, or b%v such as 16%FF)"),
            IntError::BadRadix(r) => write!(f, "radix {r} is outside 2..36"),
            IntError::BadDigit { radix, digit } => {
                write!(f, "{digit:?} is not a digit in radix {radix}")
            }
            IntError::Overflow => write!(f, "the number is too large"),
            IntError::HexPrefix => {
                write!(f, "the 0x prefix is not a documented integer form; write 16%… instead")
            }
        }
    }
}

/// Parse an integer value: `-12`, `42`, `16%FF`, `-16%FF`, `8%777`.
pub fn parse_int(text: &str) -> Result<i64, IntError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(IntError::Empty);
    }
    let (neg, body) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if body.len() > 2 && (body.starts_with("0x") || body.starts_with("0X")) {
        return Err(IntError::HexPrefix);
    }
    let value = match body.split_once('%') {
        Some((radix, digits)) => {
            if radix.is_empty() || !radix.bytes().all(|b| b.is_ascii_digit()) {
                return Err(IntError::NotANumber);
            }
            let radix: u32 = radix.parse().map_err(|_| IntError::BadRadix(u32::MAX))?;
            if !(2..=36).contains(&radix) {
                return Err(IntError::BadRadix(radix));
            }
            digits_value(digits, radix)?
        }
        None => {
            if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
                return Err(IntError::NotANumber);
            }
            digits_value(body, 10)?
        }
    };
    Ok(if neg { -value } else { value })
}

fn digits_value(digits: &str, radix: u32) -> Result<i64, IntError> {
    if digits.is_empty() {
        return Err(IntError::NotANumber);
    }
    let mut value: i64 = 0;
    for ch in digits.chars() {
        let d = ch.to_digit(radix).ok_or(IntError::BadDigit { radix, digit: ch })?;
        value = value
            .checked_mul(radix as i64)
            .and_then(|v| v.checked_add(d as i64))
            .ok_or(IntError::Overflow)?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_forms() {
        assert_eq!(parse_int("16%FF"), Ok(255));
        assert_eq!(parse_int("8%777"), Ok(511));
        assert_eq!(parse_int("2%101"), Ok(5));
        assert_eq!(parse_int("-1"), Ok(-1));
        assert_eq!(parse_int(" 642 "), Ok(642));
        assert_eq!(parse_int("16%ff"), Ok(255));
    }

    #[test]
    fn bad_forms() {
        assert_eq!(parse_int(""), Err(IntError::Empty));
        assert_eq!(parse_int("abc"), Err(IntError::NotANumber));
        assert_eq!(parse_int("0x10"), Err(IntError::HexPrefix));
        assert_eq!(parse_int("1%1"), Err(IntError::BadRadix(1)));
        assert_eq!(parse_int("8%9"), Err(IntError::BadDigit { radix: 8, digit: '9' }));
        assert_eq!(parse_int("99999999999999999999"), Err(IntError::Overflow));
        assert_eq!(parse_int("%5"), Err(IntError::NotANumber));
    }
}
