//! Declarations: from specifiers and declarators to types; struct, union and enum
//! definitions; globals, functions, typedefs and locals.

use super::{Binding, FunctionContext, Sema, Tag};
use crate::ast::{self, DerivedDecl, StorageClass, TypeSpecifier};
use crate::codemap::Span;
use crate::diagnostics::Diagnostic;
use crate::hir::{self, FunctionId, GlobalId, LocalId};
use crate::types::{
    EnumId, Enumerator, IntKind, LayoutErrorKind, Member, QualType, RecordId, RecordKind, Type,
};

/// A declarator resolved to its name and type, with parameter names for definitions.
pub(super) struct Declared {
    pub name: Option<ast::Name>,
    pub ty: QualType,
    /// For a function declarator: each parameter's name (if any), type as declared
    /// (qualifiers kept) and span.
    pub params: Vec<(Option<ast::Name>, QualType, Span)>,
}

impl Sema {
    // ---- types from syntax ----

    /// The base type named by declaration specifiers (struct bodies are defined here).
    pub(super) fn specifier_type(&mut self, specifiers: &ast::DeclSpecifiers) -> Option<QualType> {
        let ty = match &specifiers.ty {
            TypeSpecifier::Void => Type::Void,
            TypeSpecifier::Bool => Type::Int(IntKind::Bool),
            TypeSpecifier::Char => Type::Int(IntKind::Char),
            TypeSpecifier::SignedChar => Type::Int(IntKind::SChar),
            TypeSpecifier::UnsignedChar => Type::Int(IntKind::UChar),
            TypeSpecifier::Short => Type::Int(IntKind::Short),
            TypeSpecifier::UnsignedShort => Type::Int(IntKind::UShort),
            TypeSpecifier::Int => Type::Int(IntKind::Int),
            TypeSpecifier::UnsignedInt => Type::Int(IntKind::UInt),
            TypeSpecifier::Long => Type::Int(IntKind::Long),
            TypeSpecifier::UnsignedLong => Type::Int(IntKind::ULong),
            TypeSpecifier::Record(record) => Type::Record(self.record_specifier(record)),
            TypeSpecifier::Enum(spec) => Type::Enum(self.enum_specifier(spec)),
            TypeSpecifier::TypedefName(name) => match self.lookup(&name.node) {
                Some((Binding::Typedef(qt), _)) => {
                    let qt = qt.clone();
                    return Some(if specifiers.is_const {
                        qt.with_const()
                    } else {
                        qt
                    });
                }
                _ => {
                    self.error(name.span, format!("unknown type name '{}'", name.node));
                    return None;
                }
            },
            TypeSpecifier::Error => return None,
        };
        Some(QualType::new(ty, specifiers.is_const))
    }

    fn record_specifier(&mut self, spec: &ast::RecordSpecifier) -> RecordId {
        let kind = match spec.kind {
            ast::RecordKind::Struct => RecordKind::Struct,
            ast::RecordKind::Union => RecordKind::Union,
        };
        let tag_name = spec.tag.as_ref().map(|t| t.node.as_str());
        let id = match (&spec.tag, &spec.members) {
            (Some(tag), members) => {
                let existing = self.lookup_tag(&tag.node);
                match existing {
                    // A definition in an inner scope starts a new type; a reference or a
                    // definition of a type only declared in this scope reuses it.
                    Some((Tag::Record(id, existing_kind), span, innermost))
                        if innermost || members.is_none() =>
                    {
                        if existing_kind != kind {
                            self.error_with_previous(
                                tag.span,
                                format!("'{}' defined as wrong kind of tag", tag.node),
                                span,
                                "previous declaration is here",
                            );
                        }
                        id
                    }
                    Some((Tag::Enum(_), span, true)) => {
                        self.error_with_previous(
                            tag.span,
                            format!("'{}' defined as wrong kind of tag", tag.node),
                            span,
                            "previous declaration is here",
                        );
                        self.declare_record_tag(kind, tag)
                    }
                    _ => self.declare_record_tag(kind, tag),
                }
            }
            (None, _) => self.types.declare_record(kind, tag_name),
        };
        if let Some(member_decls) = &spec.members {
            if self.types.record(id).is_complete() {
                self.error(
                    spec.tag.as_ref().map_or(spec.span, |t| t.span),
                    format!(
                        "redefinition of '{} {}'",
                        kind.keyword(),
                        tag_name.unwrap_or("<anonymous>")
                    ),
                );
                return id;
            }
            let members = self.member_list(member_decls);
            if members.is_empty() {
                self.error(
                    spec.span,
                    format!("{} has no members; C requires at least one", kind.keyword()),
                );
                return id;
            }
            if let Err(e) = self.types.complete_record(id, members) {
                self.error(spec.span, e.to_string());
            }
        }
        id
    }

