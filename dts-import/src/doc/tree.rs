//! Rebuilding the nesting of a flattened table.
//!
//! Pages list nested fields as one flat list: an `Array of X` or `Object` row is followed by
//! its children with no indentation. The samples show the real nesting, so a row goes under
//! the innermost open container whose sample has a member of that name.
//!
//! A row the sample does not show is placed by document order. When a later row is placed by
//! the sample, the unknown row goes no higher than that row's level and no deeper than the
//! innermost open container; between the two it goes into the innermost container the sample
//! says nothing about, else to the later row's level (`Tag ... ResourceGroupId`: the sample
//! shows `Tag`'s members, so `ResourceGroupId` is not one). When no later row is placed, a
//! response row stays in the innermost container (tables list a container's members right
//! after it and samples often leave members out), while a request row goes to the top level
//! (request tables are flat lists in which containers are rare).

use super::sample::{is_index, Sample};
use super::table::{Elem, Row, RowType};
use super::Warnings;

/// Containers nest at most this deep; deeper rows stay at this depth.
const MAX_DEPTH: usize = 24;
/// How many rows ahead the placement of an unknown row looks.
const LOOKAHEAD: usize = 200;

/// A placed row with its children.
#[derive(Debug)]
pub(crate) struct Node<'a, 's> {
    pub row: Row<'a>,
    pub children: Vec<usize>,
    /// What the sample shows for this field (for arrays: their elements).
    pub sample: Option<&'s Sample>,
}

/// Which table is being arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Response,
}

/// Rows arranged as a tree; `roots` and `children` index `nodes`.
#[derive(Debug, Default)]
pub(crate) struct Tree<'a, 's> {
    pub nodes: Vec<Node<'a, 's>>,
    pub roots: Vec<usize>,
}

impl<'a, 's> Tree<'a, 's> {
    fn children(&self, parent: Option<usize>) -> &[usize] {
        match parent {
            None => &self.roots,
            Some(p) => self.nodes.get(p).map_or(&[], |n| n.children.as_slice()),
        }
    }

    fn child_named(&self, parent: Option<usize>, name: &str) -> Option<usize> {
        self.children(parent)
            .iter()
            .copied()
            .find(|&c| self.nodes.get(c).is_some_and(|n| n.row.name == name))
    }

    fn add(&mut self, parent: Option<usize>, row: Row<'a>, sample: Option<&'s Sample>) -> usize {
        let idx = self.nodes.len();
        self.nodes.push(Node {
            row,
            children: Vec::new(),
            sample,
        });
        match parent.and_then(|p| self.nodes.get_mut(p)) {
            Some(p) => p.children.push(idx),
            None => self.roots.push(idx),
        }
        idx
    }
}

struct Frame<'s> {
    node: Option<usize>,
    sample: Option<&'s Sample>,
}

fn knows(f: &Frame<'_>, name: &str) -> bool {
    f.sample.is_some_and(|s| s.child(name).is_some())
}

