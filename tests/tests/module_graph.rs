//! The files of `dts-client` and `dts-spec` (and of the generator, the macros, the command
//! line and the importer) import each other without a cycle: every path a file names
//! (`use crate::...`, `crate::x::Y` in code, `super::...`, a child module's items) is followed
//! through re-exports (`pub use`) to the file that defines the item, and the resulting graph of
//! files must be acyclic. Test modules (from `#[cfg(test)]` on) and the paths macros write for
//! their callers (`$crate::...`) are not the file's own dependencies.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One source file: its module path and text (test code cut off).
struct File {
    module: Vec<String>,
    text: String,
}

/// The module graph of a crate's source files.
struct Crate {
    files: BTreeMap<Vec<String>, File>,
    /// `#[macro_export]` macros: name -> module of the file defining it.
    macros: BTreeMap<String, Vec<String>>,
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut sources = Vec::new();
        collect(src, src, &mut sources);
        Crate::from_sources(sources)
    }

    /// `sources` are (path relative to `src`, text) pairs.
    fn from_sources(sources: Vec<(String, String)>) -> Crate {
        let mut files = BTreeMap::new();
        let mut macros = BTreeMap::new();
        for (path, text) in sources {
            let mut module: Vec<String> = path
                .trim_end_matches(".rs")
                .split('/')
                .map(str::to_owned)
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = strip(&text);
            let mut rest = text.as_str();
            while let Some(at) = rest.find("macro_rules! ") {
                rest = &rest[at + "macro_rules! ".len()..];
                let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
                macros.insert(name, module.clone());
            }
            files.insert(module.clone(), File { module, text });
        }
        Crate { files, macros }
    }

    /// Every file's dependencies on other files, by module path.
    fn edges(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
        let mut edges = BTreeMap::new();
        for file in self.files.values() {
            let mut to = BTreeSet::new();
            for (reexport, path) in paths(file) {
                if reexport {
                    continue;
                }
                let target = self.resolve(&file.module, &path, 0);
                if let Some(target) = target.filter(|t| *t != file.module) {
                    to.insert(target);
                }
            }
            edges.insert(file.module.clone(), to);
        }
        edges
    }

    /// The module of the file defining what `path` (absolute, or relative to `from`) names.
    fn resolve(&self, from: &[String], path: &[String], depth: usize) -> Option<Vec<String>> {
        if depth > 16 {
            return None;
        }
        let abs = absolute(from, path, |m| self.files.contains_key(m))?;
        let mut module_len = 0;
        for n in 0..=abs.len() {
            if self.files.contains_key(&abs[..n]) {
                module_len = n;
            }
        }
        let module = abs[..module_len].to_vec();
        let Some(item) = abs.get(module_len) else {
            return Some(module);
        };
        if module.is_empty() {
            if let Some(m) = self.macros.get(item) {
                return Some(m.clone());
            }
        }
        // A re-export: follow it to where the item is defined.
        let file = &self.files[&module];
        for (reexport, target) in paths(file) {
            let named = target
                .last()
                .is_some_and(|l| l == item || *l == format!(" as {item}"));
            if reexport && named {
                let target: Vec<String> = target
                    .iter()
                    .filter(|s| !s.starts_with(" as "))
                    .cloned()
                    .collect();
                return self.resolve(&module, &target, depth + 1);
            }
        }
        // A glob re-export (`pub use generated::*`) of a module of this crate.
        for (reexport, target) in paths(file) {
            if reexport && target.last().is_some_and(|l| l == "*") {
                let mut glob = target.clone();
                glob.pop();
                glob.push(item.clone());
                if let Some(m) = self.resolve(&module, &glob, depth + 1) {
                    return Some(m);
                }
            }
        }
        Some(module)
    }

    /// A cycle of files, if there is one.
    fn cycle(&self) -> Option<Vec<Vec<String>>> {
        let edges = self.edges();
        let mut state: BTreeMap<&Vec<String>, u8> = BTreeMap::new();
        let mut stack = Vec::new();
        fn visit<'a>(
            n: &'a Vec<String>,
            edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
            state: &mut BTreeMap<&'a Vec<String>, u8>,
            stack: &mut Vec<&'a Vec<String>>,
        ) -> Option<Vec<Vec<String>>> {
            match state.get(n) {
                Some(2) => return None,
                Some(1) => {
                    let at = stack.iter().position(|m| *m == n).unwrap_or(0);
                    let mut cycle: Vec<Vec<String>> =
                        stack[at..].iter().map(|m| (*m).clone()).collect();
                    cycle.push(n.clone());
                    return Some(cycle);
                }
                _ => {}
            }
            state.insert(n, 1);
            stack.push(n);
            for m in edges.get(n).into_iter().flatten() {
                if let Some(c) = visit(m, edges, state, stack) {
                    return Some(c);
                }
            }
            stack.pop();
            state.insert(n, 2);
            None
        }
        for n in edges.keys() {
            if let Some(c) = visit(n, &edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
        None
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "bin") {
                continue;
            }
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under the root");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            out.push((rel, text));
        }
    }
}

