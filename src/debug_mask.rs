//! The Dispatcher DEBUG mask: reading it in every form the product and its environment
//! variable use, and naming its bits.
//!
//! `DEBUG` in dispatcher.cnf is an integer in the option-file notation (decimal, `-1` for
//! every bit, or `b%v` such as `16%1010`); `IMTA_DISPATCHER_DEBUG` holds bare hexadecimal
//! (`FFFFFFFF`). Values are 32 bits wide.

use serde::Serialize;

use crate::knowledge::catalog::debug_bits;
use crate::knowledge::{BitStatus, DebugBit};
use crate::model::radix::parse_int;

/// What one set bit means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodedBit {
    /// The bit number, 0 (least significant) to 31.
    pub bit: u8,
    /// `0x00000400`.
    pub hex: String,
    /// The bit's value alone, in decimal (`1024`): what to add to a decimal `DEBUG`.
    pub decimal: u32,
    /// The stable name for `debug encode` (empty when the bit has none).
    pub name: &'static str,
    /// What the Dispatcher traces when the bit is set, or a note that nothing documents it.
    pub meaning: &'static str,
    /// `documented`, `not-used` or `undocumented`.
    pub status: &'static str,
}

/// A decoded mask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    /// The mask as given, kept so output can echo it.
    pub input: String,
    /// The 32-bit value read.
    pub value: u32,
    /// The value as eight hexadecimal digits (`0x00000C00`).
    pub hex: String,
    /// The set bits, lowest first; empty for `0`.
    pub bits: Vec<DecodedBit>,
}

/// The catalog entry of a bit, if the table lists it.
pub fn bit_info(bit: u8) -> Option<&'static DebugBit> {
    debug_bits().iter().find(|b| b.bit == bit)
}

/// Why a mask or a list of bits cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MaskError {
    /// Nothing was given.
    #[error("the value is empty")]
    Empty,
    /// Hexadecimal digits were expected.
    #[error("`{0}` is not a hexadecimal number")]
    NotHex(String),
    /// More than 32 bits.
    #[error("`{0}` does not fit in 32 bits")]
    TooWide(String),
    /// Not a number the option notation reads.
    #[error("`{input}`: {reason}")]
    NotNumber {
        /// The value as given.
        input: String,
        /// What the option notation reader said.
        reason: String,
    },
    /// A bit number over 31.
    #[error("bit {0} does not exist: the mask has bits 0 to 31")]
    NoSuchBit(u32),
    /// Neither a number nor a documented bit name.
    #[error("`{0}` is neither a bit number nor a bit name (see `imtacfg debug encode --help`)")]
    UnknownName(String),
}

/// Read a mask as the `DEBUG` option is written (decimal, `-1`, `b%v`, or `0x…`), or with
/// `hex` as the environment variable is written (bare hexadecimal).
pub fn parse_value(input: &str, hex: bool) -> Result<u32, MaskError> {
    let t = input.trim();
    let too_wide = || MaskError::TooWide(input.to_string());
    if t.is_empty() {
        return Err(MaskError::Empty);
    }
    let from_hex = |digits: &str| -> Result<u32, MaskError> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(MaskError::NotHex(input.to_string()));
        }
        let digits = digits.trim_start_matches('0');
        if digits.len() > 8 {
            return Err(too_wide());
        }
        Ok(u32::from_str_radix(if digits.is_empty() { "0" } else { digits }, 16).unwrap_or(0))
    };
    if hex {
        let digits = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).unwrap_or(t);
        return from_hex(digits);
    }
    if let Some(digits) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return from_hex(digits);
    }
    let v = parse_int(t)
        .map_err(|e| MaskError::NotNumber { input: input.to_string(), reason: e.to_string() })?;
    if (0..=u32::MAX as i64).contains(&v) {
        Ok(v as u32)
    } else if (i32::MIN as i64..0).contains(&v) {
        // Negative values are the 32-bit two's complement (-1 = every bit).
        Ok(v as i32 as u32)
    } else {
        Err(too_wide())
    }
}