    fn declare_record_tag(&mut self, kind: RecordKind, tag: &ast::Name) -> RecordId {
        let id = self.types.declare_record(kind, Some(&tag.node));
        self.scopes
            .last_mut()
            .expect("a scope")
            .tags
            .insert(tag.node.clone(), (Tag::Record(id, kind), tag.span));
        id
    }

    fn member_list(&mut self, decls: &[ast::MemberDecl]) -> Vec<Member> {
        let mut members: Vec<Member> = Vec::new();
        let mut seen: Vec<(String, Span)> = Vec::new();
        for decl in decls {
            let Some(base) = self.specifier_type(&decl.specifiers) else {
                continue;
            };
            if decl.declarators.is_empty() {
                self.warning(decl.span, "declaration does not declare anything");
            }
            for declarator in &decl.declarators {
                let Some(declared) = self.declarator(base.clone(), declarator) else {
                    continue;
                };
                let Some(name) = declared.name else {
                    continue;
                };
                if let Some((_, previous)) = seen.iter().find(|(n, _)| *n == name.node) {
                    self.error_with_previous(
                        name.span,
                        format!("duplicate member '{}'", name.node),
                        *previous,
                        "previous declaration is here",
                    );
                    continue;
                }
                if declared.ty.ty.is_function() {
                    self.error(
                        name.span,
                        format!("field '{}' declared as a function", name.node),
                    );
                    continue;
                }
                if !self.types.is_complete(&declared.ty.ty) {
                    self.error(
                        name.span,
                        format!(
                            "field '{}' has incomplete type '{}'",
                            name.node,
                            self.type_name(&declared.ty.ty)
                        ),
                    );
                    continue;
                }
                seen.push((name.node.clone(), name.span));
                members.push(Member::new(name.node, declared.ty));
            }
        }
        members
    }

    fn enum_specifier(&mut self, spec: &ast::EnumSpecifier) -> EnumId {
        let id = match &spec.tag {
            Some(tag) => match self.lookup_tag(&tag.node) {
                Some((Tag::Enum(id), _, innermost)) if innermost || spec.enumerators.is_none() => {
                    id
                }
                Some((Tag::Record(..), span, true)) => {
                    self.error_with_previous(
                        tag.span,
                        format!("'{}' defined as wrong kind of tag", tag.node),
                        span,
                        "previous declaration is here",
                    );
                    self.declare_enum_tag(tag)
                }
                _ => {
                    if spec.enumerators.is_none() {
                        self.error(
                            tag.span,
                            format!(
                                "enum '{}' is used before it is defined; define its values first",
                                tag.node
                            ),
                        );
                    }
                    self.declare_enum_tag(tag)
                }
            },
            None => self.types.declare_enum(None),
        };
        if let Some(list) = &spec.enumerators {
            if self.types.enum_def(id).is_complete() {
                self.error(
                    spec.span,
                    format!(
                        "redefinition of 'enum {}'",
                        spec.tag.as_ref().map_or("<anonymous>", |t| &t.node)
                    ),
                );
                return id;
            }
            let mut enumerators = Vec::new();
            let mut next: i64 = 0;
            for enumerator in list {
                let value = match &enumerator.value {
                    Some(expr) => self
                        .constant_value(expr, "enumerator value")
                        .unwrap_or(next),
                    None => next,
                };
                if !IntKind::Int.can_represent(value) {
                    self.error(
                        enumerator.name.span,
                        format!(
                            "enumerator value for '{}' is not an integer constant that fits in int",
                            enumerator.name.node
                        ),
                    );
                }
                if let Some((_, previous)) = self.in_innermost_scope(&enumerator.name.node).cloned()
                {
                    self.error_with_previous(
                        enumerator.name.span,
                        format!("redeclaration of '{}'", enumerator.name.node),
                        previous,
                        "previous declaration is here",
                    );
                }
                self.bind(
                    &enumerator.name.node,
                    Binding::EnumConstant(value),
                    enumerator.name.span,
                );
                enumerators.push(Enumerator::new(enumerator.name.node.clone(), value));
                next = value.wrapping_add(1);
            }
            if enumerators.is_empty() {
                self.error(spec.span, "an enum needs at least one enumerator");
                enumerators.push(Enumerator::new("__empty", 0));
            }
            if let Err(e) = self.types.complete_enum(id, enumerators) {
                self.error(spec.span, e.to_string());
            }
        }
        id
    }

