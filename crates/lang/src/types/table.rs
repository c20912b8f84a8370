//! The table of struct, union and enum definitions that [`Type`]s point into by id.
//!
//! Ids keep types small and let a record be named before it is defined
//! (`struct node { struct node *next; };`). The table does no scoping: the checker maps tags
//! to ids per scope and asks the table only about definitions.

use std::fmt;

use super::layout::{LayoutError, RecordLayout};
use super::{IntKind, QualType, Type};

/// A struct or union in a [`TypeTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(u32);

/// An enum in a [`TypeTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(u32);

impl RecordId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl EnumId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Struct,
    Union,
}

impl RecordKind {
    pub fn keyword(self) -> &'static str {
        match self {
            RecordKind::Struct => "struct",
            RecordKind::Union => "union",
        }
    }
}

/// A named member of a struct or union. (Bit-fields and anonymous members are outside the
/// subset.)
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Member {
    pub name: String,
    pub ty: QualType,
}

impl Member {
    pub fn new(name: impl Into<String>, ty: impl Into<QualType>) -> Member {
        Member {
            name: name.into(),
            ty: ty.into(),
        }
    }
}

/// A struct or union: incomplete until [`TypeTable::complete_record`], immutable after.
#[derive(Debug, Clone)]
pub struct RecordDef {
    kind: RecordKind,
    tag: Option<String>,
    members: Option<Vec<Member>>,
    layout: Option<RecordLayout>,
}

impl RecordDef {
    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// `None` while the record is incomplete.
    pub fn members(&self) -> Option<&[Member]> {
        self.members.as_deref()
    }

    /// `None` while the record is incomplete.
    pub fn layout(&self) -> Option<&RecordLayout> {
        self.layout.as_ref()
    }

    pub fn is_complete(&self) -> bool {
        self.members.is_some()
    }
}

/// A member found by name, with where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberRef<'a> {
    /// Position among the record's members (initializers go in this order).
    pub index: usize,
    pub member: &'a Member,
    /// Byte offset from the start of the record (0 for every union member).
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enumerator {
    pub name: String,
    pub value: i64,
}

impl Enumerator {
    pub fn new(name: impl Into<String>, value: i64) -> Enumerator {
        Enumerator {
            name: name.into(),
            value,
        }
    }
}

/// An enum: incomplete until [`TypeTable::complete_enum`] (inside its own enumerator list,
/// or after gcc's forward declaration `enum e;`).
#[derive(Debug, Clone)]
pub struct EnumDef {
    tag: Option<String>,
    enumerators: Option<Vec<Enumerator>>,
}

impl EnumDef {
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    pub fn enumerators(&self) -> Option<&[Enumerator]> {
        self.enumerators.as_deref()
    }

    pub fn is_complete(&self) -> bool {
        self.enumerators.is_some()
    }

    /// The integer type this enum is compatible with, as gcc chooses it: `unsigned int`
    /// when no enumerator is negative, else `int`. `None` while incomplete.
    pub fn underlying(&self) -> Option<IntKind> {
        let enumerators = self.enumerators.as_ref()?;
        if enumerators.iter().any(|e| e.value < 0) {
            Some(IntKind::Int)
        } else {
            Some(IntKind::UInt)
        }
    }
}

/// Why a record definition was refused; messages follow gcc's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// The record already has members.
    Redefinition {
        record: String,
    },
    DuplicateMember {
        member: String,
    },
    /// The member's type has no layout (void, function, incomplete, too large).
    InvalidMember {
        member: String,
        error: LayoutError,
    },
    /// The record would exceed [`super::MAX_OBJECT_SIZE`].
    TooLarge {
        record: String,
    },
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::LayoutErrorKind::*;
        match self {
            RecordError::Redefinition { record } => write!(f, "redefinition of '{record}'"),
            RecordError::DuplicateMember { member } => write!(f, "duplicate member '{member}'"),
            RecordError::InvalidMember { member, error } => match error.kind {
                Void => write!(f, "field '{member}' declared void"),
                Function => write!(f, "field '{member}' declared as a function"),
                Incomplete => write!(f, "field '{member}' has incomplete type"),
                TooLarge => write!(f, "size of array '{member}' is too large"),
            },
            RecordError::TooLarge { record } => write!(f, "type '{record}' is too large"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Why an enum definition was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumError {
    Redefinition {
        name: String,
    },
    /// C11 6.7.2.2p2: enumerator values must be representable as `int`.
    ValueOutOfRange {
        enumerator: String,
        value: i64,
    },
}

impl fmt::Display for EnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumError::Redefinition { name } => write!(f, "redeclaration of '{name}'"),
            EnumError::ValueOutOfRange { enumerator, value } => write!(
                f,
                "value {value} of enumerator '{enumerator}' is outside the range of 'int'"
            ),
        }
    }
}

impl std::error::Error for EnumError {}

/// Record and enum definitions of one program. Ids are only meaningful in the table that
/// made them (passing another table's id is a programming error and panics).
#[derive(Debug, Clone, Default)]
pub struct TypeTable {
    records: Vec<RecordDef>,
    enums: Vec<EnumDef>,
    /// Records in the order they were completed: a record only contains (by value) records
    /// completed before it, so this order is a valid order of C definitions.
    completion_order: Vec<RecordId>,
}

impl TypeTable {
    pub fn new() -> TypeTable {
        TypeTable::default()
    }