/// Name every set bit of a mask.
pub fn decode_value(input: &str, value: u32) -> Decoded {
    let bits = (0u8..32)
        .filter(|b| value & (1 << b) != 0)
        .map(|b| {
            let info = bit_info(b);
            DecodedBit {
                bit: b,
                hex: format!("0x{:08X}", 1u32 << b),
                decimal: 1 << b,
                name: info.map_or("", |i| i.name.as_str()),
                meaning: info
                    .map_or("no version of the product documents this bit", |i| i.meaning.as_str()),
                status: match info.map(|i| i.status) {
                    Some(BitStatus::Documented) => "documented",
                    Some(BitStatus::NotUsed) => "not-used",
                    None => "undocumented",
                },
            }
        })
        .collect();
    Decoded { input: input.to_string(), value, hex: format!("0x{value:08X}"), bits }
}

/// Build a mask from bit numbers (`0`–`31`) and documented bit names.
pub fn encode(items: &[String]) -> Result<u32, MaskError> {
    let mut mask = 0u32;
    for item in items {
        let it = item.trim();
        let bit = if let Ok(n) = it.parse::<u32>() {
            if n > 31 {
                return Err(MaskError::NoSuchBit(n));
            }
            n as u8
        } else {
            debug_bits()
                .iter()
                .find(|b| !b.name.is_empty() && b.name.eq_ignore_ascii_case(it))
                .map(|b| b.bit)
                .ok_or_else(|| MaskError::UnknownName(it.to_string()))?
        };
        mask |= 1 << bit;
    }
    Ok(mask)
}

/// The `DEBUG=` value for a mask: `-1` for every bit, decimal up to 2^31-1, the radix
/// form above (which the option notation reads without sign trouble).
pub fn option_value(mask: u32) -> String {
    if mask == u32::MAX {
        "-1".into()
    } else if mask <= i32::MAX as u32 {
        mask.to_string()
    } else {
        format!("16%{mask:X}")
    }
}

/// The `IMTA_DISPATCHER_DEBUG=` value: bare hexadecimal.
pub fn env_value(mask: u32) -> String {
    format!("{mask:X}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_form() {
        assert_eq!(parse_value("-1", false), Ok(u32::MAX));
        assert_eq!(parse_value("FFFFFFFF", true), Ok(u32::MAX));
        assert_eq!(parse_value("0x1010", false), Ok(0x1010));
        assert_eq!(parse_value("4112", false), Ok(4112));
        assert_eq!(parse_value("16%1010", false), Ok(0x1010));
        assert_eq!(parse_value("1010", true), Ok(0x1010));
    }

    #[test]
    fn bad_values() {
        assert!(parse_value("abc", false).is_err());
        assert!(parse_value("XYZ", true).is_err());
        assert!(parse_value("4294967296", false).is_err());
        assert!(parse_value("1FFFFFFFF", true).is_err());
        assert!(parse_value("", false).is_err());
    }

    #[test]
    fn decode_names_bits_and_status() {
        let d = decode_value("-1", u32::MAX);
        assert_eq!(d.bits.len(), 32);
        assert_eq!(d.bits[7].status, "not-used");
        assert_eq!(d.bits[18].status, "undocumented");
        assert_eq!(d.bits[24].status, "documented");
        let d = decode_value("4112", 4112);
        assert_eq!(d.bits.iter().map(|b| b.bit).collect::<Vec<_>>(), vec![4, 12]);
        assert_eq!(d.hex, "0x00001010");
    }

    #[test]
    fn encode_and_values() {
        assert_eq!(encode(&["4".into(), "worker-basic".into()]), Ok(0x1010));
        assert!(encode(&["32".into()]).is_err());
        assert!(encode(&["nonsense".into()]).is_err());
        assert_eq!(option_value(u32::MAX), "-1");
        assert_eq!(option_value(0x1010), "4112");
        assert_eq!(option_value(0x8000_0000), "16%80000000");
        assert_eq!(env_value(u32::MAX), "FFFFFFFF");
        assert_eq!(parse_value(&option_value(0x8000_0000), false), Ok(0x8000_0000));
    }
}
