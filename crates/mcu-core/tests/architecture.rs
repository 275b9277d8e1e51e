//! The layers of the core, checked on its sources (ARCHITECTURE.md, "Layers"):
//! storage (`db/`) knows the model and the pure rules, never a domain module;
//! the model and the pure rules know neither storage nor the domain; the core
//! knows nothing of the window.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Modules below storage: data and rules with no I/O. (`period` is not
/// among them: it parses weeks and report periods, the analytics' and the
/// reports' notions.)
const PURE: &[&str] = &[
    "model",
    "error",
    "calendar",
    "deadline",
    "numbering",
    "audit",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The top-level modules of this crate a file names as `crate::<module>`
/// (comments are read too: a doc link upwards is as wrong as an import).
fn crate_modules(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        if text[..i].ends_with("mcu_") || text[..i].ends_with('_') {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::{a, b}` lists several.
        if name.is_empty() && rest.starts_with('{') {
            let list = &rest[1..rest.find('}').unwrap_or(rest.len())];
            for part in list.split(',') {
                let part = part.trim();
                let head: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !head.is_empty() {
                    out.insert(head);
                }
            }
        } else if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

fn violations(files: &[PathBuf], allowed: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for f in files {
        for m in crate_modules(f) {
            // Items re-exported at the crate root by lib.rs are types, not modules.
            let is_type = m.chars().next().is_some_and(char::is_uppercase);
            if !is_type && !allowed.contains(&m.as_str()) {
                out.push(format!("{} uses crate::{m}", f.display()));
            }
        }
    }
    out
}

#[test]
fn storage_knows_the_model_and_the_rules_never_a_domain_module() {
    let files = rust_files(&src().join("db"));
    assert!(files.len() > 10, "the storage modules were found");
    let mut allowed = PURE.to_vec();
    allowed.push("db");
    assert_eq!(violations(&files, &allowed), Vec::<String>::new());
}

#[test]
fn the_model_and_the_rules_know_neither_storage_nor_the_domain() {
    let mut files = rust_files(&src().join("model"));
    for m in PURE.iter().filter(|m| **m != "model") {
        files.push(src().join(format!("{m}.rs")));
    }
    assert_eq!(violations(&files, PURE), Vec::<String>::new());
}

#[test]
fn the_core_knows_nothing_of_the_window() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("tauri"), "mcu-core depends on tauri");
    for f in rust_files(&src()) {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!text.contains("tauri::"), "{} names tauri", f.display());
    }
}
