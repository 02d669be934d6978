//! Splitting a page into its sections by their headings.

use super::lines::{heading, Heading, Kind, Line};
use super::Warnings;

/// The lines of each section of a page, headings removed.
#[derive(Debug, Default)]
pub(crate) struct Sections<'a> {
    /// Lines before the first heading: the summary and the notes.
    pub lead: Vec<Line<'a>>,
    /// Lines of an "operation description" section.
    pub notes: Vec<Line<'a>>,
    pub request: Vec<Line<'a>>,
    pub response: Vec<Line<'a>>,
    pub examples: Vec<Line<'a>>,
    pub errors: Vec<Line<'a>>,
}

/// Sorts every line into its section. Sections the spec has no place for are skipped with
/// one warning each, unless they are the debugging boilerplate every page carries.
pub(crate) fn split<'a>(lines: &[Line<'a>], warnings: &mut Warnings) -> Sections<'a> {
    let mut s = Sections::default();
    let mut current = None;
    let mut ignored: Option<(Line<'a>, usize)> = None;
    // The level of the markdown heading that opened the current section.
    let mut level = 0;
    for line in lines {
        if let Some(h) = section_heading(line, &mut level) {
            flush_ignored(&mut ignored, warnings);
            // A sample subheading outside the examples section opens it and stays a line.
            let is_sub = super::lines::sample_heading(line.text).is_some();
            current = Some(h);
            if h == Heading::Ignored {
                ignored = Some((*line, 0));
            }
            if !is_sub {
                continue;
            }
        }
        match current {
            None => s.lead.push(*line),
            Some(Heading::Notes) => s.notes.push(*line),
            Some(Heading::Request) => s.request.push(*line),
            Some(Heading::Response) => s.response.push(*line),
            Some(Heading::Examples) => s.examples.push(*line),
            Some(Heading::Errors) => s.errors.push(*line),
            Some(Heading::Ignored) => {
                if let Some((_, n)) = &mut ignored {
                    if !line.is_blank() && !super::lines::is_boilerplate(line.text) {
                        *n += 1;
                    }
                }
            }
        }
    }
    flush_ignored(&mut ignored, warnings);
    s
}

/// The section a line opens, if any. Markdown headings the vocabulary does not know open a
/// notes section, unless they are deeper than the heading of the section they are in (a
/// subsection of the request or response section stays in it).
fn section_heading(line: &Line<'_>, level: &mut u8) -> Option<Heading> {
    match line.kind {
        Kind::Text | Kind::Prose => heading(line.text),
        Kind::Heading(l) => match heading(line.text) {
            Some(h) => {
                *level = l;
                Some(h)
            }
            None if *level == 0 || l <= *level => {
                *level = l;
                Some(Heading::Notes)
            }
            None => None,
        },
        _ => None,
    }
}

fn flush_ignored(ignored: &mut Option<(Line<'_>, usize)>, warnings: &mut Warnings) {
    if let Some((heading, n)) = ignored.take() {
        if n > 0 {
            warnings.push(
                heading.no,
                format!(
                    "section `{}` ignored ({n} lines): the spec has no place for it",
                    heading.text
                ),
            );
        }
    }
}