    fn declare_enum_tag(&mut self, tag: &ast::Name) -> EnumId {
        let id = self.types.declare_enum(Some(&tag.node));
        self.scopes
            .last_mut()
            .expect("a scope")
            .tags
            .insert(tag.node.clone(), (Tag::Enum(id), tag.span));
        id
    }

    /// Applies a declarator's derived parts (outermost first) to the base type.
    pub(super) fn declarator(
        &mut self,
        base: QualType,
        declarator: &ast::Declarator,
    ) -> Option<Declared> {
        let mut ty = base;
        let mut params_out = Vec::new();
        let what = declarator
            .name
            .as_ref()
            .map_or("type name".to_string(), |n| format!("'{}'", n.node));
        for (position, derived) in declarator.derived.iter().enumerate().rev() {
            ty = match derived {
                DerivedDecl::Pointer { is_const, .. } => {
                    QualType::new(Type::pointer_to(ty), *is_const)
                }
                DerivedDecl::Array { size, span } => {
                    if ty.ty.is_function() {
                        self.error(
                            *span,
                            format!("declaration of {what} as array of functions"),
                        );
                        return None;
                    }
                    if !self.types.is_complete(&ty.ty) {
                        self.error(
                            *span,
                            format!(
                                "array type has incomplete element type '{}'",
                                self.type_name(&ty.ty)
                            ),
                        );
                        return None;
                    }
                    let len = match size {
                        None => None,
                        Some(size) => Some(self.array_length(size, &what)?),
                    };
                    let array = QualType::new(Type::array_of(ty.clone(), len), ty.is_const);
                    if let Err(e) = self.types.size_of(&array.ty)
                        && e.kind == LayoutErrorKind::TooLarge
                    {
                        self.error(*span, format!("size of array {what} is too large"));
                        return None;
                    }
                    array
                }
                DerivedDecl::Function {
                    params,
                    has_prototype,
                    span,
                } => {
                    if ty.ty.is_function() {
                        self.error(
                            *span,
                            format!("{what} declared as function returning a function"),
                        );
                        return None;
                    }
                    if ty.ty.is_array() {
                        self.error(
                            *span,
                            format!("{what} declared as function returning an array"),
                        );
                        return None;
                    }
                    let mut param_types = Vec::new();
                    let mut names = Vec::new();
                    for param in params {
                        let base = self.specifier_type(&param.specifiers)?;
                        let declared = self.declarator(base, &param.declarator)?;
                        if declared.ty.ty.is_void() {
                            self.error(
                                param.span,
                                "parameter has type 'void'; write '(void)' alone for no parameters",
                            );
                            return None;
                        }
                        // Array and function parameters are really pointers (C11 6.7.6.3p7-8).
                        let adjusted = QualType::new(
                            declared.ty.ty.decay(),
                            declared.ty.is_const && !declared.ty.ty.is_array(),
                        );
                        param_types.push(adjusted.ty.clone());
                        names.push((declared.name, adjusted, param.span));
                    }
                    if position == 0 {
                        params_out = names;
                    }
                    let function = if *has_prototype {
                        Type::function(ty.ty.clone(), param_types, false)
                    } else {
                        Type::function_without_prototype(ty.ty.clone())
                    };
                    QualType::unqualified(function)
                }
            };
        }
        Some(Declared {
            name: declarator.name.clone(),
            ty,
            params: params_out,
        })
    }

    fn array_length(&mut self, size: &ast::Expr, what: &str) -> Option<u32> {
        let checked = self.rvalue(size)?;
        let Some(kind) = self.types.integer_kind(&checked.ty) else {
            self.error(
                size.span,
                format!(
                    "size of array {what} has non-integer type '{}'",
                    self.type_name(&checked.ty)
                ),
            );
            return None;
        };
        let value = match checked.kind {
            hir::ExprKind::Const(value) => value,
            _ => {
                self.diagnostics.push(
                    Diagnostic::unsupported_plural(size.span, "variable-length arrays")
                        .with_note(None, "the size of an array must be a constant, such as 10 or a #define; use malloc for sizes known only when the program runs"),
                );
                return None;
            }
        };
        if kind.is_signed() && value < 0 {
            self.error(size.span, format!("size of array {what} is negative"));
            return None;
        }
        if value == 0 {
            self.error(
                size.span,
                format!("size of array {what} is zero; C requires at least one element"),
            );
            return None;
        }
        match u32::try_from(value) {
            Ok(len) if len <= crate::types::MAX_OBJECT_SIZE => Some(len),
            _ => {
                self.error(size.span, format!("size of array {what} is too large"));
                None
            }
        }
    }

