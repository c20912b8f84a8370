//! Unit tests of the type rules; the gcc conformance tests live in `tests/*_gcc.rs`.

use super::*;
use IntKind::*;

fn ptr(ty: Type) -> Type {
    Type::pointer_to(ty)
}

fn ptr_const(ty: Type) -> Type {
    Type::pointer_to(QualType::new(ty, true))
}

fn array(ty: Type, len: u32) -> Type {
    Type::array_of(ty, Some(len))
}

fn struct_with(table: &mut TypeTable, tag: &str, members: &[(&str, Type)]) -> RecordId {
    let id = table.declare_record(RecordKind::Struct, Some(tag));
    complete(table, id, members);
    id
}

fn union_with(table: &mut TypeTable, tag: &str, members: &[(&str, Type)]) -> RecordId {
    let id = table.declare_record(RecordKind::Union, Some(tag));
    complete(table, id, members);
    id
}

fn complete(table: &mut TypeTable, id: RecordId, members: &[(&str, Type)]) {
    let members = members
        .iter()
        .map(|(name, ty)| Member::new(*name, ty.clone()))
        .collect();
    table.complete_record(id, members).unwrap();
}

fn enum_with(table: &mut TypeTable, tag: &str, values: &[i64]) -> EnumId {
    let id = table.declare_enum(Some(tag));
    let enumerators = values
        .iter()
        .enumerate()
        .map(|(i, &v)| Enumerator::new(format!("{}{i}", tag.to_uppercase()), v))
        .collect();
    table.complete_enum(id, enumerators).unwrap();
    id
}

#[test]
fn integer_kinds_have_ilp32_sizes_and_ranges() {
    let sizes: Vec<u32> = IntKind::ALL.iter().map(|k| k.size()).collect();
    assert_eq!(sizes, [1, 1, 1, 1, 2, 2, 4, 4, 4, 4]);
    assert!(IntKind::ALL.iter().all(|k| k.align() == k.size()));
    assert!(Char.is_signed(), "plain char is signed on i386");
    assert!(!Bool.is_signed() && !UChar.is_signed() && !ULong.is_signed());
    assert_eq!((Char.min_value(), Char.max_value()), (-128, 127));
    assert_eq!((UShort.min_value(), UShort.max_value()), (0, 65535));
    assert_eq!(Long.min_value(), -2147483648);
    assert_eq!(ULong.max_value(), 4294967295);
    assert_eq!((Bool.min_value(), Bool.max_value()), (0, 1));
    assert!(Bool.rank() < SChar.rank() && SChar.rank() == UChar.rank());
    assert!(UShort.rank() < Int.rank() && UInt.rank() < Long.rank());
    assert_eq!(UShort.c_name(), "unsigned short");
    assert_eq!(UShort.gcc_name(), "short unsigned int");
    assert_eq!(ULong.gcc_name(), "long unsigned int");
    assert_eq!(SChar.to_unsigned(), UChar);
    assert_eq!(Long.to_unsigned(), ULong);
}

#[test]
fn promotion_widens_everything_below_int_to_int() {
    for kind in [Bool, Char, SChar, UChar, Short, UShort] {
        assert_eq!(kind.promoted(), Int, "{kind}");
    }
    for kind in [Int, UInt, Long, ULong] {
        assert_eq!(kind.promoted(), kind);
    }
}

#[test]
fn usual_arithmetic_conversions_follow_ilp32() {
    let uac = usual_arithmetic_conversion;
    assert_eq!(
        uac(Long, UInt),
        ULong,
        "long cannot hold every unsigned int"
    );
    assert_eq!(uac(UInt, Long), ULong);
    assert_eq!(uac(Int, UInt), UInt);
    assert_eq!(uac(Long, Int), Long);
    assert_eq!(uac(ULong, Int), ULong);
    assert_eq!(uac(Short, UShort), Int);
    assert_eq!(uac(Char, UChar), Int);
    assert_eq!(uac(Bool, Bool), Int);
    assert_eq!(uac(UChar, UInt), UInt);
    assert_eq!(uac(Long, ULong), ULong);
}