/// The text without line comments and test code.
fn strip(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path `file` names that starts at `crate`, `super` or `self`, or at a child module
/// in a `use`; with whether it is a `pub use` (a re-export). A rename is kept as a last
/// segment `" as name"`.
fn paths(file: &File) -> Vec<(bool, Vec<String>)> {
    let text = &file.text;
    let mut out = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word =
            i == 0 || !(is_ident(bytes[i - 1]) || bytes[i - 1] == '$' || bytes[i - 1] == ':');
        if !starts_word {
            i += 1;
            continue;
        }
        let rest: String = bytes[i..bytes.len().min(i + 12)].iter().collect();
        if rest.starts_with("use ") {
            // The statement before: `pub use`, `pub(crate) use`?
            let before: String = bytes[i.saturating_sub(12)..i].iter().collect();
            let reexport = before.trim_end().ends_with("pub") || before.trim_end().ends_with(')');
            let end = bytes[i..]
                .iter()
                .position(|c| *c == ';')
                .map_or(bytes.len(), |e| i + e);
            let stmt: String = bytes[i + 4..end].iter().collect();
            for p in tree(&stmt) {
                out.push((reexport, p));
            }
            i = end;
            continue;
        }
        for root in ["crate::", "super::", "self::"] {
            if rest.starts_with(root) {
                let end = bytes[i..]
                    .iter()
                    .position(|c| !(is_ident(*c) || *c == ':'))
                    .map_or(bytes.len(), |e| i + e);
                let path: String = bytes[i..end].iter().collect();
                let segs: Vec<String> = path
                    .split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                out.push((false, segs));
                i = end;
                break;
            }
        }
        i += 1;
    }
    out
}

/// The paths of a use tree (`a::{b, c::{d as e}}`).
fn tree(text: &str) -> Vec<Vec<String>> {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    expand(&text, Vec::new(), &mut out);
    out
}

fn expand(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let text = text.trim();
    if let Some(open) = text.find('{') {
        let head = &text[..open];
        let mut base = prefix.clone();
        base.extend(
            head.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
        let close = text.rfind('}').filter(|c| *c > open).unwrap_or(text.len());
        let inner = &text[open + 1..close];
        let mut depth = 0;
        let mut start = 0;
        for (at, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..at], base.clone(), out);
                    start = at + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], base, out);
        return;
    }
    if text.is_empty() {
        return;
    }
    let (path, rename) = match text.split_once(" as ") {
        Some((p, r)) => (p, Some(r.trim())),
        None => (text, None),
    };
    let mut segs = prefix;
    segs.extend(
        path.split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
    );
    if segs.last().map(String::as_str) == Some("self") {
        segs.pop();
    }
    if let Some(r) = rename {
        segs.push(format!(" as {r}"));
    }
    out.push(segs);
}

/// `path` from module `from` as an absolute module path; `None` for another crate's.
fn absolute(
    from: &[String],
    path: &[String],
    is_module: impl Fn(&[String]) -> bool,
) -> Option<Vec<String>> {
    let mut segs = path.iter().filter(|s| !s.starts_with(" as ") && *s != "*");
    let first = segs.next()?;
    let mut abs: Vec<String> = match first.as_str() {
        "crate" => Vec::new(),
        "self" => from.to_vec(),
        "super" => {
            let mut m = from.to_vec();
            m.pop();
            m
        }
        child => {
            let mut m = from.to_vec();
            m.push(child.to_owned());
            if !is_module(&m) {
                return None;
            }
            m
        }
    };
    for s in segs {
        if s == "super" {
            abs.pop();
        } else {
            abs.push(s.clone());
        }
    }
    Some(abs)
}

fn show(cycle: &[Vec<String>]) -> String {
    cycle
        .iter()
        .map(|m| {
            if m.is_empty() {
                "lib".to_owned()
            } else {
                m.join("::")
            }
        })
        .collect::<Vec<_>>()
        .join(" -> ")
}

fn check(krate: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src");
    let graph = Crate::read(&src);
    assert!(graph.files.len() > 5, "{krate}: found its source files");
    if let Some(cycle) = graph.cycle() {
        panic!(
            "{krate}: the files import each other in a cycle: {}",
            show(&cycle)
        );
    }
}

#[test]
fn dts_client_files_import_each_other_without_a_cycle() {
    check("dts-client");
}

#[test]
fn dts_spec_files_import_each_other_without_a_cycle() {
    check("dts-spec");
}

#[test]
fn a_cycle_through_a_reexport_is_found() {
    let krate = Crate::from_sources(vec![
        (
            "lib.rs".into(),
            "mod a;\nmod b;\npub use a::Alpha;\n".into(),
        ),
        (
            "a.rs".into(),
            "use crate::b::Beta;\npub struct Alpha(Beta);\n".into(),
        ),
        (
            "b/mod.rs".into(),
            "mod inner;\npub use inner::Beta;\n".into(),
        ),
        (
            "b/inner.rs".into(),
            "pub struct Beta(Box<crate::Alpha>);\n#[cfg(test)]\nuse crate::c;\n".into(),
        ),
    ]);
    let cycle = krate.cycle().expect("a -> b::inner -> a is a cycle");
    assert_eq!(show(&cycle), "a -> b::inner -> a");
    let acyclic = Crate::from_sources(vec![
        ("lib.rs".into(), "mod a;\nmod b;\n".into()),
        ("a.rs".into(), "use crate::b::{self, Beta as B};\n".into()),
        ("b.rs".into(), "use std::fmt;\n// use crate::a;\n".into()),
    ]);
    assert_eq!(acyclic.cycle(), None);
}

/// The generator, the macros, the command line, the importer and the emulator keep to it as
/// well.
#[test]
fn other_crates_files_import_each_other_without_a_cycle() {
    for krate in [
        "dts-codegen",
        "dts-macros",
        "dts-cli",
        "dts-import",
        "dts-emulator",
    ] {
        check(krate);
    }
}
