//! Where everything lives in the simulated process, laid out as Linux lays out an i386
//! program: text from 0x08048000, then read-only data (string literals), data (initialised
//! globals), bss (zeroed globals), the heap growing up from the next page, and the main
//! thread's stack growing down from the kernel boundary at 0xC0000000, with an unmapped
//! guard page below it. A 16-bit teaching machine keeps the same order in 64 KiB: text from
//! its second page, the kernel in the top quarter (0xC000), as Linux's 3 GiB/1 GiB split.

use memplay_lang::hir::{self, InitValue, LibraryFunction, Program};

use crate::code::{Code, Symbol};

pub const TEXT_BASE: u32 = 0x0804_8000;
pub const KERNEL_BASE: u32 = 0xc000_0000;
/// The widths of virtual address the machine lays a process out in.
pub const ADDRESS_BITS: [u32; 2] = [16, 32];

/// Where text starts in a space of `address_bits` bits with pages of `page_size` bytes: in
/// 16 bits, the second page (the first stays unmapped, so a null pointer faults).
pub fn text_base(address_bits: u32, page_size: u32) -> u32 {
    if address_bits == 16 {
        page_size
    } else {
        TEXT_BASE
    }
}

/// Where kernel space starts, the top of the main stack: the top quarter of the space.
pub fn kernel_base(address_bits: u32) -> u32 {
    if address_bits == 16 {
        0xc000
    } else {
        KERNEL_BASE
    }
}

/// Bytes in a space of `address_bits` bits.
pub fn space_size(address_bits: u32) -> u64 {
    1u64 << address_bits
}
/// Bytes of text per library function (they are entry points, not code the learner sees).
const LIBRARY_STUB: u32 = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub address_bits: u32,
    pub page_size: u32,
    /// Each user function's entry address; an instruction `pc` of it is at `entry + pc`.
    pub functions: Vec<u32>,
    pub library: Vec<(LibraryFunction, u32)>,
    pub text: Section,
    pub rodata: Section,
    pub data: Section,
    pub bss: Section,
    pub strings: Vec<u32>,
    pub globals: Vec<u32>,
    pub heap_start: u32,
    /// The main stack: `stack_top - stack_size .. stack_top`, the guard page below.
    pub stack_top: u32,
    pub stack_size: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    pub start: u32,
    pub bytes: Vec<u8>,
}

impl Section {
    pub fn end(&self) -> u32 {
        self.start + self.bytes.len() as u32
    }
}

/// A global's initializer that is not a link-time constant (the checker should have
/// refused it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError(pub String);

fn align_up(value: u32, align: u32) -> u32 {
    value.div_ceil(align.max(1)) * align.max(1)
}

impl Layout {
    pub fn new(
        program: &Program,
        code: &[Option<Code>],
        address_bits: u32,
        page_size: u32,
        stack_size: u32,
    ) -> Result<Layout, LayoutError> {
        let text_start = text_base(address_bits, page_size);
        let mut at = text_start;
        let functions: Vec<u32> = code
            .iter()
            .map(|code| {
                let entry = at;
                let len = code.as_ref().map_or(1, |c| c.ops.len() as u32);
                at = align_up(at + len.max(1), 16);
                entry
            })
            .collect();
        let library: Vec<(LibraryFunction, u32)> = LibraryFunction::ALL
            .iter()
            .map(|&f| {
                let entry = at;
                at += LIBRARY_STUB;
                (f, entry)
            })
            .collect();
        let text = Section {
            start: text_start,
            // Text is filled with int3 (0xcc), as a trap for a program that jumps into it.
            bytes: vec![0xcc; (at - text_start) as usize],
        };
        let mut layout = Layout {
            address_bits,
            page_size,
            functions,
            library,
            text,
            rodata: Section::default(),
            data: Section::default(),
            bss: Section::default(),
            strings: Vec::new(),
            globals: vec![0; program.globals.len()],
            heap_start: 0,
            stack_top: kernel_base(address_bits),
            stack_size,
        };
        // rodata: the string literals, each with its NUL.
        layout.rodata.start = align_up(layout.text.end(), page_size);
        for string in &program.strings {
            layout.strings.push(layout.rodata.end());
            layout.rodata.bytes.extend_from_slice(string);
            layout.rodata.bytes.push(0);
        }
        // data and bss: globals with and without initializers, each aligned.
        layout.data.start = align_up(layout.rodata.end().max(layout.rodata.start + 1), page_size);
        let types = &program.types;
        for (i, global) in program.globals.iter().enumerate() {
            if global.init.is_some() {
                let size = types.size_of(&global.ty.ty).unwrap_or(0);
                let align = types.align_of(&global.ty.ty).unwrap_or(1);
                let offset = align_up(layout.data.bytes.len() as u32, align);
                layout.data.bytes.resize((offset + size) as usize, 0);
                layout.globals[i] = layout.data.start + offset;
            }
        }
        // An empty data section is still mapped as one byte (a region is never empty), so
        // bss starts past that byte: a program with only zeroed globals must load.
        layout.bss.start = align_up(layout.data.end().max(layout.data.start + 1), 16);
        let mut bss_len = 0u32;
        for (i, global) in program.globals.iter().enumerate() {
            if global.init.is_none() {
                let size = types.size_of(&global.ty.ty).unwrap_or(0);
                let align = types.align_of(&global.ty.ty).unwrap_or(1);
                let offset = align_up(bss_len, align);
                bss_len = offset + size;
                layout.globals[i] = layout.bss.start + offset;
            }
        }
        layout.bss.bytes = vec![0; bss_len as usize];
        layout.heap_start = align_up(layout.bss.end().max(layout.bss.start + 1), page_size);
        // Initialised data, now that every address is known.
        for (i, global) in program.globals.iter().enumerate() {
            if let Some(init) = &global.init {
                let base = layout.globals[i] - layout.data.start;
                for entry in &init.entries {
                    let at = (base + entry.offset) as usize;
                    match &entry.value {
                        InitValue::Bytes(bytes) => {
                            layout.data.bytes[at..at + bytes.len()].copy_from_slice(bytes);
                        }
                        InitValue::Expr(expr) => {
                            let value = layout.constant(expr).ok_or_else(|| {
                                LayoutError(format!(
                                    "the initializer of `{}` is not a constant",
                                    global.name
                                ))
                            })?;
                            let size = types.size_of(&expr.ty).unwrap_or(4) as usize;
                            let bytes = value.to_le_bytes();
                            layout.data.bytes[at..at + size.min(4)]
                                .copy_from_slice(&bytes[..size.min(4)]);
                        }
                    }
                }
            }
        }
        Ok(layout)
    }

