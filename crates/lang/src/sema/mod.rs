//! Semantic analysis: resolves names, gives every expression its type, makes implicit
//! conversions explicit, folds constant expressions, checks statements against their
//! context, and reports what gcc reports (as errors) plus the warnings that help learners.
//! The result is a [`hir::Program`] for the machine, and diagnostics.

mod decl;
mod expr;
mod init;
pub mod library;
mod stmt;

use std::collections::{HashMap, HashSet};

use crate::ast;
use crate::codemap::{Span, Spanned};
use crate::diagnostics::Diagnostic;
use crate::hir::{self, Callee, FunctionId, GlobalId, LocalId, Program, StringId};
use crate::preprocess::Header;
use crate::types::{IntKind, Member, QualType, RecordKind, Type, TypeTable};
use library::LibraryTypes;

/// Analyzes a parsed translation unit.
pub fn analyze(
    unit: &ast::TranslationUnit,
    headers: &[Spanned<Header>],
    source_len: u32,
) -> (Program, Vec<Diagnostic>) {
    let mut sema = Sema::new(headers);
    sema.source_len = source_len;
    for item in &unit.items {
        if let ast::ExternalDecl::Function(function) = item
            && let Some(name) = &function.declarator.name
        {
            sema.defined_later
                .entry(name.node.clone())
                .or_insert(name.span);
        }
    }
    for item in &unit.items {
        match item {
            ast::ExternalDecl::Function(function) => sema.function_definition(function),
            ast::ExternalDecl::Declaration(declaration) => sema.file_scope_declaration(declaration),
        }
    }
    sema.finish()
}

/// What a name in the ordinary namespace stands for.
#[derive(Debug, Clone)]
enum Binding {
    Local(LocalId),
    Global(GlobalId),
    Function(FunctionId),
    Typedef(QualType),
    EnumConstant(i64),
    /// A name whose declaration had an error already reported: uses stay quiet.
    Poisoned,
}

#[derive(Debug, Clone, Copy)]
enum Tag {
    Record(crate::types::RecordId, RecordKind),
    Enum(crate::types::EnumId),
}

#[derive(Default)]
struct Scope {
    names: HashMap<String, (Binding, Span)>,
    tags: HashMap<String, (Tag, Span)>,
}

/// The function being checked.
struct FunctionContext {
    id: FunctionId,
    locals: Vec<hir::Local>,
    /// Locals named anywhere (for "unused variable").
    referenced: HashSet<LocalId>,
    /// Locals whose value is read, or whose address is taken (for "set but not used").
    read: HashSet<LocalId>,
    return_type: Type,
    loops: u32,
    switches: Vec<SwitchContext>,
}

struct SwitchContext {
    /// The promoted type of the condition: case values are converted to it.
    kind: IntKind,
    cases: HashMap<i64, Span>,
    default: Option<Span>,
}

pub(crate) struct Sema {
    types: TypeTable,
    library_types: LibraryTypes,
    headers: HashSet<Header>,
    diagnostics: Vec<Diagnostic>,
    globals: Vec<hir::Global>,
    functions: Vec<hir::Function>,
    strings: Vec<Vec<u8>>,
    scopes: Vec<Scope>,
    current: Option<FunctionContext>,
    /// Functions used (called or address taken), with the first use, to report those
    /// that are never defined as the linker would.
    used_functions: HashMap<FunctionId, Span>,
    /// The same for variables declared `extern` (never defined is a link error too).
    used_globals: HashMap<GlobalId, Span>,
    /// Library functions used without their header: warned once each.
    implicit_warned: HashSet<&'static str>,
    /// Where "no main" is reported: the end of the program.
    source_len: u32,
    /// Every function the file defines, to explain a call that comes before the definition.
    defined_later: HashMap<String, Span>,
}