/// Arranges rows into a tree using the sample (`None` when the page has none).
pub(crate) fn build<'a, 's>(
    rows: Vec<Row<'a>>,
    sample: Option<&'s Sample>,
    side: Side,
    w: &mut Warnings,
) -> Tree<'a, 's> {
    let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    let mut tree = Tree::default();
    let mut stack = vec![Frame { node: None, sample }];
    let mut cx = Unknown {
        marked: rows.iter().any(|r| r.depth > 0),
        names: &names,
        side,
        have_sample: sample.is_some(),
        warned: Vec::new(),
    };
    for (i, mut row) in rows.into_iter().enumerate() {
        if row.name.contains('.') {
            place_dotted(&mut tree, row, sample, w);
            stack.truncate(1);
            continue;
        }
        let known = (0..stack.len()).rev().find(|&k| {
            stack.get(k).is_some_and(|f| {
                knows(f, &row.name) && tree.child_named(f.node, &row.name).is_none()
            })
        });
        let level = match known {
            Some(k) => k,
            None => match cx.level(&tree, &stack, i, &row, w) {
                Some(k) => k,
                None => continue,
            },
        };
        stack.truncate(level + 1);
        let Some(frame) = stack.last() else { continue };
        let parent = frame.node;
        let child_sample = frame.sample.and_then(|s| s.child(&row.name));
        // Request samples show JSON-string values as structures: only responses follow.
        if let (Some(s), Side::Response) = (child_sample, side) {
            follow_sample(&mut row, s, w);
        }
        // A list the sample shows holding values, or whose example is a value rather than
        // objects, has no member rows below it.
        let scalar_list = matches!(row.ty, RowType::Array(Elem::Unknown))
            && match child_sample {
                Some(s) => s.keys.is_empty() && !s.kinds.is_empty(),
                None => row
                    .example
                    .as_deref()
                    .is_some_and(|e| !e.trim_start().starts_with('{') && !e.contains("[{")),
            };
        let is_container = row.ty.is_container() && !scalar_list;
        let is_array = matches!(row.ty, RowType::Array(_));
        let (line, name) = (row.line, row.name.clone());
        let idx = tree.add(parent, row, child_sample);
        if !is_container {
            continue;
        }
        if stack.len() > MAX_DEPTH {
            w.push(
                line,
                format!(
                    "`{name}` nests deeper than {MAX_DEPTH} levels; its children stay beside it"
                ),
            );
            continue;
        }
        let mut inner = child_sample;
        if let (true, Some((key, arr))) = (is_array, child_sample.and_then(Sample::wrapped_array)) {
            w.push(
                line,
                format!("the JSON sample wraps array `{name}` in an object under `{key}`"),
            );
            inner = Some(arr);
            if let Some(n) = tree.nodes.get_mut(idx) {
                n.sample = inner;
            }
        }
        stack.push(Frame {
            node: Some(idx),
            sample: inner,
        });
    }
    tree
}

/// Where the row's type and the sample disagree about its shape, the sample wins: a scalar
/// the sample shows with members becomes an object (or a list of objects), an object the
/// sample shows as a list becomes a list.
fn follow_sample(row: &mut Row<'_>, s: &Sample, w: &mut Warnings) {
    let shape = if s.is_array {
        RowType::Array(Elem::Object(None))
    } else {
        RowType::Object
    };
    let documented = match &row.ty {
        RowType::Scalar(t) if s.has_info() => format!("{t:?}"),
        RowType::Object if s.is_array => "Object".to_owned(),
        _ => return,
    };
    let shown = if s.is_array {
        "a list of objects"
    } else {
        "an object"
    };
    w.push(
        row.line,
        format!(
            "`{}` is documented as {documented} but the sample shows {shown}; imported as the sample shows",
            row.name
        ),
    );
    row.ty = shape;
}

struct Unknown<'n> {
    /// Whether the table marks nested rows (`└Key`): then unmarked rows are at the top.
    marked: bool,
    names: &'n [String],
    side: Side,
    have_sample: bool,
    /// Containers already reported as shown empty by the sample.
    warned: Vec<usize>,
}