    /// A new, incomplete struct or union (`struct node;`, or the start of a definition).
    pub fn declare_record(&mut self, kind: RecordKind, tag: Option<&str>) -> RecordId {
        let id = RecordId(u32::try_from(self.records.len()).expect("fewer than 2^32 records"));
        self.records.push(RecordDef {
            kind,
            tag: tag.map(str::to_owned),
            members: None,
            layout: None,
        });
        id
    }

    /// Gives the record its members and computes its layout. Refuses a second definition,
    /// duplicate names, members of void, function or incomplete type (so a record cannot
    /// contain itself), and records over [`super::MAX_OBJECT_SIZE`]. An empty member list
    /// is accepted with size 0, as gcc does; the checker refuses `struct s {};` because
    /// C11's grammar does.
    pub fn complete_record(
        &mut self,
        id: RecordId,
        members: Vec<Member>,
    ) -> Result<&RecordLayout, RecordError> {
        if self.records[id.index()].is_complete() {
            return Err(RecordError::Redefinition {
                record: self.type_name(&Type::Record(id)),
            });
        }
        for (index, member) in members.iter().enumerate() {
            if members[..index].iter().any(|m| m.name == member.name) {
                return Err(RecordError::DuplicateMember {
                    member: member.name.clone(),
                });
            }
        }
        let layout = self.compute_record_layout(id, &members)?;
        let record = &mut self.records[id.index()];
        record.members = Some(members);
        record.layout = Some(layout);
        self.completion_order.push(id);
        Ok(self.records[id.index()]
            .layout
            .as_ref()
            .expect("just stored"))
    }

    pub fn record(&self, id: RecordId) -> &RecordDef {
        &self.records[id.index()]
    }

    /// Every record with its id, in declaration order.
    pub fn records(&self) -> impl Iterator<Item = (RecordId, &RecordDef)> {
        self.records
            .iter()
            .enumerate()
            .map(|(index, record)| (RecordId(index as u32), record))
    }

    /// Complete records in the order they were completed (an order in which C source can
    /// define them).
    pub fn records_in_completion_order(&self) -> impl Iterator<Item = RecordId> + '_ {
        self.completion_order.iter().copied()
    }

    /// The member called `name`, or `None` if there is none or the record is incomplete.
    pub fn find_member(&self, id: RecordId, name: &str) -> Option<MemberRef<'_>> {
        let record = self.record(id);
        let members = record.members.as_ref()?;
        let layout = record.layout.as_ref()?;
        let index = members.iter().position(|m| m.name == name)?;
        Some(MemberRef {
            index,
            member: &members[index],
            offset: layout.offsets[index],
        })
    }

    /// A new, incomplete enum (before its enumerator list is read).
    pub fn declare_enum(&mut self, tag: Option<&str>) -> EnumId {
        let id = EnumId(u32::try_from(self.enums.len()).expect("fewer than 2^32 enums"));
        self.enums.push(EnumDef {
            tag: tag.map(str::to_owned),
            enumerators: None,
        });
        id
    }

    /// Gives the enum its enumerators (values already computed by the checker). Refuses a
    /// second definition and values outside `int` (C11; gcc only warns with -pedantic).
    pub fn complete_enum(
        &mut self,
        id: EnumId,
        enumerators: Vec<Enumerator>,
    ) -> Result<(), EnumError> {
        if self.enums[id.index()].is_complete() {
            return Err(EnumError::Redefinition {
                name: self.type_name(&Type::Enum(id)),
            });
        }
        if let Some(bad) = enumerators
            .iter()
            .find(|e| !IntKind::Int.can_represent(e.value))
        {
            return Err(EnumError::ValueOutOfRange {
                enumerator: bad.name.clone(),
                value: bad.value,
            });
        }
        self.enums[id.index()].enumerators = Some(enumerators);
        Ok(())
    }

    pub fn enum_def(&self, id: EnumId) -> &EnumDef {
        &self.enums[id.index()]
    }

    /// Every enum with its id, in declaration order.
    pub fn enums(&self) -> impl Iterator<Item = (EnumId, &EnumDef)> {
        self.enums
            .iter()
            .enumerate()
            .map(|(index, def)| (EnumId(index as u32), def))
    }

    /// Whether objects of this type have a known size: not void, not a function, not an
    /// array of unknown length, not an incomplete struct, union or enum.
    pub fn is_complete(&self, ty: &Type) -> bool {
        match ty {
            Type::Void | Type::Function(_) => false,
            Type::Int(_) | Type::Pointer(_) => true,
            Type::Enum(id) => self.enum_def(*id).is_complete(),
            Type::Record(id) => self.record(*id).is_complete(),
            Type::Array { element, len } => len.is_some() && self.is_complete(&element.ty),
        }
    }

    /// Whether an lvalue of this type may be assigned (C11 6.3.2.1p1): complete, not an
    /// array, not const, and for a struct or union no const member at any depth (so that
    /// assigning the whole record cannot write a const member).
    pub fn is_modifiable(&self, qt: &QualType) -> bool {
        !qt.is_const && !qt.ty.is_array() && self.is_complete(&qt.ty) && !self.has_const_part(qt)
    }

    fn has_const_part(&self, qt: &QualType) -> bool {
        if qt.is_const {
            return true;
        }
        match &qt.ty {
            Type::Array { element, .. } => self.has_const_part(element),
            Type::Record(id) => self
                .record(*id)
                .members()
                .is_some_and(|members| members.iter().any(|m| self.has_const_part(&m.ty))),
            _ => false,
        }
    }
}
