//! Initializers: scalars, arrays and structs, nested braces, brace elision, designators,
//! and character arrays from string literals, flattened to entries at byte offsets.

use super::Sema;
use super::expr::{Conversion, is_null_constant};
use crate::ast::{self, Designator, InitItem};
use crate::codemap::Span;
use crate::hir::{CastKind, Expr, ExprKind, InitEntry, InitValue, Initializer};
use crate::types::{IntKind, QualType, RecordKind, Type};

struct Builder {
    entries: Vec<InitEntry>,
    /// Objects with static storage need constant initializers.
    is_static: bool,
}

impl Sema {
    /// Checks an initializer for an object of type `ty`. Returns the flattened initializer
    /// and, for an array of unknown length, the type the initializer completes it to.
    pub(super) fn initializer(
        &mut self,
        ty: &QualType,
        init: &ast::Initializer,
        is_static: bool,
    ) -> Option<(Initializer, Option<QualType>)> {
        let mut builder = Builder {
            entries: Vec::new(),
            is_static,
        };
        let span = init.span();
        let mut completed = None;
        match init {
            ast::Initializer::Expr(e) => {
                if let (Some(len), ast::ExprKind::Str(bytes)) =
                    (self.char_array_len(&ty.ty), &e.kind)
                {
                    let (bytes, len) = self.string_for_array(bytes, len, e.span);
                    builder.entries.push(InitEntry {
                        offset: 0,
                        value: InitValue::Bytes(bytes),
                    });
                    if ty.ty.array_len() == Some(None) {
                        completed = Some(self.with_len(ty, len));
                    }
                } else if ty.ty.is_array() {
                    self.error(
                        e.span,
                        "an array must be initialized with a list in braces, such as {1, 2, 3}",
                    );
                    return None;
                } else {
                    self.scalar_or_record(&mut builder, &ty.ty, 0, e)?;
                }
            }
            ast::Initializer::List { items, .. } => {
                if ty.ty.is_array() || ty.ty.is_record() {
                    let mut pos = 0;
                    let count = self.aggregate(&mut builder, &ty.ty, 0, items, &mut pos, true);
                    if ty.ty.array_len() == Some(None) {
                        if count == 0 {
                            self.error(
                                span,
                                "an array of unknown size needs at least one initializer",
                            );
                            return None;
                        }
                        completed = Some(self.with_len(ty, count));
                    }
                } else {
                    self.braced_scalar(&mut builder, &ty.ty, 0, items, span)?;
                }
            }
        }
        if let Some(completed) = &completed
            && self.types.size_of(&completed.ty).is_err()
        {
            self.error(span, "the initialized array is too large");
            return None;
        }
        Some((
            Initializer {
                entries: builder.entries,
                span,
            },
            completed,
        ))
    }

    fn with_len(&self, ty: &QualType, len: u32) -> QualType {
        let element = ty.ty.array_element().expect("an array").clone();
        QualType::new(Type::array_of(element, Some(len)), false)
    }

    /// The length (None: unknown) when `ty` is an array of a character type.
    fn char_array_len(&self, ty: &Type) -> Option<Option<u32>> {
        let element = ty.array_element()?;
        matches!(
            element.ty,
            Type::Int(IntKind::Char | IntKind::SChar | IntKind::UChar)
        )
        .then(|| ty.array_len().flatten())
    }

    /// The bytes a string literal puts in a char array of `len` (None: sized by it).
    fn string_for_array(&mut self, bytes: &[u8], len: Option<u32>, span: Span) -> (Vec<u8>, u32) {
        let mut with_nul = bytes.to_vec();
        with_nul.push(0);
        match len {
            None => {
                let len = with_nul.len() as u32;
                (with_nul, len)
            }
            Some(len) => {
                if bytes.len() > len as usize {
                    self.warning(span, "initializer-string for array of 'char' is too long");
                }
                with_nul.truncate(len as usize);
                (with_nul, len)
            }
        }
    }

    /// `{ x }` for a scalar (braces around a scalar are allowed; `{}` is zero).
    fn braced_scalar(
        &mut self,
        builder: &mut Builder,
        ty: &Type,
        offset: u32,
        items: &[InitItem],
        span: Span,
    ) -> Option<()> {
        let Some(first) = items.first() else {
            return Some(());
        };
        if !first.designators.is_empty() {
            self.error(span, "designator in an initializer for a scalar");
            return None;
        }
        if items.len() > 1 {
            self.warning(
                items[1].init.span(),
                "excess elements in scalar initializer",
            );
        }
        match &first.init {
            ast::Initializer::Expr(e) => self.scalar_or_record(builder, ty, offset, e),
            ast::Initializer::List { items, span } => {
                self.warning(*span, "braces around scalar initializer");
                self.braced_scalar(builder, ty, offset, items, *span)
            }
        }
    }

