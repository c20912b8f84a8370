//! Sizes, alignments and member offsets as gcc -m32 computes them (i386 System V ABI).
//!
//! With no `long long`, `double` or bit-fields in the subset, i386's layout is the textbook
//! one: every scalar is aligned to its size (pointers and enums are 4/4), an array has its
//! element's alignment, a struct places each member at the next multiple of its alignment
//! and rounds its size up to its largest alignment, and a union is as large as its largest
//! member, rounded the same way.

use std::fmt;

use super::table::{Member, RecordError, RecordId, RecordKind, TypeTable};
use super::{IntKind, Type};

/// The largest object gcc -m32 accepts: `PTRDIFF_MAX` (beyond it gcc says "size of array
/// ... is too large" or "type ... is too large"), so pointer differences stay defined.
pub const MAX_OBJECT_SIZE: u32 = 0x7fff_ffff;

/// Pointers are 4 bytes, 4-aligned.
pub const POINTER_SIZE: u32 = 4;

/// Size, alignment and member offsets of a complete struct or union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordLayout {
    pub size: u32,
    pub align: u32,
    /// One offset per member, in declaration order.
    pub offsets: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayoutErrorKind {
    /// `void` has no size (gcc's `sizeof(void) == 1` is an extension C11 forbids).
    Void,
    Function,
    /// An incomplete struct, union or enum, or an array of unknown length.
    Incomplete,
    /// Larger than [`MAX_OBJECT_SIZE`].
    TooLarge,
}

/// Why a type has no size. `ty` is the offending type, which may be a part of the type
/// asked about (the incomplete struct inside an array of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    pub kind: LayoutErrorKind,
    pub ty: Type,
    /// `ty` as gcc spells it, so the error can be shown without the table.
    pub type_name: String,
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.type_name;
        match self.kind {
            LayoutErrorKind::Void => write!(f, "type '{name}' has no size"),
            LayoutErrorKind::Function => write!(f, "function type '{name}' has no size"),
            LayoutErrorKind::Incomplete => write!(f, "incomplete type '{name}' has no known size"),
            LayoutErrorKind::TooLarge => write!(
                f,
                "type '{name}' is too large (objects are limited to {MAX_OBJECT_SIZE} bytes)"
            ),
        }
    }
}

impl std::error::Error for LayoutError {}

/// Size and alignment of one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SizeAlign {
    size: u32,
    align: u32,
}

/// `value` rounded up to a multiple of `align` (a power of two), in u64 so it cannot wrap.
fn round_up(value: u64, align: u32) -> u64 {
    let align = u64::from(align);
    value.div_ceil(align) * align
}

impl TypeTable {
    /// `sizeof` of a complete object type.
    pub fn size_of(&self, ty: &Type) -> Result<u32, LayoutError> {
        self.size_align(ty).map(|layout| layout.size)
    }

    /// `_Alignof` of a complete object type.
    pub fn align_of(&self, ty: &Type) -> Result<u32, LayoutError> {
        self.size_align(ty).map(|layout| layout.align)
    }

    /// The layout of a complete struct or union (computed once, when it was completed).
    pub fn record_layout(&self, id: RecordId) -> Result<&RecordLayout, LayoutError> {
        self.record(id)
            .layout()
            .ok_or_else(|| self.layout_error(LayoutErrorKind::Incomplete, &Type::Record(id)))
    }

    fn layout_error(&self, kind: LayoutErrorKind, ty: &Type) -> LayoutError {
        LayoutError {
            kind,
            ty: ty.clone(),
            type_name: self.type_name(ty),
        }
    }

    fn size_align(&self, ty: &Type) -> Result<SizeAlign, LayoutError> {
        let scalar = |size| Ok(SizeAlign { size, align: size });
        match ty {
            Type::Void => Err(self.layout_error(LayoutErrorKind::Void, ty)),
            Type::Function(_) => Err(self.layout_error(LayoutErrorKind::Function, ty)),
            Type::Int(kind) => scalar(kind.size()),
            Type::Pointer(_) => scalar(POINTER_SIZE),
            Type::Enum(id) => {
                if self.enum_def(*id).is_complete() {
                    scalar(IntKind::Int.size())
                } else {
                    Err(self.layout_error(LayoutErrorKind::Incomplete, ty))
                }
            }
            Type::Record(id) => {
                let layout = self.record_layout(*id)?;
                Ok(SizeAlign {
                    size: layout.size,
                    align: layout.align,
                })
            }
            Type::Array { element, len } => {
                let element = self.size_align(&element.ty)?;
                let Some(len) = len else {
                    return Err(self.layout_error(LayoutErrorKind::Incomplete, ty));
                };
                let size = u64::from(element.size) * u64::from(*len);
                if size > u64::from(MAX_OBJECT_SIZE) {
                    return Err(self.layout_error(LayoutErrorKind::TooLarge, ty));
                }
                Ok(SizeAlign {
                    size: size as u32,
                    align: element.align,
                })
            }
        }
    }

    /// Lays out `members` of record `id`; used once, by `complete_record`.
    pub(super) fn compute_record_layout(
        &self,
        id: RecordId,
        members: &[Member],
    ) -> Result<RecordLayout, RecordError> {
        let kind = self.record(id).kind();
        let mut offsets = Vec::with_capacity(members.len());
        let mut end: u64 = 0;
        let mut align: u32 = 1;
        for member in members {
            let member_layout =
                self.size_align(&member.ty.ty)
                    .map_err(|error| RecordError::InvalidMember {
                        member: member.name.clone(),
                        error,
                    })?;
            align = align.max(member_layout.align);
            let offset = match kind {
                RecordKind::Struct => round_up(end, member_layout.align),
                RecordKind::Union => 0,
            };
            // Every offset fits u32 here: `end` stays at most MAX_OBJECT_SIZE (checked
            // below), and rounding adds less than one alignment.
            let member_end = offset + u64::from(member_layout.size);
            if member_end > u64::from(MAX_OBJECT_SIZE) {
                return Err(self.record_too_large(id));
            }
            offsets.push(offset as u32);
            end = end.max(member_end);
        }
        let size = round_up(end, align);
        if size > u64::from(MAX_OBJECT_SIZE) {
            return Err(self.record_too_large(id));
        }
        Ok(RecordLayout {
            size: size as u32,
            align,
            offsets,
        })
    }

    fn record_too_large(&self, id: RecordId) -> RecordError {
        RecordError::TooLarge {
            record: self.type_name(&Type::Record(id)),
        }
    }
}