#[test]
fn enums_take_gcc_compatible_type_from_their_values() {
    let mut table = TypeTable::new();
    let plain = enum_with(&mut table, "plain", &[0, 1, 2]);
    let negative = enum_with(&mut table, "neg", &[-1, 0]);
    let plain = Type::Enum(plain);
    let negative = Type::Enum(negative);
    assert_eq!(table.integer_kind(&plain), Some(UInt));
    assert_eq!(table.promote(&plain), Some(UInt));
    assert_eq!(table.promote(&negative), Some(Int));
    assert_eq!(
        table.usual_arithmetic_conversion(&plain, &Type::Int(Long)),
        Some(ULong)
    );
    assert_eq!(
        table.usual_arithmetic_conversion(&negative, &Type::Int(Char)),
        Some(Int)
    );
    assert_eq!(table.size_of(&plain), Ok(4));
    assert_eq!(table.align_of(&negative), Ok(4));
    assert!(table.compatible(&plain, &Type::Int(UInt)));
    assert!(!table.compatible(&plain, &Type::Int(Int)));
    assert!(!table.compatible(&plain, &negative));
    assert_eq!(
        table.usual_arithmetic_conversion(&plain, &ptr(Type::int())),
        None
    );
}

#[test]
fn enum_definitions_are_checked() {
    let mut table = TypeTable::new();
    let id = table.declare_enum(Some("e"));
    assert!(!table.is_complete(&Type::Enum(id)));
    assert_eq!(table.integer_kind(&Type::Enum(id)), None);
    let err = table.size_of(&Type::Enum(id)).unwrap_err();
    assert_eq!(err.kind, LayoutErrorKind::Incomplete);
    let too_big = table
        .complete_enum(id, vec![Enumerator::new("BIG", 0x8000_0000)])
        .unwrap_err();
    assert!(matches!(too_big, EnumError::ValueOutOfRange { .. }));
    table
        .complete_enum(id, vec![Enumerator::new("A", 0)])
        .unwrap();
    let again = table.complete_enum(id, vec![]).unwrap_err();
    assert_eq!(again.to_string(), "redeclaration of 'enum e'");
}

#[test]
fn conversions_that_can_change_a_value_are_detected() {
    assert!(!Char.conversion_may_change_value(Int));
    assert!(!UShort.conversion_may_change_value(Long));
    assert!(!Bool.conversion_may_change_value(UChar));
    assert!(Int.conversion_may_change_value(UInt));
    assert!(
        UInt.conversion_may_change_value(Long),
        "ILP32: long is 32 bits"
    );
    assert!(Int.conversion_may_change_value(Bool));
    assert!(Char.conversion_may_change_value(UChar));
    assert!(!Int.conversion_may_change_value(Long));
    assert_eq!(SChar.convert(300), 44);
    assert_eq!(UChar.convert(-1), 255);
    assert_eq!(Short.convert(0x7fff_ffff), -1);
    assert_eq!(Int.convert(0x8000_0000), -2147483648);
    assert_eq!(UInt.convert(-1), 4294967295);
    assert_eq!(Bool.convert(-7), 1);
    assert_eq!(Bool.convert(0), 0);
    assert_eq!(Long.convert(i64::MIN), 0);
}

#[test]
fn scalars_and_arrays_have_gcc_m32_sizes() {
    let table = TypeTable::new();
    assert_eq!(table.size_of(&ptr(Type::char())), Ok(4));
    assert_eq!(table.align_of(&ptr(ptr(Type::Void))), Ok(4));
    assert_eq!(table.size_of(&array(Type::Int(Short), 5)), Ok(10));
    assert_eq!(table.align_of(&array(Type::Int(Short), 5)), Ok(2));
    assert_eq!(table.size_of(&array(array(Type::int(), 4), 3)), Ok(48));
    assert_eq!(
        table.size_of(&array(Type::char(), 0x7fff_ffff)),
        Ok(0x7fff_ffff)
    );
    let fp = ptr(Type::function(Type::int(), vec![Type::int()], false));
    assert_eq!(table.size_of(&fp), Ok(4));
}