    /// Where kernel space starts (the main stack's top).
    pub fn kernel_base(&self) -> u32 {
        kernel_base(self.address_bits)
    }

    /// The address a symbol stands for.
    pub fn address(&self, symbol: Symbol) -> u32 {
        match symbol {
            Symbol::Global(id) => self.globals[id.0 as usize],
            Symbol::String(id) => self.strings[id.0 as usize],
            Symbol::Function(id) => self.functions[id.0 as usize],
            Symbol::Library(f) => self
                .library
                .iter()
                .find(|(g, _)| *g == f)
                .map_or(0, |(_, at)| *at),
        }
    }

    /// What a text address is: a user function's instruction, or a library entry.
    pub fn code_at(&self, addr: u32) -> Option<CodeAddress> {
        if let Some(&(f, _)) = self.library.iter().find(|(_, at)| *at == addr) {
            return Some(CodeAddress::Library(f));
        }
        let index = self.functions.partition_point(|&entry| entry <= addr);
        let function = index.checked_sub(1)?;
        let next = self
            .functions
            .get(function + 1)
            .copied()
            .unwrap_or_else(|| self.library.first().map_or(u32::MAX, |(_, at)| *at));
        (addr < next).then(|| CodeAddress::User {
            function: hir::FunctionId(function as u32),
            pc: (addr - self.functions[function]) as usize,
        })
    }

    /// A link-time constant: an integer, or an address plus an offset.
    fn constant(&self, expr: &hir::Expr) -> Option<u32> {
        use hir::ExprKind;
        Some(match &expr.kind {
            ExprKind::Const(value) => *value as u32,
            ExprKind::String(id) => self.address(Symbol::String(*id)),
            ExprKind::Global(id) => self.address(Symbol::Global(*id)),
            ExprKind::Function(hir::Callee::User(id)) => self.address(Symbol::Function(*id)),
            ExprKind::Function(hir::Callee::Library(f)) => self.address(Symbol::Library(*f)),
            ExprKind::Cast { operand, .. } | ExprKind::AddressOf(operand) => {
                self.constant(operand)?
            }
            ExprKind::Member { base, offset, .. } => self.constant(base)?.wrapping_add(*offset),
            ExprKind::PointerOffset {
                pointer,
                index,
                element_size,
                subtract,
            } => {
                let step = self.constant(index)?.wrapping_mul(*element_size);
                let base = self.constant(pointer)?;
                if *subtract {
                    base.wrapping_sub(step)
                } else {
                    base.wrapping_add(step)
                }
            }
            ExprKind::Deref(pointer) => self.constant(pointer)?,
            _ => return None,
        })
    }
}

/// What a code address points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeAddress {
    User {
        function: hir::FunctionId,
        pc: usize,
    },
    Library(LibraryFunction),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::compile_program;

    /// A program whose globals are all zeroed has an empty data section; bss must not
    /// overlap the byte that section is still mapped as.
    #[test]
    fn bss_starts_past_an_empty_data_section() {
        let checked = memplay_lang::check("int zeroed[4];\nint main(void) { return zeroed[0]; }\n");
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        let code = compile_program(&checked.program);
        let layout = Layout::new(&checked.program, &code.functions, 32, 4096, 1 << 23).unwrap();
        assert!(layout.data.bytes.is_empty());
        assert!(layout.bss.start > layout.data.start);
        assert_eq!(layout.bss.bytes.len(), 16);
    }
}
