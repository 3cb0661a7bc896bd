//! Findings about files as a whole: includes and over-long physical lines.

pub mod includes;
pub mod long_physical_line;

#[cfg(test)]
mod tests {
    use crate::lint::rules::testing::codes;

    #[test]
    fn includes_and_long_lines() {
        let long = format!("! {}", "x".repeat(260));
        let text = format!("<IMTA_TABLE:missing.rules\n{long}\n.a $U@l-host\n\nl\nl-host\n");
        let found: Vec<_> = codes(&[("imta.cnf", &text)])
            .into_iter()
            .filter(|(c, _, _)| c.starts_with('X'))
            .map(|(c, _, l)| (c, l))
            .collect();
        assert_eq!(found, vec![("X101", 1), ("X001", 2)]);
    }
}
