//! Types as text: names as gcc's diagnostics spell them, C declarations, and C definitions
//! of records and enums (for error messages and for the gcc conformance tests).

use std::fmt::Write;

use super::table::{EnumId, RecordId, TypeTable};
use super::{QualType, Type};

/// Which spelling to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// gcc's diagnostics: `short unsigned int`, `char * const`, `struct <anonymous>`.
    Gcc,
    /// C source: `unsigned short`, `char *const p`, anonymous records defined inline.
    Source,
}

impl TypeTable {
    /// The type's name as gcc writes it in diagnostics: `int *`, `const char *`,
    /// `struct node *`, `int (*)(int, char)`, `int [10]`, `long unsigned int`,
    /// `char * const`, `char * (*)[3]`, `enum <anonymous>`. (gcc's own output has two quirks
    /// we do not copy: a double space between parameters and no space in `* const*`.)
    pub fn type_name(&self, ty: &Type) -> String {
        self.qual_type_name(&QualType::unqualified(ty.clone()))
    }

    /// [`TypeTable::type_name`] with the type's qualifiers (`const int`).
    pub fn qual_type_name(&self, qt: &QualType) -> String {
        self.declarator(qt, String::new(), Style::Gcc)
    }

    /// A C declaration of `name` with this type, without the `;`: `int (*fp)(int)`,
    /// `char *names[3]`, `struct s (*p)[2]`, `const char *const msg`. An empty `name` gives
    /// the type name as C source writes it (`int (*)[3]`, valid in `sizeof(...)`).
    /// Anonymous structs, unions and enums are written out inline.
    pub fn declare(&self, qt: &QualType, name: &str) -> String {
        self.declarator(qt, name.to_owned(), Style::Source)
    }

    /// The C definition of a record: `struct s { int a; char b[3]; struct t *next; };`, or
    /// `struct s;` while it is incomplete.
    pub fn record_definition(&self, id: RecordId) -> String {
        let record = self.record(id);
        let mut text = String::from(record.kind().keyword());
        if let Some(tag) = record.tag() {
            text.push(' ');
            text.push_str(tag);
        }
        if record.is_complete() {
            text.push(' ');
            text.push_str(&self.record_body(id));
        }
        text.push(';');
        text
    }

    /// The C definition of an enum with every value explicit:
    /// `enum color { RED = 0, GREEN = 5 };` (`enum color;` while incomplete).
    pub fn enum_definition(&self, id: EnumId) -> String {
        let def = self.enum_def(id);
        let mut text = String::from("enum");
        if let Some(tag) = def.tag() {
            text.push(' ');
            text.push_str(tag);
        }
        if def.is_complete() {
            text.push(' ');
            text.push_str(&self.enum_body(id));
        }
        text.push(';');
        text
    }

    /// C source defining every tagged enum and record of the table, in an order a compiler
    /// accepts: enums, then a forward declaration of each tagged record (so pointers to
    /// records defined later work), then the complete records in completion order.
    pub fn c_definitions(&self) -> String {
        let mut text = String::new();
        for (id, def) in self.enums() {
            if def.tag().is_some() && def.is_complete() {
                text.push_str(&self.enum_definition(id));
                text.push('\n');
            }
        }
        for (_, record) in self.records() {
            if let Some(tag) = record.tag() {
                let _ = writeln!(text, "{} {tag};", record.kind().keyword());
            }
        }
        for id in self.records_in_completion_order() {
            if self.record(id).tag().is_some() {
                text.push_str(&self.record_definition(id));
                text.push('\n');
            }
        }
        text
    }

    /// `{ int a; char b[3]; }` of a complete record.
    fn record_body(&self, id: RecordId) -> String {
        let mut body = String::from("{");
        for member in self.record(id).members().unwrap_or_default() {
            let _ = write!(body, " {};", self.declare(&member.ty, &member.name));
        }
        body.push_str(" }");
        body
    }

    /// `{ A = 0, B = 1 }` of a complete enum.
    fn enum_body(&self, id: EnumId) -> String {
        let enumerators: Vec<String> = self
            .enum_def(id)
            .enumerators()
            .unwrap_or_default()
            .iter()
            .map(|e| format!("{} = {}", e.name, e.value))
            .collect();
        format!("{{ {} }}", enumerators.join(", "))
    }

    /// The name of a type that has no declarator part: `int`, `struct s`, `enum <anonymous>`.
    fn base_name(&self, ty: &Type, style: Style) -> String {
        match ty {
            Type::Void => "void".to_owned(),
            Type::Int(kind) => match style {
                Style::Gcc => kind.gcc_name().to_owned(),
                Style::Source => kind.c_name().to_owned(),
            },
            Type::Enum(id) => match (self.enum_def(*id).tag(), style) {
                (Some(tag), _) => format!("enum {tag}"),
                (None, Style::Gcc) => "enum <anonymous>".to_owned(),
                (None, Style::Source) => format!("enum {}", self.enum_body(*id)),
            },
            Type::Record(id) => {
                let record = self.record(*id);
                let keyword = record.kind().keyword();
                match (record.tag(), style) {
                    (Some(tag), _) => format!("{keyword} {tag}"),
                    (None, Style::Source) if record.is_complete() => {
                        format!("{keyword} {}", self.record_body(*id))
                    }
                    (None, _) => format!("{keyword} <anonymous>"),
                }
            }
            derived => self.declarator(&derived.clone().into(), String::new(), style),
        }
    }

    /// Writes `qt` around the declarator text `inner` built so far (the name, or the parts
    /// of derived types outside this one), the usual inside-out way.
    fn declarator(&self, qt: &QualType, inner: String, style: Style) -> String {
        match &qt.ty {
            Type::Pointer(pointee) => {
                let mut text = String::from("*");
                if qt.is_const {
                    text.push_str(match style {
                        Style::Gcc => " const",
                        Style::Source => "const",
                    });
                }
                // gcc separates `*` from a following `(`: `char * (*)[3]`.
                let gcc_gap = style == Style::Gcc && inner.starts_with('(');
                if !inner.is_empty() && (qt.is_const || gcc_gap) {
                    text.push(' ');
                }
                text.push_str(&inner);
                self.declarator(pointee, text, style)
            }
            Type::Array { element, len } => {
                let mut text = parenthesize_pointer(inner);
                match len {
                    Some(len) => {
                        let _ = write!(text, "[{len}]");
                    }
                    None => text.push_str("[]"),
                }
                self.declarator(element, text, style)
            }
            Type::Function(function) => {
                let mut text = parenthesize_pointer(inner);
                let mut params: Vec<String> = function
                    .params
                    .iter()
                    .map(|param| self.declarator(&param.clone().into(), String::new(), style))
                    .collect();
                if function.variadic {
                    params.push("...".to_owned());
                }
                if function.has_prototype && params.is_empty() {
                    params.push("void".to_owned());
                }
                let _ = write!(text, "({})", params.join(", "));
                self.declarator(&function.ret.clone().into(), text, style)
            }
            base => {
                let mut text = String::new();
                if qt.is_const {
                    text.push_str("const ");
                }
                text.push_str(&self.base_name(base, style));
                if !inner.is_empty() {
                    text.push(' ');
                    text.push_str(&inner);
                }
                text
            }
        }
    }
}

/// `*p` must be parenthesized before `[]` or `()` binds to it: `(*p)[3]`, `(*)(int)`.
fn parenthesize_pointer(inner: String) -> String {
    if inner.starts_with('*') {
        format!("({inner})")
    } else {
        inner
    }
}