impl Sema {
    fn new(headers: &[Spanned<Header>]) -> Sema {
        let mut types = TypeTable::new();
        let library_types = library_types(&mut types);
        let mut sema = Sema {
            types,
            library_types,
            headers: headers.iter().map(|h| h.node).collect(),
            diagnostics: Vec::new(),
            globals: Vec::new(),
            functions: Vec::new(),
            strings: Vec::new(),
            scopes: vec![Scope::default()],
            current: None,
            used_functions: HashMap::new(),
            used_globals: HashMap::new(),
            implicit_warned: HashSet::new(),
            source_len: 0,
            defined_later: HashMap::new(),
        };
        sema.declare_header_typedefs();
        sema
    }

    fn declare_header_typedefs(&mut self) {
        let lib = self.library_types.clone();
        let mut typedefs: Vec<(&str, Type)> = Vec::new();
        for header in self.headers.clone() {
            for &name in header.typedef_names() {
                let ty = match name {
                    "size_t" => Type::Int(IntKind::UInt),
                    "intptr_t" => Type::Int(IntKind::Int),
                    "bool" => Type::Int(IntKind::Bool),
                    "pthread_t" => lib.pthread_t.clone(),
                    "pthread_attr_t" => lib.pthread_attr_t.clone(),
                    "pthread_mutex_t" => lib.pthread_mutex_t.clone(),
                    "pthread_mutexattr_t" => lib.pthread_mutexattr_t.clone(),
                    _ => continue,
                };
                typedefs.push((name, ty));
            }
        }
        for (name, ty) in typedefs {
            self.scopes[0].names.insert(
                name.to_string(),
                (Binding::Typedef(QualType::unqualified(ty)), Span::default()),
            );
        }
    }

    fn finish(mut self) -> (Program, Vec<Diagnostic>) {
        let mut undefined: Vec<(FunctionId, Span)> = self
            .used_functions
            .iter()
            .filter(|(id, _)| self.functions[id.0 as usize].body.is_none())
            .map(|(id, span)| (*id, *span))
            .collect();
        crate::sort::sort_by_key(&mut undefined, |(_, span)| span.start);
        for (id, span) in undefined {
            let name = self.functions[id.0 as usize].name.clone();
            let declared = self.functions[id.0 as usize].name_span;
            self.diagnostics.push(
                Diagnostic::error(span, format!("undefined reference to '{name}'")).with_note(
                    Some(declared),
                    format!("'{name}' is declared here but never defined"),
                ),
            );
        }
        let mut undefined_globals: Vec<(GlobalId, Span)> = self
            .used_globals
            .iter()
            .filter(|(id, _)| !self.globals[id.0 as usize].defined)
            .map(|(id, span)| (*id, *span))
            .collect();
        crate::sort::sort_by_key(&mut undefined_globals, |(_, span)| span.start);
        for (id, span) in undefined_globals {
            let global = &self.globals[id.0 as usize];
            let (name, declared) = (global.name.clone(), global.span);
            self.diagnostics.push(
                Diagnostic::error(span, format!("undefined reference to '{name}'")).with_note(
                    Some(declared),
                    format!("'{name}' is declared 'extern' here but never defined"),
                ),
            );
        }
        let main = self
            .functions
            .iter()
            .position(|f| f.name == "main" && f.body.is_some())
            .map(|i| FunctionId(i as u32));
        if main.is_none() {
            self.diagnostics.push(
                Diagnostic::error(
                    Span::at(self.source_len),
                    "the program has no 'main' function",
                )
                .with_note(None, "a program starts in 'int main(void) { ... }'"),
            );
        }
        let program = Program {
            types: self.types,
            globals: self.globals,
            functions: self.functions,
            strings: self.strings,
            main,
            headers: {
                let mut headers: Vec<Header> = self.headers.into_iter().collect();
                crate::sort::sort_by(&mut headers, Ord::cmp);
                headers
            },
        };
        (program, self.diagnostics)
    }