    /// Evaluates an integer constant expression (enum values, case labels).
    pub(super) fn constant_value(&mut self, expr: &ast::Expr, what: &str) -> Option<i64> {
        let checked = self.rvalue(expr)?;
        if !checked.ty.is_integer() {
            self.error(expr.span, format!("{what} is not an integer"));
            return None;
        }
        match checked.kind {
            hir::ExprKind::Const(value) => Some(value),
            _ => {
                self.error(
                    expr.span,
                    format!("{what} does not reduce to an integer constant"),
                );
                None
            }
        }
    }

    // ---- file scope ----

    /// Each declarator of a declaration with its resolved type and name; declarators whose
    /// type failed are bound quietly (see `poison_names`) and left out.
    fn named_declarators<'d>(
        &mut self,
        base: &QualType,
        declaration: &'d ast::Declaration,
    ) -> Vec<(&'d ast::InitDeclarator, Declared, ast::Name)> {
        let mut named = Vec::new();
        for init_declarator in &declaration.declarators {
            let Some(declared) = self.declarator(base.clone(), &init_declarator.declarator) else {
                if let Some(name) = &init_declarator.declarator.name {
                    self.bind(&name.node, Binding::Poisoned, name.span);
                }
                continue;
            };
            if let Some(name) = declared.name.clone() {
                named.push((init_declarator, declared, name));
            }
        }
        named
    }

    /// Binds a declaration's names quietly after its type failed, so their uses don't
    /// repeat the error as "undeclared".
    fn poison_names(&mut self, declaration: &ast::Declaration) {
        for init_declarator in &declaration.declarators {
            if let Some(name) = &init_declarator.declarator.name {
                self.bind(&name.node, Binding::Poisoned, name.span);
            }
        }
    }

    pub(super) fn file_scope_declaration(&mut self, declaration: &ast::Declaration) {
        let Some(base) = self.specifier_type(&declaration.specifiers) else {
            self.poison_names(declaration);
            return;
        };
        let storage = declaration.specifiers.storage.map(|s| s.node);
        if declaration.declarators.is_empty() {
            self.check_declares_something(declaration);
            return;
        }
        for (init_declarator, declared, name) in self.named_declarators(&base, declaration) {
            match storage {
                Some(StorageClass::Typedef) => self.typedef(&name, declared.ty),
                _ if declared.ty.ty.is_function() => {
                    if init_declarator.init.is_some() {
                        self.error(
                            name.span,
                            format!("function '{}' is initialized like a variable", name.node),
                        );
                    }
                    self.declare_function(
                        &name,
                        &declared.ty.ty,
                        storage == Some(StorageClass::Static),
                        declaration.span,
                    );
                }
                _ => {
                    self.global_variable(
                        &name,
                        declared.ty,
                        storage,
                        init_declarator.init.as_ref(),
                        None,
                    );
                }
            }
        }
    }

    fn check_declares_something(&mut self, declaration: &ast::Declaration) {
        let declares_type = match &declaration.specifiers.ty {
            TypeSpecifier::Record(r) => r.tag.is_some() || r.members.is_some(),
            TypeSpecifier::Enum(_) => true,
            _ => false,
        };
        if !declares_type {
            self.warning(declaration.span, "declaration does not declare anything");
        }
    }

    fn typedef(&mut self, name: &ast::Name, ty: QualType) {
        if let Some((existing, previous)) = self.in_innermost_scope(&name.node).cloned() {
            let same = matches!(&existing, Binding::Typedef(old) if self.types.compatible_qualified(old, &ty));
            if !same {
                self.error_with_previous(
                    name.span,
                    format!("redefinition of '{}' with a different type", name.node),
                    previous,
                    "previous declaration is here",
                );
                return;
            }
        }
        self.bind(&name.node, Binding::Typedef(ty), name.span);
    }

    /// Declares (or re-declares) a function at file scope; returns its id.
    pub(super) fn declare_function(
        &mut self,
        name: &ast::Name,
        ty: &Type,
        is_static: bool,
        span: Span,
    ) -> Option<FunctionId> {
        if let Some((existing, previous)) = self.lookup(&name.node).cloned() {
            match existing {
                Binding::Function(id) => {
                    let old = self.functions[id.0 as usize].ty.clone();
                    match self.types.composite(&old, ty) {
                        Some(composite) => {
                            self.functions[id.0 as usize].ty = composite;
                            return Some(id);
                        }
                        None => {
                            self.error_with_previous(
                                name.span,
                                format!("conflicting types for '{}'", name.node),
                                previous,
                                format!("previous declaration of '{}' is here", name.node),
                            );
                            return None;
                        }
                    }
                }
                _ if self.at_file_scope() || self.in_innermost_scope(&name.node).is_some() => {
                    self.error_with_previous(
                        name.span,
                        format!("'{}' redeclared as a different kind of symbol", name.node),
                        previous,
                        "previous declaration is here",
                    );
                    return None;
                }
                _ => {}
            }
        }
        if let Some(library) = super::library::LibraryFunction::from_name(&name.node)
            && self.headers.contains(&library.header())
            && !self.types.compatible(&library.ty(&self.library_types), ty)
        {
            self.error(
                name.span,
                format!(
                    "conflicting types for '{}'; <{}> already declares it as '{}'",
                    name.node,
                    library.header().file_name(),
                    self.type_name(&library.ty(&self.library_types))
                ),
            );
        }
        let id = FunctionId(self.functions.len() as u32);
        self.functions.push(hir::Function {
            name: name.node.clone(),
            ty: ty.clone(),
            span,
            name_span: name.span,
            params: Vec::new(),
            locals: Vec::new(),
            body: None,
            is_static,
        });
        // Functions live at file scope even when declared inside a block.
        self.scopes[0]
            .names
            .insert(name.node.clone(), (Binding::Function(id), name.span));
        if !self.at_file_scope() {
            self.bind(&name.node, Binding::Function(id), name.span);
        }
        Some(id)
    }

    /// A variable with static storage (file scope, or a `static` local when `owner` is set).
    pub(super) fn global_variable(
        &mut self,
        name: &ast::Name,
        ty: QualType,
        storage: Option<StorageClass>,
        init: Option<&ast::Initializer>,
        owner: Option<FunctionId>,
    ) -> Option<GlobalId> {
        if ty.ty.is_void() {
            self.error(name.span, format!("variable '{}' declared void", name.node));
            return None;
        }
        let is_extern = storage == Some(StorageClass::Extern);
        let existing = if owner.is_none() {
            self.in_innermost_scope(&name.node).cloned()
        } else {
            None
        };
        let id = match existing {
            Some((Binding::Global(id), previous)) => {
                let old = self.globals[id.0 as usize].ty.clone();
                if !self.types.compatible_qualified(&old, &ty) {
                    self.error_with_previous(
                        name.span,
                        format!("conflicting types for '{}'", name.node),
                        previous,
                        "previous declaration is here",
                    );
                    return None;
                }
                // A later declaration may complete an array's length.
                if let Some(composite) = self.types.composite(&old.ty, &ty.ty) {
                    self.globals[id.0 as usize].ty = QualType::new(composite, old.is_const);
                }
                id
            }
            Some((_, previous)) => {
                self.error_with_previous(
                    name.span,
                    format!("'{}' redeclared as a different kind of symbol", name.node),
                    previous,
                    "previous declaration is here",
                );
                return None;
            }
            None => {
                let id = GlobalId(self.globals.len() as u32);
                self.globals.push(hir::Global {
                    name: name.node.clone(),
                    ty: ty.clone(),
                    span: name.span,
                    init: None,
                    owner,
                    is_static: storage == Some(StorageClass::Static),
                    defined: false,
                });
                self.bind(&name.node, Binding::Global(id), name.span);
                id
            }
        };
        if let Some(init) = init {
            if self.globals[id.0 as usize].init.is_some() {
                self.error(name.span, format!("redefinition of '{}'", name.node));
                return Some(id);
            }
            if is_extern && owner.is_none() {
                self.warning(
                    name.span,
                    format!("'{}' initialized and declared 'extern'", name.node),
                );
            }
            let object_ty = self.globals[id.0 as usize].ty.clone();
            if let Some((initializer, completed)) = self.initializer(&object_ty, init, true) {
                if let Some(completed) = completed {
                    self.globals[id.0 as usize].ty = completed;
                }
                self.globals[id.0 as usize].init = Some(initializer);
            }
        }
        if !is_extern {
            self.globals[id.0 as usize].defined = true;
        }
        let final_ty = self.globals[id.0 as usize].ty.ty.clone();
        if !is_extern && !self.types.is_complete(&final_ty) {
            // `int a[];` at file scope is a tentative definition of one element (gcc warns).
            if let Type::Array { element, len: None } = &final_ty {
                self.warning(
                    name.span,
                    format!("array '{}' assumed to have one element", name.node),
                );
                let one = Type::Array {
                    element: element.clone(),
                    len: Some(1),
                };
                let is_const = self.globals[id.0 as usize].ty.is_const;
                self.globals[id.0 as usize].ty = QualType::new(one, is_const);
            } else {
                self.error(
                    name.span,
                    format!(
                        "storage size of '{}' isn't known ('{}' is incomplete)",
                        name.node,
                        self.type_name(&final_ty)
                    ),
                );
            }
        }
        Some(id)
    }

    // ---- functions ----

    pub(super) fn function_definition(&mut self, function: &ast::FunctionDef) {
        let Some(base) = self.specifier_type(&function.specifiers) else {
            return;
        };
        let Some(declared) = self.declarator(base, &function.declarator) else {
            return;
        };
        let Some(name) = declared.name.clone() else {
            return;
        };
        let is_static =
            matches!(function.specifiers.storage, Some(s) if s.node == StorageClass::Static);
        let Some(id) = self.declare_function(&name, &declared.ty.ty, is_static, function.span)
        else {
            return;
        };
        if self.functions[id.0 as usize].body.is_some() {
            let previous = self.functions[id.0 as usize].name_span;
            self.error_with_previous(
                name.span,
                format!("redefinition of '{}'", name.node),
                previous,
                "previous definition is here",
            );
            return;
        }
        self.functions[id.0 as usize].name_span = name.span;
        self.functions[id.0 as usize].span = function.span;
        let return_type = declared
            .ty
            .ty
            .as_function()
            .expect("a function declarator")
            .ret
            .clone();
        if name.node == "main" {
            self.check_main(&name, &declared);
        }
        if !return_type.is_void() && !self.types.is_complete(&return_type) {
            self.error(
                name.span,
                format!(
                    "return type '{}' is incomplete",
                    self.type_name(&return_type)
                ),
            );
        }
        self.current = Some(FunctionContext {
            id,
            locals: Vec::new(),
            referenced: Default::default(),
            read: Default::default(),
            return_type: return_type.clone(),
            loops: 0,
            switches: Vec::new(),
        });
        self.push_scope();
        let mut params = Vec::new();
        for (param_name, ty, span) in &declared.params {
            let Some(param_name) = param_name else {
                self.error(*span, "parameter name omitted in a function definition");
                continue;
            };
            if !self.types.is_complete(&ty.ty) {
                self.error(
                    param_name.span,
                    format!(
                        "parameter '{}' has incomplete type '{}'",
                        param_name.node,
                        self.type_name(&ty.ty)
                    ),
                );
            }
            if let Some((_, previous)) = self.in_innermost_scope(&param_name.node).cloned() {
                self.error_with_previous(
                    param_name.span,
                    format!("redefinition of parameter '{}'", param_name.node),
                    previous,
                    "previous definition is here",
                );
                continue;
            }
            let local = self.new_local(param_name, ty.clone());
            // Parameters are not reported as unused (that is -Wextra's job).
            let context = self.current.as_mut().expect("in a function");
            context.referenced.insert(local);
            context.read.insert(local);
            params.push(local);
        }
        let body = self.block(&function.body, false);
        self.pop_scope();
        let context = self.current.take().expect("in a function");
        if !return_type.is_void() && name.node != "main" && stmt_list_falls_through(&body.stmts) {
            self.warning(
                function
                    .body
                    .close
                    .unwrap_or(Span::at(function.body.span.end)),
                "control reaches end of non-void function",
            );
        }
        self.report_unused(&context);
        let f = &mut self.functions[id.0 as usize];
        f.params = params;
        f.locals = context.locals;
        f.body = Some(body);
        let _ = context.id;
    }

    fn check_main(&mut self, name: &ast::Name, declared: &Declared) {
        let function = declared.ty.ty.as_function().expect("a function").clone();
        if function.ret != Type::Int(IntKind::Int) {
            self.error(name.span, "return type of 'main' is not 'int'");
        }
        let ok_params = match function.params.as_slice() {
            [] => true,
            [argc, argv] => {
                *argc == Type::Int(IntKind::Int)
                    && self
                        .types
                        .compatible(argv, &Type::pointer_to(Type::pointer_to(Type::char())))
            }
            _ => false,
        };
        if !ok_params {
            self.error(
                name.span,
                "'main' takes either no parameters (void) or (int argc, char *argv[])",
            );
        }
    }

    fn report_unused(&mut self, context: &FunctionContext) {
        for (index, local) in context.locals.iter().enumerate() {
            let id = LocalId(index as u32);
            if !context.referenced.contains(&id) {
                self.warning(local.span, format!("unused variable '{}'", local.name));
            } else if !context.read.contains(&id) {
                self.warning(
                    local.span,
                    format!("variable '{}' set but not used", local.name),
                );
            }
        }
    }

    /// `extern int x;` inside a function names the file-scope `x` (declaring it there if
    /// it is not declared yet).
    fn local_extern(&mut self, name: &ast::Name, ty: QualType, has_init: bool) {
        if has_init {
            self.error(
                name.span,
                format!("'{}' has both 'extern' and an initializer", name.node),
            );
            return;
        }
        let existing = self.scopes[0].names.get(&name.node).cloned();
        let id = match existing {
            Some((Binding::Global(id), previous)) => {
                if !self
                    .types
                    .compatible_qualified(&self.globals[id.0 as usize].ty, &ty)
                {
                    self.error_with_previous(
                        name.span,
                        format!("conflicting types for '{}'", name.node),
                        previous,
                        "previous declaration is here",
                    );
                    return;
                }
                id
            }
            Some((_, previous)) => {
                self.error_with_previous(
                    name.span,
                    format!("'{}' redeclared as a different kind of symbol", name.node),
                    previous,
                    "previous declaration is here",
                );
                return;
            }
            None => {
                let id = GlobalId(self.globals.len() as u32);
                self.globals.push(hir::Global {
                    name: name.node.clone(),
                    ty,
                    span: name.span,
                    init: None,
                    owner: None,
                    is_static: false,
                    defined: false,
                });
                self.scopes[0]
                    .names
                    .insert(name.node.clone(), (Binding::Global(id), name.span));
                id
            }
        };
        self.bind(&name.node, Binding::Global(id), name.span);
    }

    /// Keeps a local whose declaration failed out of the unused-variable warnings.
    fn quiet_local(&mut self, local: LocalId) {
        let context = self.current.as_mut().expect("in a function");
        context.referenced.insert(local);
        context.read.insert(local);
    }

    pub(super) fn new_local(&mut self, name: &ast::Name, ty: QualType) -> LocalId {
        let context = self.current.as_mut().expect("locals live in functions");
        let id = LocalId(context.locals.len() as u32);
        context.locals.push(hir::Local {
            name: name.node.clone(),
            ty,
            span: name.span,
        });
        self.bind(&name.node, Binding::Local(id), name.span);
        id
    }

    /// A declaration inside a function: locals (with their initialization as statements),
    /// static locals, typedefs, function declarations, struct definitions.
    pub(super) fn local_declaration(&mut self, declaration: &ast::Declaration) -> Vec<hir::Stmt> {
        let mut stmts = Vec::new();
        let Some(base) = self.specifier_type(&declaration.specifiers) else {
            self.poison_names(declaration);
            return stmts;
        };
        let storage = declaration.specifiers.storage.map(|s| s.node);
        if declaration.declarators.is_empty() {
            self.check_declares_something(declaration);
            return stmts;
        }
        for (init_declarator, declared, name) in self.named_declarators(&base, declaration) {
            if storage == Some(StorageClass::Typedef) {
                self.typedef(&name, declared.ty);
                continue;
            }
            if declared.ty.ty.is_function() {
                self.declare_function(&name, &declared.ty.ty, false, declaration.span);
                continue;
            }
            if let Some((_, previous)) = self.in_innermost_scope(&name.node).cloned() {
                self.error_with_previous(
                    name.span,
                    format!("redefinition of '{}'", name.node),
                    previous,
                    "previous definition is here",
                );
                continue;
            }
            if storage == Some(StorageClass::Extern) {
                self.local_extern(&name, declared.ty, init_declarator.init.is_some());
                continue;
            }
            if storage == Some(StorageClass::Static) {
                let owner = self.current.as_ref().map(|c| c.id);
                self.global_variable(
                    &name,
                    declared.ty,
                    storage,
                    init_declarator.init.as_ref(),
                    owner,
                );
                continue;
            }
            if declared.ty.ty.is_void() {
                self.error(name.span, format!("variable '{}' declared void", name.node));
                continue;
            }
            // The name is in scope from the end of its declarator, so `int *p = malloc(sizeof *p)`
            // refers to itself.
            let local = self.new_local(&name, declared.ty.clone());
            let init = match &init_declarator.init {
                Some(init) => match self.initializer(&declared.ty, init, false) {
                    Some((initializer, completed)) => {
                        if let Some(completed) = completed {
                            self.current.as_mut().expect("in a function").locals
                                [local.0 as usize]
                                .ty = completed;
                        }
                        Some(initializer)
                    }
                    None => {
                        // Its error is reported; don't add "unused" on top.
                        self.quiet_local(local);
                        None
                    }
                },
                None => None,
            };
            let ty = self.current.as_ref().expect("in a function").locals[local.0 as usize]
                .ty
                .ty
                .clone();
            if !self.types.is_complete(&ty) {
                let message = if ty.array_len() == Some(None) {
                    format!("array size missing in '{}'", name.node)
                } else {
                    format!(
                        "storage size of '{}' isn't known ('{}' is incomplete)",
                        name.node,
                        self.type_name(&ty)
                    )
                };
                self.error(name.span, message);
                self.quiet_local(local);
                continue;
            }
            stmts.push(hir::Stmt {
                kind: hir::StmtKind::Decl { local, init },
                span: declaration.span,
            });
        }
        stmts
    }
}

