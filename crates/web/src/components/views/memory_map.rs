//! The memory map: every region of the 32-bit address space from the bottom up, with the
//! unmapped guard pages and kernel space the program must not touch.

use yew::prelude::*;

use super::{StepProps, bytes, hex};

#[function_component]
pub fn MemoryMap(props: &StepProps) -> Html {
    let regions = &props.step.0.snapshot.regions;
    html! {
        <div class="memory-map" role="region" aria-label="Memory map">
            <ol class="regions">
                { for regions.iter().rev().map(|region| {
                    let end = u64::from(region.start) + u64::from(region.len);
                    let access = match (region.mapped, region.writable) {
                        (false, _) => "unmapped: any access faults",
                        (true, true) => "read and write",
                        (true, false) => "read only",
                    };
                    html! {
                        <li class={classes!("region", (!region.mapped).then_some("unmapped"))}>
                            <strong>{ &region.name }</strong>
                            { format!(" {}–0x{:08x} ({}), {access}", hex(region.start), end - 1, bytes(u64::from(region.len))) }
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
