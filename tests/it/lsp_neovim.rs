//! `imtacfg lsp` through a real editor: Neovim's built-in LSP client, headless, scripted by
//! `editors/neovim/e2e.lua`. Skipped (with a note) when `nvim` is not installed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{BIN, MISTAKES, ROOT, answers, copy_dir};
use crate::lsp::{config_names, lint_by_file};

fn have_nvim() -> bool {
    answers("nvim", &["--version"])
}

/// (line, code) pairs, sorted.
fn pairs(v: &Value) -> Vec<(u64, String)> {
    let mut out: Vec<(u64, String)> = v
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| (p[0].as_u64().unwrap(), p[1].as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn lsp_neovim_end_to_end() {
    if !have_nvim() {
        eprintln!("note: nvim is not installed; the Neovim end-to-end test is skipped");
        return;
    }
    let dir = copy_dir(MISTAKES);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let (_, expected) = lint_by_file(&root);
    let names = config_names(&root);

    let out = root.join("nvim-result.json");
    let script = Path::new(ROOT).join("editors/neovim/e2e.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("IMTACFG_BIN", BIN)
        .env("CONF_DIR", &root)
        .env("FILES", names.join(","))
        .env("OUT", &out)
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the script wrote its results"))
            .unwrap();
    assert!(result.get("error").is_none(), "{result}");
    assert_eq!(result["all_published"], true, "{result}");
    assert_eq!(result["clients"], 1, "one server for every buffer: {result}");

    // Diagnostics equal to lint --format json, file by file.
    for name in &names {
        assert_eq!(
            pairs(&result["diagnostics"][name]),
            expected.get(name).cloned().unwrap_or_default(),
            "diagnostics of {name} in Neovim"
        );
    }
    // Hover and completion.
    let hover = result["hover"].as_str().unwrap();
    assert!(hover.contains("master_debug") && hover.contains("Source: "), "{hover}");
    let completion: Vec<&str> =
        result["completion"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(completion.contains(&"LOG_CONNECTION"), "{completion:?}");
    // The code action applied in the buffer: OPT103 of line 9 is gone, the rest stays.
    assert!(result["action"].is_string(), "{result}");
    assert_eq!(result["republished"], true);
    let before = &expected["option.dat"];
    let after = pairs(&result["after"]);
    assert_eq!(after.len() + 1, before.len(), "{after:?} vs {before:?}");
    assert!(!after.contains(&(9, "OPT103".to_string())), "{after:?}");
    // The file on disk is untouched (the edit is in the buffer only).
    assert_eq!(
        std::fs::read(root.join("option.dat")).unwrap(),
        std::fs::read(Path::new(ROOT).join(MISTAKES).join("option.dat")).unwrap()
    );
    // Shut down cleanly: the server exited with status 0.
    assert_eq!(result["stopped"], true);
    assert_eq!(result["exit"][0], 0, "{result}");
}
