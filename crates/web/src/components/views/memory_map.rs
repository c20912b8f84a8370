//! The memory map: every region of the 32-bit address space from the top down, with the
//! unmapped guard pages and kernel space the program must not touch; and the memory
//! inspector, a page of bytes in hex with the variables and blocks that lie there.

use memplay_session::playback::MemoryDump;
use yew::prelude::*;

use super::{bytes, hex};
use crate::components::emit_on_click;
use crate::state::Shown;

#[derive(Properties, PartialEq)]
pub struct MemoryMapProps {
    pub step: Shown,
    /// Opens the inspector on an address (or closes it with `None`).
    pub on_inspect: Callback<Option<u32>>,
}

#[function_component]
pub fn MemoryMap(props: &MemoryMapProps) -> Html {
    let view = &props.step.0;
    let regions = &view.snapshot.regions;
    let address_text = use_state(String::new);
    let address_error = use_state(|| None::<String>);
    let on_address_input = {
        let address_text = address_text.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            address_text.set(input.value());
        })
    };
    let on_go = {
        let (address_text, address_error) = (address_text.clone(), address_error.clone());
        let on_inspect = props.on_inspect.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match parse_address(&address_text) {
                Ok(address) => {
                    address_error.set(None);
                    on_inspect.emit(Some(address));
                }
                Err(why) => address_error.set(Some(why)),
            }
        })
    };
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
                    let start = region.start;
                    let onclick = emit_on_click(&props.on_inspect, Some(start));
                    html! {
                        <li class={classes!("region", (!region.mapped).then_some("unmapped"))}>
                            <strong>{ &region.name }</strong>
                            { format!(" {}–0x{:08x} ({}), {access} ", hex(region.start), end - 1, bytes(u64::from(region.len))) }
                            <button type="button" class="line-link" {onclick}
                                aria-label={format!("Inspect the first page of {}", region.name)}>
                                { "inspect" }
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <form class="inspect-form" onsubmit={on_go}>
                <label>
                    { "Inspect the page at address " }
                    <input type="text" value={(*address_text).clone()} oninput={on_address_input}
                        placeholder="0x0804b000" spellcheck="false"
                        aria-invalid={if address_error.is_some() { "true" } else { "false" }}
                        aria-describedby="inspect-error" />
                </label>
                <button type="submit" class="control">{ "Inspect" }</button>
                <span id="inspect-error" class="field-error" role="alert">
                    { (*address_error).clone().unwrap_or_default() }
                </span>
            </form>
            if let Some(dump) = &view.memory {
                { inspector(&InspectorProps { dump: dump.clone(), on_close: props.on_inspect.reform(|()| None) }) }
            }
        </div>
    }
}

/// An address as a learner types it: hex with 0x, or decimal.
fn parse_address(text: &str) -> Result<u32, String> {
    let text = text.trim();
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed
        .map_err(|_| format!("“{text}” is not an address: write it in hex (0x0804b000) or decimal"))
}

#[derive(Properties, PartialEq)]
struct InspectorProps {
    dump: MemoryDump,
    on_close: Callback<()>,
}

/// Bytes a row of the hex view.
const ROW: u32 = 16;

/// A plain function rather than a component (each component costs the bundle about a
/// kilobyte).
fn inspector(props: &InspectorProps) -> Html {
    let dump = &props.dump;
    let on_close = emit_on_click(&props.on_close, ());
    let label_at = |address: u32| {
        dump.labels.iter().position(|label| {
            address >= label.address
                && u64::from(address) < u64::from(label.address) + u64::from(label.size)
        })
    };
    let body = match &dump.bytes {
        None => {
            html! { <p>{ "This page is not mapped: the program cannot read or write it (a segmentation fault)." }</p> }
        }
        Some(bytes) => {
            let rows = bytes.chunks(ROW as usize).enumerate().map(|(row, chunk)| {
                let row_start = dump.start + row as u32 * ROW;
                let cells = chunk.iter().enumerate().map(|(i, byte)| {
                    let address = row_start + i as u32;
                    let label = label_at(address);
                    let title = label.map(|l| dump.labels[l].text.clone());
                    html! {
                        <td class={classes!("byte", label.map(|l| format!("label-{}", l % 6)), (address == dump.address).then_some("asked"))} {title}>
                            { format!("{byte:02x}") }
                        </td>
                    }
                });
                let ascii: String = chunk
                    .iter()
                    .map(|&b| if b.is_ascii_graphic() || b == b' ' { b as char } else { '.' })
                    .collect();
                let starting: Vec<&str> = dump
                    .labels
                    .iter()
                    .filter(|l| l.address >= row_start && l.address < row_start + ROW)
                    .map(|l| l.text.as_str())
                    .collect();
                html! {
                    <tr>
                        <th scope="row" class="address">{ hex(row_start) }</th>
                        { for cells }
                        <td class="ascii">{ ascii }</td>
                        <td class="row-labels">{ starting.join(", ") }</td>
                    </tr>
                }
            });
            html! {
                <table class="hex-view">
                    <caption>{ format!("{} bytes from {}, {} region", bytes.len(), hex(dump.start), dump.region) }</caption>
                    <thead><tr>
                        <th scope="col">{ "address" }</th>
                        { for (0..ROW).map(|i| html! { <th scope="col">{ format!("+{i:x}") }</th> }) }
                        <th scope="col">{ "text" }</th><th scope="col">{ "starts here" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        }
    };
    html! {
        <section class="inspector" aria-label="Memory inspector">
            <h3>
                { format!("Memory at {} (page {}–{})", hex(dump.address), hex(dump.start), hex(dump.start.wrapping_add(dump.page_size - 1))) }
                { " " }
                <button type="button" class="control" onclick={on_close}>{ "Close" }</button>
            </h3>
            { body }
        </section>
    }
}