impl Unknown<'_> {
    /// The level for a row the sample does not show, or `None` when it duplicates a row at
    /// every level it could go to.
    fn level(
        &mut self,
        tree: &Tree<'_, '_>,
        stack: &[Frame<'_>],
        i: usize,
        row: &Row<'_>,
        w: &mut Warnings,
    ) -> Option<usize> {
        let top = stack.len().saturating_sub(1);
        if self.marked {
            let level = row.depth.min(top);
            if row.depth > top {
                w.push(
                    row.line,
                    format!(
                        "`{}` is marked {} levels deep below a row with no members; placed at level {level}",
                        row.name, row.depth
                    ),
                );
            }
            if tree
                .child_named(stack.get(level)?.node, &row.name)
                .is_some()
            {
                w.push(row.line, format!("duplicate row `{}` ignored", row.name));
                return None;
            }
            return Some(level);
        }
        let end = if self.side == Side::Response { top } else { 0 };
        let floor = lookahead(tree, stack, self.names, i)
            .unwrap_or(end)
            .min(top);
        let has_info = |k: usize| {
            stack
                .get(k)
                .and_then(|f| f.sample)
                .is_some_and(Sample::has_info)
        };
        let mut level = (floor..=top).rev().find(|&k| !has_info(k)).unwrap_or(floor);
        while tree
            .child_named(stack.get(level)?.node, &row.name)
            .is_some()
        {
            if level == 0 {
                w.push(row.line, format!("duplicate row `{}` ignored", row.name));
                return None;
            }
            level -= 1;
        }
        let container = stack.get(level).and_then(|f| f.node);
        let under = container.and_then(|n| tree.nodes.get(n)).map_or_else(
            || "the top level".to_owned(),
            |n| format!("`{}`", n.row.name),
        );
        let flat = level == 0 && (top == floor || self.side == Side::Request);
        if !self.have_sample || flat {
            return Some(level);
        }
        if has_info(level) || top > floor {
            w.push(
                row.line,
                format!(
                    "`{}` is not in the sample; placed under {under} by document order",
                    row.name
                ),
            );
        } else if let Some(c) = container.filter(|c| !self.warned.contains(c)) {
            self.warned.push(c);
            w.push(row.line, format!("the sample shows nothing under {under}; its members were placed by document order"));
        }
        Some(level)
    }
}

