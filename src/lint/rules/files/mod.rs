//! Findings about files as a whole: includes and over-long physical lines.

pub mod includes;
pub mod long_physical_line;