    // ---- diagnostics ----

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(span, message));
    }

    /// An error with a note pointing at the earlier declaration or label it clashes with.
    fn error_with_previous(
        &mut self,
        span: Span,
        message: impl Into<String>,
        previous: Span,
        note: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(span, message).with_note(Some(previous), note));
    }

    fn warning(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(span, message));
    }

    fn type_name(&self, ty: &Type) -> String {
        self.types.type_name(ty)
    }

    // ---- scopes ----

    fn push_scope(&mut self) {
        self.scopes.push(Scope::default());
    }

    fn pop_scope(&mut self) {
        self.scopes.pop();
    }

    fn lookup(&self, name: &str) -> Option<&(Binding, Span)> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.names.get(name))
    }

    fn lookup_tag(&self, name: &str) -> Option<(Tag, Span, bool)> {
        let innermost = self.scopes.len() - 1;
        self.scopes
            .iter()
            .enumerate()
            .rev()
            .find_map(|(depth, scope)| {
                scope
                    .tags
                    .get(name)
                    .map(|(tag, span)| (*tag, *span, depth == innermost))
            })
    }

    /// Declares `name` in the innermost scope; a clash there is reported by the caller
    /// (it knows whether a redeclaration is allowed).
    fn bind(&mut self, name: &str, binding: Binding, span: Span) {
        self.scopes
            .last_mut()
            .expect("there is always a file scope")
            .names
            .insert(name.to_string(), (binding, span));
    }

    fn in_innermost_scope(&self, name: &str) -> Option<&(Binding, Span)> {
        self.scopes.last().and_then(|scope| scope.names.get(name))
    }

    fn at_file_scope(&self) -> bool {
        self.scopes.len() == 1
    }

    /// Every name visible here, for "did you mean" suggestions.
    fn visible_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .scopes
            .iter()
            .flat_map(|scope| scope.names.keys().cloned())
            .collect();
        names.extend(
            library::LibraryFunction::ALL
                .iter()
                .filter(|f| self.headers.contains(&f.header()))
                .map(|f| f.name().to_string()),
        );
        names
    }

    fn add_string(&mut self, bytes: Vec<u8>) -> StringId {
        self.strings.push(bytes);
        StringId(self.strings.len() as u32 - 1)
    }

    fn note_function_use(&mut self, callee: Callee, span: Span) {
        if let Callee::User(id) = callee {
            self.used_functions.entry(id).or_insert(span);
        }
    }
}

/// Builds the pthread types as glibc lays them out on i386 (unions of a char array and a
/// `long` for alignment), so `sizeof(pthread_mutex_t)` is 24 as under gcc -m32.
fn library_types(types: &mut TypeTable) -> LibraryTypes {
    let mut opaque = |size: u32| {
        let id = types.declare_record(RecordKind::Union, None);
        types
            .complete_record(
                id,
                vec![
                    Member::new("__size", Type::array_of(Type::char(), Some(size))),
                    Member::new("__align", Type::Int(IntKind::Long)),
                ],
            )
            .expect("library unions are valid");
        Type::Record(id)
    };
    LibraryTypes {
        pthread_t: Type::Int(IntKind::ULong),
        pthread_attr_t: opaque(36),
        pthread_mutex_t: opaque(24),
        pthread_mutexattr_t: opaque(4),
    }
}

/// The edit distance between two names, for "did you mean" (small names only).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The closest visible name to a misspelt one, if it is close enough to be a likely typo.
fn closest_name(wanted: &str, candidates: &[String]) -> Option<String> {
    let limit = if wanted.len() <= 3 { 1 } else { 2 };
    candidates
        .iter()
        .filter(|c| c.as_str() != wanted)
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, (*c).clone()))
        .map(|(_, c)| c.clone())
}

/// Names a C++ learner types that C does not have.
fn cpp_hint(name: &str) -> Option<&'static str> {
    match name {
        "cout" | "cin" | "cerr" | "endl" | "std" | "string" | "vector" | "nullptr" | "new"
        | "delete" | "class" | "namespace" | "using" | "template" | "this" | "iostream" => {
            Some("this playground runs C, not C++")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pick_the_nearest_name() {
        let names = vec![
            "count".to_string(),
            "counter".to_string(),
            "main".to_string(),
        ];
        assert_eq!(closest_name("cout", &names), Some("count".to_string()));
        assert_eq!(closest_name("zzzz", &names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