#[test]
fn types_without_a_size_are_errors_not_panics() {
    let mut table = TypeTable::new();
    let node = table.declare_record(RecordKind::Struct, Some("node"));
    let cases = [
        (Type::Void, LayoutErrorKind::Void),
        (
            Type::function(Type::int(), vec![], false),
            LayoutErrorKind::Function,
        ),
        (Type::Record(node), LayoutErrorKind::Incomplete),
        (
            Type::array_of(Type::int(), None),
            LayoutErrorKind::Incomplete,
        ),
        (array(Type::Record(node), 2), LayoutErrorKind::Incomplete),
        (array(Type::char(), 0x8000_0000), LayoutErrorKind::TooLarge),
        (array(Type::int(), 0x2000_0000), LayoutErrorKind::TooLarge),
        (
            array(array(Type::int(), u32::MAX), u32::MAX),
            LayoutErrorKind::TooLarge,
        ),
    ];
    for (ty, kind) in cases {
        let err = table.size_of(&ty).unwrap_err();
        assert_eq!(err.kind, kind, "{}", table.type_name(&ty));
        assert_eq!(table.align_of(&ty).unwrap_err().kind, kind);
    }
    let err = table.size_of(&array(Type::Record(node), 2)).unwrap_err();
    assert_eq!(err.ty, Type::Record(node), "names the incomplete part");
    assert_eq!(
        err.to_string(),
        "incomplete type 'struct node' has no known size"
    );
    assert!(table.record_layout(node).is_err());
    assert!(table.find_member(node, "next").is_none());
}

#[test]
fn struct_members_are_padded_to_their_alignment() {
    let mut table = TypeTable::new();
    let s = struct_with(
        &mut table,
        "s",
        &[
            ("c", Type::char()),
            ("i", Type::int()),
            ("h", Type::Int(Short)),
            ("d", Type::char()),
        ],
    );
    let layout = table.record_layout(s).unwrap();
    assert_eq!(layout.offsets, [0, 4, 8, 10]);
    assert_eq!((layout.size, layout.align), (12, 4));
    let odd = struct_with(&mut table, "odd", &[("name", array(Type::char(), 7))]);
    assert_eq!(table.size_of(&Type::Record(odd)), Ok(7));
    assert_eq!(table.align_of(&Type::Record(odd)), Ok(1));
    let shorts = struct_with(
        &mut table,
        "sh",
        &[
            ("a", Type::char()),
            ("b", Type::Int(Short)),
            ("c", Type::char()),
        ],
    );
    assert_eq!(table.record_layout(shorts).unwrap().offsets, [0, 2, 4]);
    assert_eq!(table.size_of(&Type::Record(shorts)), Ok(6));
    let outer = struct_with(
        &mut table,
        "outer",
        &[("tag", Type::char()), ("inner", array(Type::Record(s), 2))],
    );
    assert_eq!(table.record_layout(outer).unwrap().offsets, [0, 4]);
    assert_eq!(table.size_of(&Type::Record(outer)), Ok(28));
    let found = table.find_member(s, "h").unwrap();
    assert_eq!((found.index, found.offset), (2, 8));
    assert_eq!(found.member.ty.ty, Type::Int(Short));
    assert!(table.find_member(s, "zz").is_none());
}

#[test]
fn unions_are_as_large_as_their_largest_member_rounded() {
    let mut table = TypeTable::new();
    let u = union_with(
        &mut table,
        "u",
        &[("c", array(Type::char(), 5)), ("i", Type::int())],
    );
    let layout = table.record_layout(u).unwrap();
    assert_eq!((layout.size, layout.align), (8, 4));
    assert_eq!(layout.offsets, [0, 0]);
    let big = table.declare_record(RecordKind::Union, Some("big"));
    let err = table
        .complete_record(
            big,
            vec![
                Member::new("a", array(Type::char(), 0x7fff_ffff)),
                Member::new("b", Type::int()),
            ],
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "type 'union big' is too large");
    assert!(
        !table.record(big).is_complete(),
        "a refused record stays incomplete"
    );
}

