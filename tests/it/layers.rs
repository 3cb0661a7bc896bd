//! The module graph of `src/`: no two sibling modules use each other, directly or round a
//! longer loop, and the CLI and the editing layer use nothing inside `lint::rules`. Read
//! from the source text (the paths after `crate::`, `super::`, `self::` and `imtacfg::`,
//! `use` groups included; test modules left out), so a new cycle fails here by name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Every module of the library and the binary (one namespace: the binary adds `cli`),
/// with its source up to its test module.
fn modules() -> BTreeMap<Module, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<Module, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let mut module: Module =
                    rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
                if ["mod", "lib", "main"].contains(&module.last().unwrap().as_str()) {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let text = match text.find("#[cfg(test)]") {
                    Some(cut) => text[..cut].to_string(),
                    None => text,
                };
                out.insert(module, text);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The paths a source names, each as written from its first segment (`crate`, `super`,
/// `self` or `imtacfg`): `use a::{b, c::d}` gives `a::b` and `a::c::d`.
fn paths(text: &str) -> Vec<Vec<String>> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let head = ["crate::", "super::", "self::", "imtacfg::"]
            .into_iter()
            .find(|h| boundary && bytes[i..].starts_with(h.as_bytes()));
        match head {
            Some(h) => {
                let first = h.trim_end_matches(':').to_string();
                i = tail(bytes, i + h.len(), vec![first], &mut out);
            }
            None => i += 1,
        }
    }
    out
}

/// Read the rest of a path after `prefix::` from `i`, pushing every path it names; returns
/// where it stopped.
fn tail(b: &[u8], mut i: usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'{' {
            i += 1;
            loop {
                while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'}' {
                    return i + 1;
                }
                i = tail(b, i, prefix.clone(), out);
                // Skip `as name` and anything else up to the next item.
                while i < b.len() && b[i] != b',' && b[i] != b'}' {
                    i += 1;
                }
            }
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        if i > start {
            prefix.push(String::from_utf8_lossy(&b[start..i]).into_owned());
        }
        if b[i..].starts_with(b"::") {
            i += 2;
        } else {
            out.push(prefix);
            return i;
        }
    }
}

/// The module a path written in `from` lands in: its longest prefix that is a module.
fn target(from: &Module, path: &[String], mods: &BTreeMap<Module, String>) -> Option<Module> {
    let mut abs: Module = match path[0].as_str() {
        "crate" | "imtacfg" => Vec::new(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        _ => from.clone(),
    };
    for seg in &path[1..] {
        match seg.as_str() {
            "super" => {
                abs.pop();
            }
            "self" => {}
            _ => abs.push(seg.clone()),
        }
    }
    (1..=abs.len()).rev().map(|n| abs[..n].to_vec()).find(|m| mods.contains_key(m))
}

/// Edges between sibling modules: `a::x` using `a::y::z` is the edge `x → y` below `a`.
/// A module using its parent or a child is no edge (that is how Rust modules are made).
fn sibling_edges() -> BTreeMap<Module, BTreeMap<String, BTreeSet<(String, String)>>> {
    let mods = modules();
    let mut graphs: BTreeMap<Module, BTreeMap<String, BTreeSet<(String, String)>>> =
        BTreeMap::new();
    for (from, text) in &mods {
        for path in paths(text) {
            let Some(to) = target(from, &path, &mods) else { continue };
            let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue;
            }
            let parent = from[..common].to_vec();
            graphs.entry(parent).or_default().entry(from[common].clone()).or_default().insert((
                to[common].clone(),
                format!("{} uses {}", from.join("::"), path.join("::")),
            ));
        }
    }
    graphs
}

/// A loop through `start` in `graph`, as the edges that make it, if there is one.
fn cycle_through(
    start: &str,
    graph: &BTreeMap<String, BTreeSet<(String, String)>>,
) -> Option<Vec<String>> {
    fn dfs(
        at: &str,
        start: &str,
        graph: &BTreeMap<String, BTreeSet<(String, String)>>,
        seen: &mut BTreeSet<String>,
        trail: &mut Vec<String>,
    ) -> bool {
        for (next, why) in graph.get(at).into_iter().flatten() {
            trail.push(why.clone());
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) && dfs(next, start, graph, seen, trail) {
                return true;
            }
            trail.pop();
        }
        false
    }
    let mut trail = Vec::new();
    dfs(start, start, graph, &mut BTreeSet::new(), &mut trail).then_some(trail)
}

#[test]
fn no_two_sibling_modules_use_each_other() {
    let graphs = sibling_edges();
    assert!(graphs.len() > 10, "the module graph was not read: {:?}", graphs.keys());
    let mut cycles = Vec::new();
    for (parent, graph) in &graphs {
        for start in graph.keys() {
            if let Some(trail) = cycle_through(start, graph) {
                cycles.push(format!("below `{}`: {}", parent.join("::"), trail.join(", ")));
                break;
            }
        }
    }
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

/// The checker itself finds a cycle, so the test above cannot pass by reading nothing.
#[test]
fn the_cycle_check_sees_a_loop() {
    let text = "use super::b::thing;\nfn f() { use crate::a::c::{x, y as z}; }";
    assert_eq!(
        paths(text),
        vec![
            vec!["super", "b", "thing"],
            vec!["crate", "a", "c", "x"],
            vec!["crate", "a", "c", "y"],
        ]
    );
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from([("b".to_string(), "a uses b".to_string())]));
    graph.insert("b".to_string(), BTreeSet::from([("a".to_string(), "b uses a".to_string())]));
    assert_eq!(cycle_through("a", &graph).unwrap(), vec!["a uses b", "b uses a"]);
    graph.remove("b");
    assert_eq!(cycle_through("a", &graph), None);
}

#[test]
fn cli_and_edit_use_nothing_inside_lint_rules() {
    let mods = modules();
    let mut found = Vec::new();
    for (from, text) in &mods {
        if !matches!(from.first().map(String::as_str), Some("cli" | "edit")) {
            continue;
        }
        for path in paths(text) {
            if let Some(to) = target(from, &path, &mods)
                && to.len() > 1
                && to[0] == "lint"
                && to[1] == "rules"
            {
                found.push(format!("{} uses {}", from.join("::"), path.join("::")));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