/// Whether control can reach the end of a statement list (conservatively: true unless the
/// last statement surely returns, exits, or loops forever).
pub(super) fn stmt_list_falls_through(stmts: &[hir::Stmt]) -> bool {
    stmts.last().is_none_or(stmt_falls_through)
}

fn stmt_falls_through(stmt: &hir::Stmt) -> bool {
    use hir::StmtKind;
    match &stmt.kind {
        StmtKind::Return(_) => false,
        StmtKind::Block(block) => stmt_list_falls_through(&block.stmts),
        StmtKind::If {
            then_branch,
            else_branch: Some(else_branch),
            ..
        } => stmt_falls_through(then_branch) || stmt_falls_through(else_branch),
        StmtKind::Expr(expr) => !calls_no_return(expr),
        StmtKind::While { cond, body } => !is_true_constant(cond) || contains_break(body),
        StmtKind::For { cond, body, .. } => {
            !cond.as_ref().is_none_or(is_true_constant) || contains_break(body)
        }
        StmtKind::DoWhile { body, cond } => !is_true_constant(cond) || contains_break(body),
        // A switch falls through when no label may match, when a break leaves it, or when
        // its last statement does.
        StmtKind::Switch { body, .. } => {
            !has_default(body) || contains_break(body) || stmt_falls_through(body)
        }
        StmtKind::Case { body, .. } | StmtKind::Default { body } => stmt_falls_through(body),
        _ => true,
    }
}