#[test]
fn self_referential_records_complete_through_pointers() {
    let mut table = TypeTable::new();
    let node = table.declare_record(RecordKind::Struct, Some("node"));
    let next = ptr(Type::Record(node));
    assert_eq!(
        table.size_of(&next),
        Ok(4),
        "pointers to incomplete types have a size"
    );
    complete(
        &mut table,
        node,
        &[("value", Type::int()), ("next", next.clone())],
    );
    assert_eq!(table.size_of(&Type::Record(node)), Ok(8));
    assert_eq!(
        table.record_definition(node),
        "struct node { int value; struct node *next; };"
    );
}

#[test]
fn bad_record_definitions_are_refused_with_gcc_messages() {
    let mut table = TypeTable::new();
    let s = table.declare_record(RecordKind::Struct, Some("s"));
    let refuse = |table: &mut TypeTable, members: Vec<Member>| {
        table.complete_record(s, members).unwrap_err().to_string()
    };
    assert_eq!(
        refuse(&mut table, vec![Member::new("x", Type::Record(s))]),
        "field 'x' has incomplete type"
    );
    assert_eq!(
        refuse(&mut table, vec![Member::new("v", Type::Void)]),
        "field 'v' declared void"
    );
    assert_eq!(
        refuse(
            &mut table,
            vec![Member::new("f", Type::function(Type::int(), vec![], false))]
        ),
        "field 'f' declared as a function"
    );
    assert_eq!(
        refuse(
            &mut table,
            vec![
                Member::new("a", Type::int()),
                Member::new("a", Type::char())
            ]
        ),
        "duplicate member 'a'"
    );
    assert_eq!(
        refuse(
            &mut table,
            vec![Member::new("a", array(Type::char(), 0x8000_0000))]
        ),
        "size of array 'a' is too large"
    );
    assert_eq!(
        refuse(
            &mut table,
            vec![
                Member::new("a", array(Type::char(), 0x7fff_fff0)),
                Member::new("b", array(Type::int(), 4)),
            ]
        ),
        "type 'struct s' is too large"
    );
    table
        .complete_record(s, vec![Member::new("a", Type::int())])
        .unwrap();
    assert_eq!(
        refuse(&mut table, vec![Member::new("a", Type::int())]),
        "redefinition of 'struct s'"
    );
}

#[test]
fn empty_struct_has_gcc_extension_layout() {
    let mut table = TypeTable::new();
    let empty = struct_with(&mut table, "empty", &[]);
    let layout = table.record_layout(empty).unwrap();
    assert_eq!((layout.size, layout.align), (0, 1));
    assert_eq!(table.record_definition(empty), "struct empty { };");
}

#[test]
fn const_on_an_array_applies_to_its_elements() {
    let table = TypeTable::new();
    let qt = QualType::new(array(array(Type::int(), 2), 3), true);
    assert!(!qt.is_const);
    let inner = qt.ty.array_element().unwrap().ty.array_element().unwrap();
    assert!(inner.is_const);
    assert_eq!(table.declare(&qt, "grid"), "const int grid[3][2]");
    assert!(!table.is_modifiable(&qt));
}

#[test]
fn modifiable_lvalues_exclude_records_with_const_members() {
    let mut table = TypeTable::new();
    let with_const = table.declare_record(RecordKind::Struct, Some("c"));
    table
        .complete_record(
            with_const,
            vec![Member::new("k", QualType::new(Type::int(), true))],
        )
        .unwrap();
    let wrapper = struct_with(
        &mut table,
        "w",
        &[("inner", array(Type::Record(with_const), 2))],
    );
    let plain = struct_with(&mut table, "p", &[("x", Type::int())]);
    assert!(!table.is_modifiable(&Type::Record(wrapper).into()));
    assert!(table.is_modifiable(&Type::Record(plain).into()));
    assert!(table.is_modifiable(&ptr_const(Type::char()).into()));
    assert!(!table.is_modifiable(&QualType::new(ptr(Type::char()), true)));
    assert!(!table.is_modifiable(&Type::Void.into()));
}

