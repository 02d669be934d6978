//! Paginators and waiters, resolved: the request fields a paginator reads and sets, the output
//! fields down to a page's items, and each waiter's arguments and acceptors.

use dts_spec::diagnostic::Pointer;
use dts_spec::Action;

use super::{ActionIr, Diags, FieldTy, ParamTy, Scalar, ValueTy};

/// How the generated `Paged` impl of an action reads and sets its request and output.
#[derive(Debug)]
pub(crate) struct PaginatorIr {
    /// The declaration as the spec writes it (wire names), for the `PAGING` static.
    pub decl: dts_spec::Paginator,
    /// The input field of the page number or token, and its type.
    pub token: (String, Scalar),
    pub page_size: Option<(String, Scalar)>,
    /// Output field idents down to the items: all but the last hold an `Option` of a struct,
    /// the last a `Vec` of items.
    pub items_path: Vec<String>,
    pub item: ValueTy,
}

/// One `wait_until_` method.
#[derive(Debug)]
pub(crate) struct WaiterIr {
    pub name: String,
    pub method: String,
    /// The name of its `static` declaration.
    pub static_name: String,
    /// Indices into the action's parameters of the optional ones taken as arguments.
    pub args: Vec<usize>,
    pub path: String,
    pub success: Vec<String>,
    pub failure: Vec<String>,
    pub success_errors: Vec<String>,
    pub retry_errors: Vec<String>,
    pub min_delay: u64,
    pub max_delay: u64,
    pub max_wait: u64,
}

impl WaiterIr {
    /// Whether a "gone" error ends the wait well (the method returns a `GoneWaiter`).
    pub(crate) fn gone(&self) -> bool {
        !self.success_errors.is_empty()
    }
}

/// Resolves `a`'s paginator and waiters into `ir`, or reports what cannot be generated.
pub(crate) fn resolve(a: &Action, ir: &mut ActionIr, file: &str, diags: &mut Diags) {
    if let Some(p) = &a.paginator {
        let at = Pointer::root().join("paginator");
        ir.paginator = paginator(p, ir, file, &at, diags);
    }
    for (i, w) in a.waiters.iter().enumerate() {
        let at = Pointer::root().join("waiters").join(i);
        let mut args = Vec::new();
        for (j, name) in w.args.iter().enumerate() {
            match ir.params.iter().position(|p| p.wire == *name) {
                Some(index) => args.push(index),
                None => diags.error(
                    file,
                    &at.join("args").join(j),
                    format!("`{name}` is not a parameter"),
                ),
            }
        }
        ir.waiters.push(WaiterIr {
            name: w.name.clone(),
            method: dts_spec::validate::waiter_method(&w.name),
            static_name: format!("WAIT_{}", w.name.to_ascii_uppercase()),
            args,
            path: w.path.clone(),
            success: w.success.clone(),
            failure: w.failure.clone(),
            success_errors: w.success_errors.clone(),
            retry_errors: w.retry_errors.clone(),
            min_delay: w.min_delay(),
            max_delay: w.max_delay(),
            max_wait: w.max_wait(),
        });
    }
}

fn paginator(
    p: &dts_spec::Paginator,
    ir: &ActionIr,
    file: &str,
    at: &Pointer,
    diags: &mut Diags,
) -> Option<PaginatorIr> {
    let token = number_or_text(ir, &p.input_token, file, &at.join("input_token"), diags);
    let page_size = p
        .page_size
        .as_ref()
        .map(|s| number_or_text(ir, s, file, &at.join("page_size"), diags));
    let items = items(ir, &p.items);
    if items.is_none() {
        diags.error(
            file,
            &at.join("items"),
            format!("`{}` is not a list the output can be read by", p.items),
        );
    }
    let (items_path, item) = items?;
    Some(PaginatorIr {
        decl: p.clone(),
        token: token?,
        page_size: page_size.map_or(Some(None), |s| s.map(Some))?,
        items_path,
        item,
    })
}

/// The input field of the scalar parameter `wire` that holds a number or text.
fn number_or_text(
    ir: &ActionIr,
    wire: &str,
    file: &str,
    at: &Pointer,
    diags: &mut Diags,
) -> Option<(String, Scalar)> {
    let found = ir.params.iter().find(|p| p.wire == wire && !p.required);
    match found.map(|p| (&p.ident, &p.ty)) {
        Some((ident, ParamTy::Scalar(s @ (Scalar::Str | Scalar::I32 | Scalar::I64)))) => {
            Some((ident.clone(), s.clone()))
        }
        _ => {
            let msg = format!("`{wire}` is not an optional number or string parameter");
            diags.error(file, at, msg);
            None
        }
    }
}

/// The output fields down to the list at the dotted `path`, and the list's item type.
fn items(ir: &ActionIr, path: &str) -> Option<(Vec<String>, ValueTy)> {
    let mut current = ir.structs.first()?;
    let mut idents = Vec::new();
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = current.fields.iter().find(|f| f.wire == segment)?;
        idents.push(field.ident.clone());
        match (&field.ty, segments.peek()) {
            (
                FieldTy::Many(item @ (ValueTy::Struct(_) | ValueTy::Scalar(_) | ValueTy::Json)),
                None,
            ) => {
                return Some((idents, item.clone()));
            }
            (FieldTy::One(ValueTy::Struct(name)), Some(_)) => {
                current = ir.structs.iter().find(|s| s.name == *name)?;
            }
            _ => return None,
        }
    }
    None
}