fn is_true_constant(expr: &hir::Expr) -> bool {
    matches!(expr.kind, hir::ExprKind::Const(v) if v != 0)
}

fn calls_no_return(expr: &hir::Expr) -> bool {
    if let hir::ExprKind::Call { callee, .. } = &expr.kind {
        let mut callee = callee.as_ref();
        while let hir::ExprKind::Cast { operand, .. } = &callee.kind {
            callee = operand;
        }
        return matches!(callee.kind, hir::ExprKind::Function(hir::Callee::Library(f)) if f.never_returns());
    }
    if let hir::ExprKind::Cast { operand, .. } = &expr.kind {
        return calls_no_return(operand);
    }
    false
}

/// Whether a switch body has a `default` label of its own (not of a nested switch).
fn has_default(stmt: &hir::Stmt) -> bool {
    use hir::StmtKind;
    match &stmt.kind {
        StmtKind::Default { .. } => true,
        StmtKind::Case { body, .. } => has_default(body),
        StmtKind::Block(block) => block.stmts.iter().any(has_default),
        StmtKind::If {
            then_branch,
            else_branch,
            ..
        } => has_default(then_branch) || else_branch.as_deref().is_some_and(has_default),
        StmtKind::While { body, .. }
        | StmtKind::DoWhile { body, .. }
        | StmtKind::For { body, .. } => has_default(body),
        _ => false,
    }
}

/// Whether a `break` inside leaves this loop (breaks in nested loops and switches don't).
fn contains_break(stmt: &hir::Stmt) -> bool {
    use hir::StmtKind;
    match &stmt.kind {
        StmtKind::Break => true,
        StmtKind::Block(block) => block.stmts.iter().any(contains_break),
        StmtKind::If {
            then_branch,
            else_branch,
            ..
        } => contains_break(then_branch) || else_branch.as_deref().is_some_and(contains_break),
        StmtKind::Case { body, .. } | StmtKind::Default { body } => contains_break(body),
        _ => false,
    }
}