#[test]
fn predicates_and_decay() {
    let mut table = TypeTable::new();
    let s = table.declare_record(RecordKind::Struct, Some("s"));
    let e = table.declare_enum(Some("e"));
    let f = Type::function(Type::Void, vec![], false);
    assert!(Type::Int(Bool).is_scalar() && Type::Enum(e).is_integer());
    assert!(ptr(Type::Void).is_scalar() && ptr(Type::Void).is_void_pointer());
    assert!(!Type::Record(s).is_scalar() && !array(Type::int(), 2).is_scalar());
    assert!(Type::Record(s).is_object() && !f.is_object());
    assert!(!table.is_complete(&Type::Record(s)) && !table.is_complete(&Type::Void));
    assert!(table.is_complete(&array(array(Type::int(), 2), 2)));
    assert!(!table.is_complete(&Type::array_of(Type::int(), None)));
    let grid = array(array(Type::int(), 4), 3);
    assert_eq!(grid.decay(), ptr(array(Type::int(), 4)));
    assert_eq!(
        array(Type::char(), 3).decay().pointee().unwrap().ty,
        Type::char()
    );
    assert_eq!(f.decay(), ptr(f.clone()));
    assert_eq!(Type::int().decay(), Type::int());
    assert_eq!(grid.array_len(), Some(Some(3)));
    assert_eq!(Type::int().array_len(), None);
    let with_array_param =
        Type::function(Type::int(), vec![array(Type::char(), 8), f.clone()], false);
    assert_eq!(
        with_array_param.as_function().unwrap().params,
        [ptr(Type::char()), ptr(f)],
        "parameters are adjusted"
    );
}

#[test]
fn compatibility_follows_c11() {
    let mut table = TypeTable::new();
    let s = table.declare_record(RecordKind::Struct, Some("s"));
    let t = table.declare_record(RecordKind::Struct, Some("s"));
    assert!(table.compatible(&Type::Record(s), &Type::Record(s)));
    assert!(
        !table.compatible(&Type::Record(s), &Type::Record(t)),
        "same tag, other scope"
    );
    assert!(!table.compatible(&Type::char(), &Type::Int(SChar)));
    assert!(
        !table.compatible(&Type::int(), &Type::Int(Long)),
        "same size, other type"
    );
    assert!(!table.compatible(&ptr(Type::char()), &ptr_const(Type::char())));
    assert!(table.compatible(&ptr_const(Type::char()), &ptr_const(Type::char())));
    let unknown = Type::array_of(Type::int(), None);
    assert!(table.compatible(&unknown, &array(Type::int(), 3)));
    assert!(!table.compatible(&array(Type::int(), 2), &array(Type::int(), 3)));
    assert_eq!(
        table.composite(&unknown, &array(Type::int(), 3)),
        Some(array(Type::int(), 3))
    );
    let proto = Type::function(Type::int(), vec![Type::int(), ptr(Type::char())], false);
    let no_proto = Type::function_without_prototype(Type::int());
    let takes_char = Type::function(Type::int(), vec![Type::char()], false);
    let variadic = Type::function(Type::int(), vec![ptr(Type::char())], true);
    let fixed = Type::function(Type::int(), vec![ptr(Type::char())], false);
    assert!(table.compatible(&proto, &no_proto));
    assert_eq!(table.composite(&no_proto, &proto), Some(proto.clone()));
    assert!(
        !table.compatible(&takes_char, &no_proto),
        "char is promoted when unprototyped"
    );
    assert!(!table.compatible(&variadic, &no_proto));
    assert!(!table.compatible(&variadic, &fixed));
    assert!(!table.compatible(&proto, &fixed));
    assert!(!table.compatible(
        &Type::function(Type::Void, vec![], false),
        &Type::function(Type::int(), vec![], false)
    ));
    assert_eq!(table.composite(&proto, &fixed), None);
    assert_eq!(
        table.default_argument_promotion(&Type::Int(UShort)),
        Type::int()
    );
    assert_eq!(
        table.default_argument_promotion(&array(Type::char(), 2)),
        ptr(Type::char())
    );
}