    /// One expression initializing a scalar or a whole struct of the same type.
    fn scalar_or_record(
        &mut self,
        builder: &mut Builder,
        ty: &Type,
        offset: u32,
        e: &ast::Expr,
    ) -> Option<()> {
        let value = self.rvalue(e)?;
        let value = self.convert_for_assignment(value, ty, Conversion::Initialization, e.span)?;
        if builder.is_static && !is_constant_initializer(&value) {
            self.error(e.span, "initializer element is not constant (a global or static variable needs a value known before the program runs)");
            return None;
        }
        builder.entries.push(InitEntry {
            offset,
            value: InitValue::Expr(value),
        });
        Some(())
    }

    /// Fills an array or struct from `items[pos..]`. `braced` is true when the aggregate has
    /// its own braces; without them (brace elision) it takes only what it needs and leaves
    /// designators to the enclosing braced level. Returns, for arrays, the number of
    /// elements initialized (the highest index + 1).
    fn aggregate(
        &mut self,
        builder: &mut Builder,
        ty: &Type,
        base: u32,
        items: &[InitItem],
        pos: &mut usize,
        braced: bool,
    ) -> u32 {
        match ty {
            Type::Array { element, len } => {
                let element = element.ty.clone();
                let Ok(size) = self.types.size_of(&element) else {
                    return 0;
                };
                let mut index: u32 = 0;
                let mut count: u32 = 0;
                while *pos < items.len() {
                    let item = &items[*pos];
                    if !item.designators.is_empty() {
                        if !braced {
                            break;
                        }
                        *pos += 1;
                        let Some(designated) = self.array_designator(&item.designators[0], *len)
                        else {
                            continue;
                        };
                        index = designated;
                        self.designated(
                            builder,
                            &element,
                            base + index * size,
                            &item.designators[1..],
                            &item.init,
                        );
                    } else {
                        if len.is_some_and(|len| index >= len) {
                            if braced {
                                self.warning(
                                    item.init.span(),
                                    "excess elements in array initializer",
                                );
                                *pos = items.len();
                            }
                            break;
                        }
                        self.subobject(builder, &element, base + index * size, items, pos);
                    }
                    index += 1;
                    count = count.max(index);
                }
                count
            }
            Type::Record(id) => {
                let record = self.types.record(*id).clone();
                let (Some(members), Some(layout)) = (record.members(), record.layout()) else {
                    return 0;
                };
                let members: Vec<(Type, u32)> = members
                    .iter()
                    .zip(&layout.offsets)
                    .map(|(m, o)| (m.ty.ty.clone(), *o))
                    .collect();
                let limit = if record.kind() == RecordKind::Union {
                    1
                } else {
                    members.len()
                };
                let mut next = 0usize;
                while *pos < items.len() {
                    let item = &items[*pos];
                    if !item.designators.is_empty() {
                        if !braced {
                            break;
                        }
                        *pos += 1;
                        let Designator::Member(name) = &item.designators[0] else {
                            self.error(
                                item.init.span(),
                                "array index in a struct or union initializer",
                            );
                            continue;
                        };
                        let Some((index, offset, member_ty)) =
                            self.designated_member(ty, *id, name)
                        else {
                            continue;
                        };
                        self.designated(
                            builder,
                            &member_ty,
                            base + offset,
                            &item.designators[1..],
                            &item.init,
                        );
                        next = index + 1;
                        continue;
                    }
                    if next >= limit {
                        if braced {
                            let what = if record.kind() == RecordKind::Union {
                                "union"
                            } else {
                                "struct"
                            };
                            self.warning(
                                item.init.span(),
                                format!("excess elements in {what} initializer"),
                            );
                            *pos = items.len();
                        }
                        break;
                    }
                    let (member_ty, offset) = members[next].clone();
                    self.subobject(builder, &member_ty, base + offset, items, pos);
                    next += 1;
                }
                0
            }
            _ => 0,
        }
    }

    fn array_designator(&mut self, designator: &Designator, len: Option<u32>) -> Option<u32> {
        let Designator::Index(e) = designator else {
            if let Designator::Member(name) = designator {
                self.error(
                    name.span,
                    format!("field name '{}' in an array initializer", name.node),
                );
            }
            return None;
        };
        let value = self.constant_value(e, "array index in initializer")?;
        if value < 0
            || len.is_some_and(|len| value >= i64::from(len))
            || value > i64::from(u32::MAX / 2)
        {
            self.error(e.span, "array index in initializer exceeds array bounds");
            return None;
        }
        Some(value as u32)
    }