/// The level of the next row the sample places, among the open containers.
fn lookahead(
    tree: &Tree<'_, '_>,
    stack: &[Frame<'_>],
    names: &[String],
    i: usize,
) -> Option<usize> {
    names.iter().skip(i + 1).take(LOOKAHEAD).find_map(|name| {
        (0..stack.len()).rev().find(|&k| {
            stack
                .get(k)
                .is_some_and(|f| knows(f, name) && tree.child_named(f.node, name).is_none())
        })
    })
}

/// Places a row named by a path (`Tag.N.Key`, `ResourceId.N`), creating the containers the
/// path goes through.
fn place_dotted<'a, 's>(
    tree: &mut Tree<'a, 's>,
    mut row: Row<'a>,
    sample: Option<&'s Sample>,
    w: &mut Warnings,
) {
    let segs: Vec<&str> = row.name.split('.').collect();
    if !segs.iter().any(|s| is_index(s)) {
        // `SourceEndpoint.InstanceType` is one parameter on the wire; kept whole, it keeps its
        // own Required flag (object members have none).
        if tree.child_named(None, &row.name).is_some() {
            w.push(row.line, format!("duplicate row `{}` ignored", row.name));
        } else {
            tree.add(None, row, None);
        }
        return;
    }
    let mut parent = None;
    let mut sample = sample;
    let mut k = 0;
    let mut leaf = None;
    while let Some(seg) = segs.get(k).copied() {
        if is_index(seg) {
            k += 1;
            continue;
        }
        let indexed = segs.get(k + 1).is_some_and(|s| is_index(s));
        let next = k + if indexed { 2 } else { 1 };
        if next >= segs.len() {
            leaf = Some((seg.to_owned(), indexed));
            break;
        }
        sample = sample.and_then(|s| s.child(seg));
        parent = Some(match tree.child_named(parent, seg) {
            Some(existing)
                if tree
                    .nodes
                    .get(existing)
                    .is_some_and(|n| n.row.ty.is_container()) =>
            {
                // A required member (`Tag.N.Key` marked required) makes its list required.
                if parent.is_none() && row.required {
                    if let Some(n) = tree.nodes.get_mut(existing) {
                        n.row.required = true;
                    }
                }
                existing
            }
            Some(_) => {
                w.push(
                    row.line,
                    format!(
                        "`{}` goes under `{seg}`, which is not an object; row ignored",
                        row.name
                    ),
                );
                return;
            }
            None => {
                let ty = if indexed {
                    RowType::Array(Elem::Object(None))
                } else {
                    RowType::Object
                };
                let container = Row {
                    depth: 0,
                    line: row.line,
                    name: seg.to_owned(),
                    ty,
                    required: parent.is_none() && row.required,
                    example: None,
                    desc: Vec::new(),
                };
                tree.add(parent, container, sample)
            }
        });
        k = next;
    }
    let Some((name, indexed)) = leaf else {
        w.push(
            row.line,
            format!("cannot read the path `{}`; row ignored", row.name),
        );
        return;
    };
    if tree.child_named(parent, &name).is_some() {
        w.push(row.line, format!("duplicate row `{}` ignored", row.name));
        return;
    }
    if indexed {
        row.ty = match row.ty {
            RowType::Scalar(t) => RowType::Array(Elem::Scalar(t)),
            RowType::Object => RowType::Array(Elem::Object(None)),
            other => other,
        };
    }
    row.name = name;
    let s = sample.and_then(|s| s.child(&row.name));
    tree.add(parent, row, s);
}

/// Names the sample shows that no row documents, with their paths (`A.B`).
pub(crate) fn undocumented(tree: &Tree<'_, '_>, sample: &Sample) -> Vec<String> {
    let mut out = Vec::new();
    walk_undocumented(tree, None, sample, "", &mut out, 0);
    out
}

fn walk_undocumented(
    tree: &Tree<'_, '_>,
    parent: Option<usize>,
    sample: &Sample,
    prefix: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for (key, child) in &sample.keys {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match tree.child_named(parent, key) {
            None if parent.is_none() && has_dotted(tree, key) => {
                flat_undocumented(tree, key, child, out, depth + 1);
            }
            None => out.push(path),
            Some(n) => {
                // Members of a value documented as a scalar or raw JSON are data, not fields.
                let Some(node) = tree.nodes.get(n).filter(|n| n.row.ty.is_container()) else {
                    continue;
                };
                let s = node.sample.unwrap_or(child);
                walk_undocumented(tree, Some(n), s, &path, out, depth + 1);
            }
        }
    }
}

/// Whether a top-level row is named by a path under `prefix` (`prefix.Member`).
fn has_dotted(tree: &Tree<'_, '_>, prefix: &str) -> bool {
    tree.roots
        .iter()
        .filter_map(|&r| tree.nodes.get(r))
        .any(|n| {
            n.row
                .name
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.'))
        })
}

/// [`walk_undocumented`] for members documented as whole dotted names at the top level.
fn flat_undocumented(
    tree: &Tree<'_, '_>,
    prefix: &str,
    sample: &Sample,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for (key, child) in &sample.keys {
        let path = format!("{prefix}.{key}");
        if tree.child_named(None, &path).is_some() {
            continue;
        }
        if has_dotted(tree, &path) {
            flat_undocumented(tree, &path, child, out, depth + 1);
        } else {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dts_spec::Type;

    fn row(name: &str, ty: RowType) -> Row<'static> {
        Row {
            depth: 0,
            line: 1,
            name: name.into(),
            ty,
            required: false,
            example: None,
            desc: Vec::new(),
        }
    }

    fn names(tree: &Tree<'_, '_>, of: &[usize]) -> Vec<String> {
        of.iter().map(|&i| tree.nodes[i].row.name.clone()).collect()
    }

    #[test]
    fn sample_decides_nesting() {
        let v = serde_json::json!({"A": [{"B": 1, "C": {"D": 2}}], "E": 3});
        let s = Sample::from_json(&v);
        let rows = vec![
            row("A", RowType::Array(Elem::Object(None))),
            row("B", RowType::Scalar(Type::Integer)),
            row("C", RowType::Object),
            row("D", RowType::Scalar(Type::Integer)),
            row("E", RowType::Scalar(Type::Integer)),
        ];
        let t = build(rows, Some(&s), Side::Response, &mut Warnings::default());
        assert_eq!(names(&t, &t.roots), ["A", "E"]);
        assert_eq!(names(&t, &t.nodes[0].children), ["B", "C"]);
        assert_eq!(names(&t, &t.nodes[2].children), ["D"]);
    }

    #[test]
    fn unknown_rows_follow_document_order() {
        let v = serde_json::json!({"A": [], "E": 3});
        let s = Sample::from_json(&v);
        let rows = vec![
            row("A", RowType::Array(Elem::Object(None))),
            row("B", RowType::Scalar(Type::Integer)),
            row("E", RowType::Scalar(Type::Integer)),
            row("F", RowType::Scalar(Type::Integer)),
        ];
        let t = build(rows, Some(&s), Side::Response, &mut Warnings::default());
        assert_eq!(names(&t, &t.roots), ["A", "E", "F"]);
        assert_eq!(names(&t, &t.nodes[0].children), ["B"]);
    }

    #[test]
    fn trailing_unknown_rows_depend_on_the_side() {
        let v = serde_json::json!({"A": [{"B": 1}], "E": 3});
        let s = Sample::from_json(&v);
        let rows = || {
            vec![
                row("E", RowType::Scalar(Type::Integer)),
                row("A", RowType::Array(Elem::Object(None))),
                row("B", RowType::Scalar(Type::Integer)),
                row("C", RowType::Scalar(Type::Integer)),
            ]
        };
        let mut w = Warnings::default();
        let t = build(rows(), Some(&s), Side::Response, &mut w);
        assert_eq!(names(&t, &t.nodes[1].children), ["B", "C"]);
        assert_eq!(w.items.len(), 1, "{:?}", w.items);
        let t = build(rows(), Some(&s), Side::Request, &mut Warnings::default());
        assert_eq!(names(&t, &t.roots), ["E", "A", "C"]);
    }

    #[test]
    fn unknown_rows_stop_at_the_next_placed_row() {
        let v = serde_json::json!({"L": [{"O": {"S": 1}, "T": 2}]});
        let s = Sample::from_json(&v);
        let rows = vec![
            row("L", RowType::Array(Elem::Object(None))),
            row("O", RowType::Object),
            row("S", RowType::Scalar(Type::Integer)),
            row("X", RowType::Scalar(Type::Integer)),
            row("T", RowType::Scalar(Type::Integer)),
        ];
        let t = build(rows, Some(&s), Side::Response, &mut Warnings::default());
        assert_eq!(names(&t, &t.nodes[0].children), ["O", "X", "T"]);
    }

    #[test]
    fn same_names_at_different_levels() {
        let v = serde_json::json!({"Status": "a", "L": [{"Status": "b", "P": {"Status": "c"}, "Q": 1}]});
        let s = Sample::from_json(&v);
        let rows = vec![
            row("Status", RowType::Scalar(Type::String)),
            row("L", RowType::Array(Elem::Object(None))),
            row("Status", RowType::Scalar(Type::String)),
            row("P", RowType::Object),
            row("Status", RowType::Scalar(Type::String)),
            row("Q", RowType::Scalar(Type::Integer)),
        ];
        let mut w = Warnings::default();
        let t = build(rows, Some(&s), Side::Response, &mut w);
        assert!(w.items.is_empty());
        assert_eq!(names(&t, &t.roots), ["Status", "L"]);
        assert_eq!(names(&t, &t.nodes[1].children), ["Status", "P", "Q"]);
        assert_eq!(names(&t, &t.nodes[3].children), ["Status"]);
    }

    #[test]
    fn dotted_paths_make_containers() {
        let rows = vec![
            row("Tag.N.Key", RowType::Scalar(Type::String)),
            row("Tag.N.Value", RowType::Scalar(Type::String)),
            row("Ids.N", RowType::Scalar(Type::String)),
            row("Source.Port", RowType::Scalar(Type::String)),
        ];
        let t = build(rows, None, Side::Request, &mut Warnings::default());
        assert_eq!(names(&t, &t.roots), ["Tag", "Ids", "Source.Port"]);
        assert_eq!(t.nodes[0].row.ty, RowType::Array(Elem::Object(None)));
        assert_eq!(
            t.nodes[3].row.ty,
            RowType::Array(Elem::Scalar(Type::String))
        );
        assert_eq!(names(&t, &t.nodes[0].children), ["Key", "Value"]);
    }
}
