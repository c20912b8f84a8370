//! The paging lab: the reference string and the rules' settings, then a column per policy
//! and a row per reference (hit or miss, what it replaced, memory after it), each policy's
//! totals, and Belady's curve as a chart and a table.

use std::rc::Rc;

use memplay_session::lab_page::{PagingComparison, PagingLabForm, PagingRules};
use memplay_session::paging_lab::{OstepPolicy, PolicyKind, SweepRun};
use yew::prelude::*;

use super::allocator_view::choices;
use super::fields::{
    TextField, compare_table, error_message, lab_form, names_field, select_field, text_field,
};
use super::state::{LabAction, PagingText};
use memplay_web::chart::Unit;
use memplay_web::components::views::line_chart::{ChartLine, LineChartProps, line_chart};
use memplay_web::fixed::fixed;

const ERROR_ID: &str = "paging-error";
const SWEEP_ERROR_ID: &str = "paging-sweep-error";

pub fn paging_lab(
    form: &PagingLabForm,
    result: Rc<Result<PagingComparison, String>>,
    dispatch: &Callback<LabAction>,
) -> Html {
    let error = result.as_ref().as_ref().err().map(String::as_str);
    let sweep_error = match result.as_ref() {
        Ok(comparison) => comparison.sweep.as_ref().err().map(String::as_str),
        Err(_) => None,
    };
    let field = |key: &'static str,
                 which: PagingText,
                 label: &'static str,
                 hint: &'static str,
                 value: &str,
                 wide: bool| {
        let error_id = if names_field(error, key) {
            Some(ERROR_ID)
        } else if names_field(sweep_error, key) {
            Some(SWEEP_ERROR_ID)
        } else {
            None
        };
        text_field(TextField {
            id: &format!("paging-{key}"),
            label,
            hint,
            value,
            error_id,
            wide,
            onchange: dispatch.reform(move |v| LabAction::PagingText(which, v)),
        })
    };
    let rules_menu = select_field(
        "paging-rules",
        "Rules",
        &[
            ("ostep", "OSTEP paging-policy.py"),
            ("memplay", "memplay's policies"),
        ],
        form.rules.name(),
        dispatch.reform(|v: String| {
            LabAction::PagingRules(PagingRules::parse(&v).unwrap_or(PagingRules::Ostep))
        }),
    );
    let refs_hint = match form.rules {
        PagingRules::Ostep => {
            "page numbers, as -a takes them: 0,1,2,0,1,3; empty or -1 draws pages (-n, -m)"
        }
        PagingRules::Memplay => "page numbers, 3w for a write: 0,1w,2,0",
    };
    let policies_error = names_field(error, "policies").then_some(ERROR_ID);
    let rules_settings = match form.rules {
        PagingRules::Ostep => html! {
            <>
                { field("clockbits", PagingText::ClockBits, "CLOCK bits (-b)", "counter cap", &form.clock_bits, false) }
                { field("numaddrs", PagingText::NumAddrs, "Pages drawn (-n)", "with no list", &form.numaddrs, false) }
                { field("maxpage", PagingText::MaxPage, "Largest page (-m)", "drawn pages are below it", &form.maxpage, false) }
                { choices("paging-policies", "Policies compared (-p)", policies_error,
                    OstepPolicy::ALL.iter().map(|&p| (p.python_name().to_string(), form.ostep_policies.contains(&p),
                        dispatch.reform(move |on| LabAction::OstepPolicy(p, on))))) }
            </>
        },
        PagingRules::Memplay => html! {
            { choices("paging-policies", "Policies compared", policies_error,
                PolicyKind::ALL.iter().map(|&p| (p.name().to_uppercase(), form.policies.contains(&p),
                    dispatch.reform(move |on| LabAction::NativePolicy(p, on))))) }
        },
    };
    let body = match result.as_ref() {
        Ok(comparison) => html! {
            <>
                { reference_table(comparison) }
                { totals_table(comparison) }
                { match &comparison.sweep {
                    Ok(sweep) => belady(sweep),
                    Err(e) => error_message(SWEEP_ERROR_ID, Some(e)),
                } }
            </>
        },
        Err(_) => html! {},
    };
    html! {
        <section class="lab" id="paging" aria-labelledby="paging-title">
            <h2 id="paging-title">{ "Paging lab" }</h2>
            { lab_form("paging-title", html! {
                <>
                    <div class="field-row">
                        { rules_menu }
                        { field("refs", PagingText::Refs, "Reference string (-a)", refs_hint, &form.refs, true) }
                    </div>
                    <div class="field-row">
                        { field("frames", PagingText::Frames, "Frames (-C)", "pages of memory", &form.frames, false) }
                        { field("seed", PagingText::Seed, "Seed (-s)", "for RAND, CLOCK, NRU", &form.seed, false) }
                        { field("sweep", PagingText::Sweep, "Belady's curve over frames", "1..8; empty: 1 to one past the pages", &form.sweep, false) }
                        { rules_settings }
                    </div>
                </>
            }) }
            { error_message(ERROR_ID, error) }
            { body }
        </section>
    }
}