    /// The subobject at `offset` from the next item(s).
    fn subobject(
        &mut self,
        builder: &mut Builder,
        ty: &Type,
        offset: u32,
        items: &[InitItem],
        pos: &mut usize,
    ) {
        let item = &items[*pos];
        match &item.init {
            ast::Initializer::List { items: inner, span } => {
                *pos += 1;
                self.braced(builder, ty, offset, inner, *span);
            }
            ast::Initializer::Expr(e) => {
                if let (Some(len), ast::ExprKind::Str(bytes)) = (self.char_array_len(ty), &e.kind) {
                    *pos += 1;
                    let (bytes, _) = self.string_for_array(bytes, len, e.span);
                    builder.entries.push(InitEntry {
                        offset,
                        value: InitValue::Bytes(bytes),
                    });
                } else if ty.is_array() || (ty.is_record() && !self.initializes_whole_record(ty, e))
                {
                    // Brace elision: the aggregate takes its members from this same list.
                    self.aggregate(builder, ty, offset, items, pos, false);
                } else {
                    *pos += 1;
                    let _ = self.scalar_or_record(builder, ty, offset, e);
                }
            }
        }
    }

    /// Whether an expression has the record's own type (so it initializes it whole).
    fn initializes_whole_record(&mut self, ty: &Type, e: &ast::Expr) -> bool {
        if matches!(
            e.kind,
            ast::ExprKind::Int { .. } | ast::ExprKind::Char(_) | ast::ExprKind::Str(_)
        ) {
            return false;
        }
        let diagnostics = self.diagnostics.len();
        let strings = self.strings.len();
        let found = self.expression(e).map(|value| value.ty);
        // This was a look only: what it reported will be reported again where it counts.
        self.diagnostics.truncate(diagnostics);
        self.strings.truncate(strings);
        found.is_none_or(|found| found == *ty)
    }

    fn braced(
        &mut self,
        builder: &mut Builder,
        ty: &Type,
        offset: u32,
        items: &[InitItem],
        span: Span,
    ) {
        if ty.is_array() || ty.is_record() {
            let mut pos = 0;
            self.aggregate(builder, ty, offset, items, &mut pos, true);
        } else {
            let _ = self.braced_scalar(builder, ty, offset, items, span);
        }
    }

    /// The member `.name` designates in record `id` (of type `ty`): its index, offset and
    /// type; reports a name the record does not have.
    fn designated_member(
        &mut self,
        ty: &Type,
        id: crate::types::RecordId,
        name: &ast::Name,
    ) -> Option<(usize, u32, Type)> {
        let Some(found) = self.types.find_member(id, &name.node) else {
            self.error(
                name.span,
                format!(
                    "'{}' has no member named '{}'",
                    self.type_name(ty),
                    name.node
                ),
            );
            return None;
        };
        Some((found.index, found.offset, found.member.ty.ty.clone()))
    }

    /// After `[i]` or `.m`: the remaining designators, then the initializer.
    fn designated(
        &mut self,
        builder: &mut Builder,
        ty: &Type,
        offset: u32,
        rest: &[Designator],
        init: &ast::Initializer,
    ) {
        if let Some(first) = rest.first() {
            match (first, ty) {
                (Designator::Index(_), Type::Array { element, len }) => {
                    let element = element.ty.clone();
                    let Some(index) = self.array_designator(first, *len) else {
                        return;
                    };
                    let Ok(size) = self.types.size_of(&element) else {
                        return;
                    };
                    self.designated(builder, &element, offset + index * size, &rest[1..], init);
                }
                (Designator::Member(name), Type::Record(id)) => {
                    let Some((_, member_offset, member_ty)) = self.designated_member(ty, *id, name)
                    else {
                        return;
                    };
                    self.designated(
                        builder,
                        &member_ty,
                        offset + member_offset,
                        &rest[1..],
                        init,
                    );
                }
                _ => self.error(
                    init.span(),
                    format!("designator does not fit type '{}'", self.type_name(ty)),
                ),
            }
            return;
        }
        let items = [InitItem {
            designators: Vec::new(),
            init: init.clone(),
        }];
        let mut pos = 0;
        self.subobject(builder, ty, offset, &items, &mut pos);
    }
}

/// A constant a global may start with: an integer constant, a null pointer, or an address
/// known before the program runs (of a global, a string, a function), possibly offset.
fn is_constant_initializer(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) => true,
        _ if is_null_constant(e) => true,
        ExprKind::Cast {
            kind:
                CastKind::ArrayToPointer
                | CastKind::FunctionToPointer
                | CastKind::PointerToPointer
                | CastKind::IntegerToPointer
                | CastKind::NullToPointer,
            operand,
        } => is_constant_initializer(operand) || is_static_object(operand),
        ExprKind::AddressOf(target) => is_static_object(target),
        ExprKind::PointerOffset { pointer, index, .. } => {
            is_constant_initializer(pointer) && matches!(index.kind, ExprKind::Const(_))
        }
        _ => false,
    }
}

/// An lvalue whose address is fixed before the program runs.
fn is_static_object(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Global(_) | ExprKind::String(_) | ExprKind::Function(_) => true,
        ExprKind::Member { base, .. } => is_static_object(base),
        ExprKind::Deref(pointer) => is_constant_initializer(pointer),
        _ => false,
    }
}
