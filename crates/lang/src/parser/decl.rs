//! Declarations: specifiers, declarators, initializers, struct/union/enum specifiers,
//! function definitions and type names.

use super::Parser;
use crate::ast::*;
use crate::codemap::{Span, Spanned};
use crate::diagnostics::Diagnostic;
use crate::token::{Keyword, Punct, TokenKind};

/// The type-specifier keywords seen so far in one declaration, to be combined at the end
/// (`unsigned long int` in any order).
#[derive(Default)]
struct SpecifierWords {
    void: u8,
    bool_: u8,
    char: u8,
    short: u8,
    int: u8,
    long: u8,
    signed: u8,
    unsigned: u8,
    other: Option<TypeSpecifier>,
    any: bool,
}

impl Parser<'_> {
    /// external-declaration: function-definition | declaration
    pub(super) fn external_declaration(&mut self) -> Option<ExternalDecl> {
        if self.eat_punct(Punct::Semi) {
            return None; // a stray `;` at file scope is harmless (gcc -pedantic warns)
        }
        if self.at_keyword(Keyword::StaticAssert) {
            let token = self.bump();
            self.push(Diagnostic::unsupported(token.span, "`_Static_assert`"));
            self.recover_to_statement_end();
            return None;
        }
        let start = self.peek().span;
        let specifiers = self.declaration_specifiers(true)?;
        if self.eat_punct(Punct::Semi) {
            return Some(ExternalDecl::Declaration(Declaration {
                specifiers,
                declarators: Vec::new(),
                span: start.to(self.prev_span()),
            }));
        }
        let declarator = self.declarator(false);
        let is_function = matches!(
            declarator.derived.first(),
            Some(DerivedDecl::Function { .. })
        );
        if is_function && self.at_punct(Punct::LBrace) {
            return Some(ExternalDecl::Function(
                self.function_definition(start, specifiers, declarator),
            ));
        }
        let declaration = self.init_declarator_list(start, specifiers, declarator);
        Some(ExternalDecl::Declaration(declaration))
    }

    fn function_definition(
        &mut self,
        start: Span,
        specifiers: DeclSpecifiers,
        declarator: Declarator,
    ) -> FunctionDef {
        if let Some(name) = &declarator.name {
            self.declare_name(&name.node, false);
        }
        if let Some(storage) = specifiers.storage
            && storage.node == StorageClass::Typedef
        {
            self.error(storage.span, "a function definition cannot be a typedef");
        }
        // The parameters are in scope in the body (and shadow typedef names).
        self.push_scope();
        if let Some(DerivedDecl::Function { params, .. }) = declarator.derived.first() {
            for param in params {
                if let Some(name) = &param.declarator.name {
                    self.declare_name(&name.node, false);
                }
            }
        }
        let body = self.compound_statement();
        self.pop_scope();
        FunctionDef {
            span: start.to(body.span),
            specifiers,
            declarator,
            body,
        }
    }

    /// The rest of a declaration after its first declarator: `= init`, `, more`, `;`.
    pub(super) fn init_declarator_list(
        &mut self,
        start: Span,
        specifiers: DeclSpecifiers,
        first: Declarator,
    ) -> Declaration {
        let is_typedef = matches!(specifiers.storage, Some(s) if s.node == StorageClass::Typedef);
        let mut declarators = Vec::new();
        let mut declarator = first;
        loop {
            if let Some(name) = &declarator.name {
                self.declare_name(&name.node, is_typedef);
            }
            let init = if self.eat_punct(Punct::Eq) {
                if is_typedef {
                    self.error(self.prev_span(), "a typedef cannot have an initializer");
                }
                Some(self.initializer())
            } else {
                None
            };
            declarators.push(InitDeclarator { declarator, init });
            if !self.eat_punct(Punct::Comma) {
                break;
            }
            declarator = self.declarator(false);
        }
        self.expect_semi_or_recover("after declaration");
        Declaration {
            specifiers,
            declarators,
            span: start.to(self.prev_span()),
        }
    }

    /// True when the current token can start declaration specifiers.
    pub(super) fn at_declaration_start(&self) -> bool {
        match self.kind() {
            TokenKind::Keyword(keyword) => is_specifier_keyword(keyword),
            TokenKind::Ident => self.is_typedef_name(self.text(self.peek())),
            _ => false,
        }
    }

    /// declaration-specifiers: storage classes, qualifiers and type specifiers in any order.
    /// `None` when the current token cannot start a declaration (nothing is consumed).
    pub(super) fn declaration_specifiers(&mut self, allow_storage: bool) -> Option<DeclSpecifiers> {
        if !self.at_declaration_start() {
            // An unknown identifier followed by an identifier is almost surely a misspelt
            // or undeclared type name (`strin s;`, `uint8_t x;`).
            if self.kind() == TokenKind::Ident && self.peek_at(1).kind == TokenKind::Ident {
                let token = self.bump();
                let name = self.text(token).to_string();
                self.push(Diagnostic::error(
                    token.span,
                    format!("unknown type name '{name}'"),
                ));
                return Some(DeclSpecifiers {
                    storage: None,
                    ty: TypeSpecifier::Error,
                    is_const: false,
                    span: token.span,
                });
            }
            return None;
        }
        let start = self.peek().span;
        let mut storage: Option<Spanned<StorageClass>> = None;
        let mut is_const = false;
        let mut words = SpecifierWords::default();
        loop {
            let token = self.peek();
            match token.kind {
                TokenKind::Keyword(keyword) => {
                    let class = match keyword {
                        Keyword::Typedef => Some(StorageClass::Typedef),
                        Keyword::Extern => Some(StorageClass::Extern),
                        Keyword::Static => Some(StorageClass::Static),
                        _ => None,
                    };
                    if let Some(class) = class {
                        self.bump();
                        if !allow_storage {
                            self.error(
                                token.span,
                                format!("'{}' is not allowed here", self.text(token)),
                            );
                        } else if storage.is_some() {
                            self.error(
                                token.span,
                                "multiple storage classes in declaration specifiers",
                            );
                        } else {
                            storage = Some(Spanned::new(class, token.span));
                        }
                        continue;
                    }
                    match keyword {
                        Keyword::Const => {
                            self.bump();
                            is_const = true;
                        }
                        Keyword::Volatile | Keyword::Restrict | Keyword::Atomic => {
                            self.bump();
                            let text = self.text(token).to_string();
                            self.push(Diagnostic::unsupported(
                                token.span,
                                format!("the `{text}` qualifier"),
                            ));
                        }
                        Keyword::Auto | Keyword::Register | Keyword::ThreadLocal => {
                            self.bump();
                            let text = self.text(token).to_string();
                            self.push(Diagnostic::unsupported(
                                token.span,
                                format!("the `{text}` storage class"),
                            ));
                        }
                        Keyword::Inline | Keyword::Noreturn => {
                            self.bump();
                            let text = self.text(token).to_string();
                            self.push(Diagnostic::unsupported(token.span, format!("`{text}`")));
                        }
                        Keyword::Alignas => {
                            self.bump();
                            self.push(Diagnostic::unsupported(token.span, "`_Alignas`"));
                            self.skip_parenthesized();
                        }
                        Keyword::Float
                        | Keyword::Double
                        | Keyword::Complex
                        | Keyword::Imaginary => {
                            self.bump();
                            let text = self.text(token).to_string();
                            self.push(
                                Diagnostic::unsupported(token.span, format!("`{text}`"))
                                    .with_note(None, "the playground has integers and pointers only: no floating point"),
                            );
                            words.other.get_or_insert(TypeSpecifier::Error);
                            words.any = true;
                        }
                        Keyword::Void => self.count_word(&mut words, |w| &mut w.void),
                        Keyword::Bool => self.count_word(&mut words, |w| &mut w.bool_),
                        Keyword::Char => self.count_word(&mut words, |w| &mut w.char),
                        Keyword::Short => self.count_word(&mut words, |w| &mut w.short),
                        Keyword::Int => self.count_word(&mut words, |w| &mut w.int),
                        Keyword::Long => self.count_word(&mut words, |w| &mut w.long),
                        Keyword::Signed => self.count_word(&mut words, |w| &mut w.signed),
                        Keyword::Unsigned => self.count_word(&mut words, |w| &mut w.unsigned),
                        Keyword::Struct | Keyword::Union => {
                            let record = self.struct_or_union_specifier();
                            self.set_other(&mut words, TypeSpecifier::Record(record), token.span);
                        }
                        Keyword::Enum => {
                            let spec = self.enum_specifier();
                            self.set_other(&mut words, TypeSpecifier::Enum(spec), token.span);
                        }
                        _ => break,
                    }
                }
                // A typedef name is a type specifier only where no other type was named:
                // in `typedef int T; void f(int T)`, the second T is a parameter name.
                TokenKind::Ident if !words.any && self.is_typedef_name(self.text(token)) => {
                    self.bump();
                    let name = Spanned::new(self.text(token).to_string(), token.span);
                    self.set_other(&mut words, TypeSpecifier::TypedefName(name), token.span);
                }
                _ => break,
            }
        }
        let span = start.to(self.prev_span());
        let ty = self.combine_specifiers(words, span);
        Some(DeclSpecifiers {
            storage,
            ty,
            is_const,
            span,
        })
    }

    fn count_word(
        &mut self,
        words: &mut SpecifierWords,
        field: fn(&mut SpecifierWords) -> &mut u8,
    ) {
        self.bump();
        *field(words) += 1;
        words.any = true;
    }

    fn set_other(&mut self, words: &mut SpecifierWords, spec: TypeSpecifier, span: Span) {
        if words.other.is_some() {
            self.error(span, "two or more data types in declaration specifiers");
        } else {
            words.other = Some(spec);
        }
        words.any = true;
    }

    /// Combines the counted keywords into one base type, as C11 6.7.2 lists the valid sets.
    fn combine_specifiers(&mut self, words: SpecifierWords, span: Span) -> TypeSpecifier {
        let keyword_count = words.void
            + words.bool_
            + words.char
            + words.short
            + words.int
            + words.long
            + words.signed
            + words.unsigned;
        if let Some(other) = words.other {
            if keyword_count > 0 && other != TypeSpecifier::Error {
                self.error(span, "two or more data types in declaration specifiers");
                return TypeSpecifier::Error;
            }
            return other;
        }
        if words.long >= 2 {
            self.push(Diagnostic::unsupported(span, "`long long`").with_note(
                None,
                "on this 32-bit machine `long` and `int` are both 4 bytes",
            ));
            return TypeSpecifier::Error;
        }
        if words.signed > 0 && words.unsigned > 0 {
            self.error(
                span,
                "both 'signed' and 'unsigned' in declaration specifiers",
            );
            return TypeSpecifier::Error;
        }
        let repeated = [
            words.void,
            words.bool_,
            words.char,
            words.short,
            words.int,
            words.signed,
            words.unsigned,
        ]
        .iter()
        .any(|&n| n > 1);
        if repeated {
            self.error(span, "duplicate type specifier in declaration specifiers");
            return TypeSpecifier::Error;
        }
        let unsigned = words.unsigned > 0;
        let signedness = words.signed + words.unsigned;
        let result = match (
            words.void,
            words.bool_,
            words.char,
            words.short,
            words.int,
            words.long,
        ) {
            (1, 0, 0, 0, 0, 0) if signedness == 0 => Some(TypeSpecifier::Void),
            (0, 1, 0, 0, 0, 0) if signedness == 0 => Some(TypeSpecifier::Bool),
            (0, 0, 1, 0, 0, 0) => Some(match (words.signed, words.unsigned) {
                (0, 0) => TypeSpecifier::Char,
                (_, 0) => TypeSpecifier::SignedChar,
                _ => TypeSpecifier::UnsignedChar,
            }),
            (0, 0, 0, 1, _, 0) => Some(if unsigned {
                TypeSpecifier::UnsignedShort
            } else {
                TypeSpecifier::Short
            }),
            (0, 0, 0, 0, _, 1) => Some(if unsigned {
                TypeSpecifier::UnsignedLong
            } else {
                TypeSpecifier::Long
            }),
            (0, 0, 0, 0, _, 0) if words.int > 0 || signedness > 0 => Some(if unsigned {
                TypeSpecifier::UnsignedInt
            } else {
                TypeSpecifier::Int
            }),
            (0, 0, 0, 0, 0, 0) => None,
            _ => {
                self.error(span, "two or more data types in declaration specifiers");
                return TypeSpecifier::Error;
            }
        };
        match result {
            Some(ty) => ty,
            None => {
                // `const x = 1;` or `static y;`: C89's implicit int, an error in C99 and later.
                self.error(
                    span,
                    "type specifier missing; C requires a type such as 'int'",
                );
                TypeSpecifier::Error
            }
        }
    }

    /// Skips a balanced `( ... )` if one starts here (after an unsupported construct).
    pub(super) fn skip_parenthesized(&mut self) {
        if !self.eat_punct(Punct::LParen) {
            return;
        }
        let mut depth = 1;
        while depth > 0 && !self.at_eof() {
            match self.bump().kind {
                TokenKind::Punct(Punct::LParen) => depth += 1,
                TokenKind::Punct(Punct::RParen) => depth -= 1,
                _ => {}
            }
        }
    }

    /// struct-or-union-specifier: (struct|union) tag? ({ member-declarations })?
    fn struct_or_union_specifier(&mut self) -> RecordSpecifier {
        let keyword = self.bump();
        let kind = if keyword.kind == TokenKind::Keyword(Keyword::Union) {
            RecordKind::Union
        } else {
            RecordKind::Struct
        };
        let tag = self.optional_name();
        let members = if self.at_punct(Punct::LBrace) {
            Some(self.member_declarations())
        } else {
            if tag.is_none() {
                self.error_found(
                    self.peek().span,
                    format!("expected '{{' or a name after '{}'", self.text(keyword)),
                );
            }
            None
        };
        RecordSpecifier {
            kind,
            tag,
            members,
            span: keyword.span.to(self.prev_span()),
        }
    }

    fn optional_name(&mut self) -> Option<Name> {
        (self.kind() == TokenKind::Ident).then(|| {
            let token = self.bump();
            Spanned::new(self.text(token).to_string(), token.span)
        })
    }

    fn member_declarations(&mut self) -> Vec<MemberDecl> {
        let open = self.bump();
        let mut members = Vec::new();
        if !self.enter() {
            return members;
        }
        while !self.at_punct(Punct::RBrace) && !self.at_eof() && !self.bailing {
            let start = self.peek().span;
            if self.eat_punct(Punct::Semi) {
                continue;
            }
            let Some(specifiers) = self.declaration_specifiers(false) else {
                self.error_found(self.peek().span, "expected a member declaration".into());
                self.recover_to_statement_end();
                continue;
            };
            let mut declarators = Vec::new();
            if !self.at_punct(Punct::Semi) {
                loop {
                    let declarator = self.declarator(false);
                    if self.at_punct(Punct::Colon) {
                        let colon = self.bump();
                        self.push(Diagnostic::unsupported_plural(colon.span, "bit-fields"));
                        let _ = self.conditional_expression();
                    }
                    declarators.push(declarator);
                    if !self.eat_punct(Punct::Comma) {
                        break;
                    }
                }
            }
            if !self.expect_punct(Punct::Semi, "at end of member declaration") {
                self.recover_to_statement_end();
            }
            members.push(MemberDecl {
                specifiers,
                declarators,
                span: start.to(self.prev_span()),
            });
        }
        self.leave();
        if !self.eat_punct(Punct::RBrace) {
            self.error(open.span, "expected '}' to close this struct or union");
        }
        members
    }

    /// enum-specifier: enum tag? ({ enumerator-list })?
    fn enum_specifier(&mut self) -> EnumSpecifier {
        let keyword = self.bump();
        let tag = self.optional_name();
        let enumerators = if self.at_punct(Punct::LBrace) {
            let open = self.bump();
            let mut list = Vec::new();
            while !self.at_punct(Punct::RBrace) && !self.at_eof() && !self.bailing {
                let Some(name) = self.optional_name() else {
                    self.error_found(self.peek().span, "expected an enumerator name".into());
                    break;
                };
                self.declare_name(&name.node, false);
                let value = self
                    .eat_punct(Punct::Eq)
                    .then(|| self.conditional_expression());
                list.push(Enumerator { name, value });
                if !self.eat_punct(Punct::Comma) {
                    break;
                }
            }
            if !self.eat_punct(Punct::RBrace) {
                self.error_found(self.peek().span, "expected ',' or '}' in enum".into());
                self.skip_to_close_brace(open.span);
            }
            Some(list)
        } else {
            if tag.is_none() {
                self.error_found(
                    self.peek().span,
                    "expected '{' or a name after 'enum'".into(),
                );
            }
            None
        };
        EnumSpecifier {
            tag,
            enumerators,
            span: keyword.span.to(self.prev_span()),
        }
    }

    fn skip_to_close_brace(&mut self, _open: Span) {
        let mut depth = 1;
        while !self.at_eof() {
            match self.bump().kind {
                TokenKind::Punct(Punct::LBrace) => depth += 1,
                TokenKind::Punct(Punct::RBrace) => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// declarator: pointer* direct-declarator. With `abstract_ok`, the name may be absent
    /// (type names, and parameters such as `int *`).
    pub(super) fn declarator(&mut self, abstract_ok: bool) -> Declarator {
        let start = self.peek().span;
        if !self.enter() {
            return Declarator {
                name: None,
                derived: Vec::new(),
                span: start,
            };
        }
        // Pointers as written, outermost first: `* const *` is [const ptr, ptr].
        let mut pointers = Vec::new();
        while self.at_punct(Punct::Star) {
            let star = self.bump();
            let mut is_const = false;
            loop {
                let token = self.peek();
                match token.kind {
                    TokenKind::Keyword(Keyword::Const) => {
                        self.bump();
                        is_const = true;
                    }
                    TokenKind::Keyword(Keyword::Volatile | Keyword::Restrict | Keyword::Atomic) => {
                        self.bump();
                        let text = self.text(token).to_string();
                        self.push(Diagnostic::unsupported(
                            token.span,
                            format!("the `{text}` qualifier"),
                        ));
                    }
                    _ => break,
                }
            }
            pointers.push(DerivedDecl::Pointer {
                is_const,
                span: star.span.to(self.prev_span()),
            });
        }
        let mut derived = Vec::new();
        let mut name = None;
        let nested = self.at_punct(Punct::LParen)
            && matches!(
                self.peek_at(1).kind,
                TokenKind::Punct(Punct::Star | Punct::LParen | Punct::LBracket) | TokenKind::Ident
            )
            && !(self.peek_at(1).kind == TokenKind::Ident
                && self.is_typedef_name(self.text(self.peek_at(1))));
        if nested {
            self.bump();
            let inner = self.declarator(abstract_ok);
            self.expect_punct(Punct::RParen, "to close the declarator");
            name = inner.name;
            derived = inner.derived;
        } else if self.kind() == TokenKind::Ident {
            let token = self.bump();
            name = Some(Spanned::new(self.text(token).to_string(), token.span));
        } else if !abstract_ok {
            self.error_found(self.peek().span, "expected identifier or '('".into());
        }
        // Suffixes apply before the pointers: `*a[3]` is an array of pointers.
        loop {
            if self.at_punct(Punct::LBracket) {
                let open = self.bump();
                let size = if self.at_punct(Punct::RBracket) {
                    None
                } else {
                    Some(Box::new(self.assignment_expression()))
                };
                self.expect_punct(Punct::RBracket, "after array size");
                derived.push(DerivedDecl::Array {
                    size,
                    span: open.span.to(self.prev_span()),
                });
            } else if self.at_punct(Punct::LParen) {
                derived.push(self.parameter_list());
            } else {
                break;
            }
        }
        derived.extend(pointers.into_iter().rev());
        self.leave();
        Declarator {
            name,
            derived,
            span: start.to(self.prev_span()),
        }
    }

    /// ( parameter-type-list ) after a declarator.
    fn parameter_list(&mut self) -> DerivedDecl {
        let open = self.bump();
        let mut params = Vec::new();
        let has_prototype;
        if self.at_punct(Punct::RParen) {
            has_prototype = false;
        } else if self.at_keyword(Keyword::Void)
            && self.peek_at(1).kind == TokenKind::Punct(Punct::RParen)
        {
            self.bump();
            has_prototype = true;
        } else {
            has_prototype = true;
            // Parameter names live in a scope of their own (they may shadow typedefs).
            self.push_scope();
            loop {
                if self.at_punct(Punct::Ellipsis) {
                    let dots = self.bump();
                    self.push(
                        Diagnostic::unsupported_plural(dots.span, "variadic functions of your own (`...`)")
                            .with_note(None, "library functions such as printf take variable arguments; your functions take a fixed list"),
                    );
                    break;
                }
                let start = self.peek().span;
                let Some(specifiers) = self.declaration_specifiers(false) else {
                    if self.kind() == TokenKind::Ident {
                        let token = self.bump();
                        let text = self.text(token).to_string();
                        self.error(token.span, format!("unknown type name '{text}'"));
                        continue;
                    }
                    self.error_found(self.peek().span, "expected a parameter declaration".into());
                    break;
                };
                let declarator = self.declarator(true);
                if let Some(name) = &declarator.name {
                    self.declare_name(&name.node, false);
                }
                params.push(ParamDecl {
                    specifiers,
                    declarator,
                    span: start.to(self.prev_span()),
                });
                if !self.eat_punct(Punct::Comma) {
                    break;
                }
            }
            self.pop_scope();
        }
        if !self.eat_punct(Punct::RParen) {
            self.error_found(self.peek().span, "expected ')' after the parameters".into());
            // Skip to the closing parenthesis so the declaration can go on.
            let mut depth = 1;
            while depth > 0
                && !self.at_eof()
                && !self.at_punct(Punct::LBrace)
                && !self.at_punct(Punct::Semi)
            {
                match self.bump().kind {
                    TokenKind::Punct(Punct::LParen) => depth += 1,
                    TokenKind::Punct(Punct::RParen) => depth -= 1,
                    _ => {}
                }
            }
        }
        DerivedDecl::Function {
            params,
            has_prototype,
            span: open.span.to(self.prev_span()),
        }
    }

    /// initializer: assignment-expression | { initializer-list ,? }
    pub(super) fn initializer(&mut self) -> Initializer {
        if !self.at_punct(Punct::LBrace) {
            return Initializer::Expr(self.assignment_expression());
        }
        let open = self.bump();
        let mut items = Vec::new();
        if !self.enter() {
            return Initializer::List {
                items,
                span: open.span,
            };
        }
        while !self.at_punct(Punct::RBrace) && !self.at_eof() && !self.bailing {
            let mut designators = Vec::new();
            loop {
                if self.at_punct(Punct::LBracket) {
                    self.bump();
                    let index = self.conditional_expression();
                    self.expect_punct(Punct::RBracket, "after array designator");
                    designators.push(Designator::Index(index));
                } else if self.at_punct(Punct::Dot) {
                    self.bump();
                    match self.optional_name() {
                        Some(name) => designators.push(Designator::Member(name)),
                        None => self.error_found(
                            self.peek().span,
                            "expected a member name after '.'".into(),
                        ),
                    }
                } else {
                    break;
                }
            }
            if !designators.is_empty() {
                self.expect_punct(Punct::Eq, "after designator");
            }
            let init = self.initializer();
            items.push(InitItem { designators, init });
            if !self.eat_punct(Punct::Comma) {
                break;
            }
        }
        self.leave();
        if !self.eat_punct(Punct::RBrace) {
            self.error_found(
                self.peek().span,
                "expected '}' to close the initializer list".into(),
            );
            self.recover_to_statement_end_keeping_semi();
        }
        Initializer::List {
            items,
            span: open.span.to(self.prev_span()),
        }
    }

    /// Like recover_to_statement_end, but leaves the `;` for the declaration to consume.
    fn recover_to_statement_end_keeping_semi(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.kind() {
                TokenKind::Eof => return,
                TokenKind::Punct(Punct::Semi) if depth == 0 => return,
                TokenKind::Punct(Punct::LBrace | Punct::LParen | Punct::LBracket) => depth += 1,
                TokenKind::Punct(Punct::RBrace) if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::Punct(Punct::RBrace | Punct::RParen | Punct::RBracket) => {
                    depth = depth.saturating_sub(1)
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// type-name: specifier-qualifier-list abstract-declarator?
    pub(super) fn type_name(&mut self) -> Option<TypeName> {
        let start = self.peek().span;
        let specifiers = self.declaration_specifiers(false)?;
        let declarator = self.declarator(true);
        if let Some(name) = &declarator.name {
            self.error(
                name.span,
                format!("unexpected name '{}' in a type", name.node),
            );
        }
        Some(TypeName {
            specifiers,
            declarator,
            span: start.to(self.prev_span()),
        })
    }
}

pub(super) fn is_specifier_keyword(keyword: Keyword) -> bool {
    use Keyword::*;
    matches!(
        keyword,
        Typedef
            | Extern
            | Static
            | Auto
            | Register
            | ThreadLocal
            | Const
            | Volatile
            | Restrict
            | Atomic
            | Inline
            | Noreturn
            | Alignas
            | Void
            | Bool
            | Char
            | Short
            | Int
            | Long
            | Signed
            | Unsigned
            | Float
            | Double
            | Complex
            | Imaginary
            | Struct
            | Union
            | Enum
    )
}