fn reference_table(comparison: &PagingComparison) -> Html {
    let names: Vec<&str> = comparison.columns.iter().map(|c| c.name.as_str()).collect();
    let rows = comparison.rows.iter().map(|row| {
        let cells = row.cells.iter().zip(&comparison.columns).map(|(cell, column)| {
            let result = match (cell.hit, cell.evicted) {
                (true, _) => "hit".to_string(),
                (false, Some(page)) => format!("miss (replaced {page})"),
                (false, None) => "miss".to_string(),
            };
            html! {
                <>
                    <td class={classes!("result", if cell.hit { "hit" } else { "miss" })} data-policy={column.name.clone()}>{ result }</td>
                    <td class="list">{ &cell.resident }</td>
                </>
            }
        });
        (row.page.clone(), html! { <>{ for cells }</> })
    });
    compare_table(
        "paging",
        &comparison.caption,
        "page",
        &names,
        &["hit or miss", "memory after"],
        rows,
    )
}

fn totals_table(comparison: &PagingComparison) -> Html {
    let rows = comparison.columns.iter().map(|c| {
        html! {
            <tr data-policy={c.name.clone()}>
                <th scope="row">{ &c.name }</th>
                <td class="num hits">{ c.hits }</td>
                <td class="num misses">{ c.misses }</td>
                <td class="num rate">{ format!("{}%", fixed(c.hit_rate, 2)) }</td>
            </tr>
        }
    });
    html! {
        <table class="totals" id="paging-totals">
            <caption>{ "Totals" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "policy" }</th>
                    <th scope="col">{ "hits" }</th>
                    <th scope="col">{ "misses" }</th>
                    <th scope="col">{ "hit rate" }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// What the chart shows, in sentences (its description for assistive technology).
pub fn describe_sweep(sweep: &SweepRun) -> String {
    let (first, last) = (sweep.frames.first(), sweep.frames.last());
    let mut text = match (first, last) {
        (Some(first), Some(last)) => format!("Misses with {first} to {last} frames. "),
        _ => String::new(),
    };
    for curve in &sweep.policies {
        let misses: Vec<String> = curve.misses.iter().map(u64::to_string).collect();
        text.push_str(&format!("{}: {}.", curve.policy, misses.join(", ")));
        if !curve.anomalies.is_empty() {
            let at: Vec<String> = curve.anomalies.iter().map(u64::to_string).collect();
            text.push_str(&format!(
                " Belady's anomaly: more misses with {} frames than with one fewer.",
                at.join(" and ")
            ));
        }
        text.push(' ');
    }
    text.trim_end().to_string()
}

fn belady(sweep: &SweepRun) -> Html {
    let lines: Vec<ChartLine> = sweep
        .policies
        .iter()
        .map(|curve| ChartLine {
            label: curve.policy.clone(),
            points: sweep
                .frames
                .iter()
                .zip(&curve.misses)
                .map(|(&f, &m)| (f as f64, Some(m as f64)))
                .collect(),
            highlights: curve.anomalies.iter().map(|&f| f as f64).collect(),
        })
        .collect();
    let chart = line_chart(&LineChartProps {
        id: "belady-chart".into(),
        title: "Belady's curve: misses against frames".into(),
        description: describe_sweep(sweep).into(),
        x_label: "frames".into(),
        y_label: "misses".into(),
        x_unit: Unit::Count,
        y_unit: Unit::Count,
        lines: Rc::new(lines),
        marker: None,
    });
    let heads = sweep
        .policies
        .iter()
        .map(|c| html! { <th scope="col">{ &c.policy }</th> });
    let rows = sweep.frames.iter().enumerate().map(|(i, frames)| {
        let cells = sweep.policies.iter().map(|curve| {
            let anomaly = curve.anomalies.contains(frames);
            html! {
                <td class={classes!("num", anomaly.then_some("anomaly"))} data-policy={curve.policy.clone()}>
                    { curve.misses[i] }
                    { if anomaly { html! { <span class="note">{ " (anomaly: more than with one frame fewer)" }</span> } } else { html! {} } }
                </td>
            }
        });
        html! {
            <tr data-frames={frames.to_string()}>
                <th scope="row">{ frames }</th>
                { for cells }
            </tr>
        }
    });
    html! {
        <div class="belady">
            <h3 id="belady-title">{ "Belady's curve" }</h3>
            { chart }
            <div class="table-scroll" role="region" aria-labelledby="belady-caption" tabindex="0">
                <table class="totals" id="belady-table">
                    <caption id="belady-caption">{ "Misses by number of frames" }</caption>
                    <thead><tr><th scope="col">{ "frames" }</th>{ for heads }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memplay_session::lab_page::compare_paging;

    #[test]
    fn the_chart_description_names_the_anomaly() {
        let form = PagingLabForm {
            refs: "1,2,3,4,1,2,5,1,2,3,4,5".into(),
            ostep_policies: vec![OstepPolicy::Fifo],
            sweep: "1..5".into(),
            ..PagingLabForm::default()
        };
        let sweep = compare_paging(&form).unwrap().sweep.unwrap();
        assert_eq!(
            describe_sweep(&sweep),
            "Misses with 1 to 5 frames. FIFO: 12, 12, 9, 10, 5. Belady's anomaly: more misses \
             with 4 frames than with one fewer."
        );
    }
}