#[test]
fn type_names_are_spelled_like_gcc_diagnostics() {
    let mut table = TypeTable::new();
    let node = table.declare_record(RecordKind::Struct, Some("node"));
    let anon = table.declare_enum(None);
    let cases = [
        (ptr(Type::int()), "int *"),
        (ptr_const(Type::char()), "const char *"),
        (ptr(Type::Record(node)), "struct node *"),
        (
            ptr(Type::function(
                Type::int(),
                vec![Type::int(), Type::char()],
                false,
            )),
            "int (*)(int, char)",
        ),
        (array(Type::int(), 10), "int [10]"),
        (Type::Int(UInt), "unsigned int"),
        (Type::Int(UShort), "short unsigned int"),
        (Type::Int(Long), "long int"),
        (ptr(array(Type::int(), 3)), "int (*)[3]"),
        (ptr(ptr(Type::char())), "char **"),
        (
            ptr(Type::function(Type::int(), vec![], false)),
            "int (*)(void)",
        ),
        (
            ptr(Type::function_without_prototype(Type::int())),
            "int (*)()",
        ),
        (
            ptr(Type::function(
                Type::int(),
                vec![ptr_const(Type::char())],
                true,
            )),
            "int (*)(const char *, ...)",
        ),
        (Type::Enum(anon), "enum <anonymous>"),
        (Type::array_of(Type::char(), None), "char []"),
        (ptr(array(ptr(Type::char()), 3)), "char * (*)[3]"),
        (
            ptr(Type::function(
                ptr(Type::function(Type::int(), vec![Type::int()], false)),
                vec![],
                false,
            )),
            "int (* (*)(void))(int)",
        ),
    ];
    for (ty, name) in cases {
        assert_eq!(table.type_name(&ty), name);
    }
    let const_pointer = QualType::new(ptr(Type::char()), true);
    assert_eq!(table.qual_type_name(&const_pointer), "char * const");
    let pointer_to_const_pointer = Type::pointer_to(const_pointer.clone());
    assert_eq!(table.type_name(&pointer_to_const_pointer), "char * const *");
}

#[test]
fn declarations_are_written_as_c() {
    let mut table = TypeTable::new();
    let s = struct_with(&mut table, "s", &[("x", Type::int())]);
    let anon = table.declare_record(RecordKind::Union, None);
    complete(&mut table, anon, &[("i", Type::int()), ("c", Type::char())]);
    let fp = ptr(Type::function(Type::int(), vec![Type::int()], false));
    let cases: [(QualType, &str, &str); 8] = [
        (fp.clone().into(), "fp", "int (*fp)(int)"),
        (
            array(ptr(Type::char()), 3).into(),
            "names",
            "char *names[3]",
        ),
        (
            ptr(array(Type::Record(s), 2)).into(),
            "p",
            "struct s (*p)[2]",
        ),
        (
            QualType::new(ptr_const(Type::char()), true),
            "msg",
            "const char *const msg",
        ),
        (array(fp.clone(), 4).into(), "table", "int (*table[4])(int)"),
        (
            Type::function(ptr(Type::char()), vec![Type::Int(UShort)], false).into(),
            "f",
            "char *f(unsigned short)",
        ),
        (
            ptr(Type::function(fp.clone(), vec![], false)).into(),
            "get",
            "int (*(*get)(void))(int)",
        ),
        (Type::Record(anon).into(), "u", "union { int i; char c; } u"),
    ];
    for (qt, name, text) in cases {
        assert_eq!(table.declare(&qt, name), text);
    }
    assert_eq!(
        table.declare(&ptr(array(Type::int(), 3)).into(), ""),
        "int (*)[3]"
    );
}

#[test]
fn definitions_print_in_an_order_c_accepts() {
    let mut table = TypeTable::new();
    let color = enum_with(&mut table, "color", &[0, 5]);
    let list = table.declare_record(RecordKind::Struct, Some("list"));
    let item = struct_with(
        &mut table,
        "item",
        &[("owner", ptr(Type::Record(list))), ("c", Type::Enum(color))],
    );
    complete(&mut table, list, &[("first", Type::Record(item))]);
    assert_eq!(
        table.enum_definition(color),
        "enum color { COLOR0 = 0, COLOR1 = 5 };"
    );
    assert_eq!(
        table.c_definitions(),
        "enum color { COLOR0 = 0, COLOR1 = 5 };\n\
         struct list;\n\
         struct item;\n\
         struct item { struct list *owner; enum color c; };\n\
         struct list { struct item first; };\n"
    );
}
