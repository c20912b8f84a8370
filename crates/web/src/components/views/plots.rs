//! Plots of the whole recorded run: heap size and live bytes, external fragmentation, and
//! stack depth over time, each with a line at the step shown; Belady's curve (page faults
//! against frames for each replacement policy) once it is computed; and every number
//! behind them in tables, folded away.

use std::rc::Rc;

use memplay_session::plots::{BeladyCurve, TimeSeries};
use yew::prelude::*;

use super::line_chart::{ChartLine, LineChartProps, line_chart};
use crate::chart::{Unit, nearest_index, tick_label};
use crate::fixed::fixed;
use crate::plot_lines::{
    anomaly_sentences, belady_lines, describe_belady, describe_fragmentation, describe_heap,
    describe_stack, fragmentation_lines, heap_lines, stack_lines,
};
use crate::plots_state::{BeladyState, PlotsState};
use crate::state::Shown;

#[derive(Properties, PartialEq)]
pub struct PlotsProps {
    pub step: Shown,
    pub plots: PlotsState,
}

/// A plain function rather than a component (each component costs the bundle about a
/// kilobyte).
pub fn plots_view(props: &PlotsProps) -> Html {
    let Some(series) = &props.plots.series else {
        return html! {
            <p class="nothing-yet">{ "The plots appear once the run is recorded." }</p>
        };
    };
    let step = props.step.0.step;
    html! {
        <div class="plots-view" role="region" aria-label="Plots">
            <TimePlots series={series.clone()} {step} />
            <section class="plot-section" aria-labelledby="plot-belady-heading">
                <h3 id="plot-belady-heading">{ "Page faults against frames (Belady's curve)" }</h3>
                { belady(&props.plots.belady) }
            </section>
            <Folded summary={format!("The numbers of the time plots ({} points)", series.points.len())}>
                <SeriesTable series={series.clone()} />
            </Folded>
            if let BeladyState::Ready(curve) = &props.plots.belady {
                <Folded summary="The numbers of Belady's curve">
                    <BeladyTable curve={curve.clone()} />
                </Folded>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct HeapHistoryProps {
    pub series: Rc<TimeSeries>,
    pub step: u64,
}

/// The heap's metrics over the whole run, for the Heap view: heap size and live bytes, and
/// external fragmentation, with the step shown marked (the Plots view's lines, built once
/// per run).
#[function_component]
pub fn HeapHistory(props: &HeapHistoryProps) -> Html {
    let lines = use_memo(props.series.clone(), |series| {
        (
            Rc::new(heap_lines(series)),
            Rc::new(fragmentation_lines(series)),
        )
    });
    let series = &props.series;
    let step = props.step;
    let marker = step_marker(step);
    html! {
        <section class="heap-history" aria-labelledby="heap-history-heading">
            <h3 id="heap-history-heading">{ "The metrics over the run" }</h3>
            { heap_chart("heap-history-size", series, &lines.0, &marker) }
            { fragmentation_chart("heap-history-fragmentation", series, &lines.1, &marker) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FoldedProps {
    summary: AttrValue,
    children: Html,
}

/// A `<details>` whose contents are built only while it is open: a table of a thousand
/// rows costs nothing until someone asks for it.
#[function_component]
fn Folded(props: &FoldedProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            if let Some(details) = event.target_dyn_into::<web_sys::Element>() {
                open.set(details.has_attribute("open"));
            }
        })
    };
    html! {
        <details class="plot-data" {ontoggle}>
            <summary>{ props.summary.clone() }</summary>
            if *open {
                { props.children.clone() }
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct TimePlotsProps {
    series: Rc<TimeSeries>,
    step: u64,
}

/// The three time plots; their lines are built once per run, not once per step.
#[function_component]
fn TimePlots(props: &TimePlotsProps) -> Html {
    let lines = use_memo(props.series.clone(), |series| {
        (
            Rc::new(heap_lines(series)),
            Rc::new(fragmentation_lines(series)),
            Rc::new(stack_lines(series)),
        )
    });
    let series = &props.series;
    let step = props.step;
    let marker = step_marker(step);
    let readout = readout(series, step);
    html! {
        <>
            <p class="plot-readout" aria-live="polite">{ readout }</p>
            <section class="plot-section" aria-labelledby="plot-heap-heading">
                <h3 id="plot-heap-heading">{ "Heap size and live bytes" }</h3>
                { heap_chart("plot-heap", series, &lines.0, &marker) }
            </section>
            <section class="plot-section" aria-labelledby="plot-fragmentation-heading">
                <h3 id="plot-fragmentation-heading">{ "External fragmentation" }</h3>
                { fragmentation_chart("plot-fragmentation", series, &lines.1, &marker) }
            </section>
            <section class="plot-section" aria-labelledby="plot-stack-heading">
                <h3 id="plot-stack-heading">{ "Stack depth" }</h3>
                { line_chart(&LineChartProps {
                    id: "plot-stack".into(),
                    title: "Stack depth over time".into(),
                    description: describe_stack(series).into(),
                    x_label: "step".into(),
                    y_label: "frames".into(),
                    x_unit: Unit::Count,
                    y_unit: Unit::Count,
                    lines: lines.2.clone(),
                    marker,
                }) }
            </section>
        </>
    }
}

/// The line at the step shown, with its label.
fn step_marker(step: u64) -> Option<(f64, AttrValue)> {
    Some((step as f64, AttrValue::from(format!("step {step}"))))
}

/// Heap size and live bytes over the run (the Plots view's and the Heap view's).
fn heap_chart(
    id: &'static str,
    series: &TimeSeries,
    lines: &Rc<Vec<ChartLine>>,
    marker: &Option<(f64, AttrValue)>,
) -> Html {
    html! {
        { line_chart(&LineChartProps {
            id: id.into(),
            title: "Heap size and live bytes over time".into(),
            description: describe_heap(series).into(),
            x_label: "step".into(),
            y_label: "bytes".into(),
            x_unit: Unit::Count,
            y_unit: Unit::Bytes,
            lines: lines.clone(),
            marker: marker.clone(),
        }) }
    }
}

/// External fragmentation over the run (the Plots view's and the Heap view's).
fn fragmentation_chart(
    id: &'static str,
    series: &TimeSeries,
    lines: &Rc<Vec<ChartLine>>,
    marker: &Option<(f64, AttrValue)>,
) -> Html {
    html! {
        { line_chart(&LineChartProps {
            id: id.into(),
            title: "External fragmentation over time".into(),
            description: describe_fragmentation(series).into(),
            x_label: "step".into(),
            y_label: "fragmentation".into(),
            x_unit: Unit::Count,
            y_unit: Unit::Fraction,
            lines: lines.clone(),
            marker: marker.clone(),
        }) }
    }
}

/// The figures at the point nearest the step shown, in one sentence.
fn readout(series: &TimeSeries, step: u64) -> String {
    let steps = series.points.iter().map(|p| p.step as f64);
    let Some(point) = nearest_index(steps, step as f64).map(|i| series.points[i]) else {
        return String::new();
    };
    let fragmentation = point.external_fragmentation.map_or_else(
        || "not measured".to_string(),
        |f| tick_label(f, Unit::Fraction),
    );
    format!(
        "Step {step} is shown (the vertical line); at the nearest point, step {}: heap {}, live {}, external fragmentation {fragmentation}, {} frames on all stacks.",
        point.step,
        tick_label(f64::from(point.heap_bytes), Unit::Bytes),
        tick_label(point.live_bytes as f64, Unit::Bytes),
        point.stack_frames,
    )
}

fn belady(state: &BeladyState) -> Html {
    match state {
        BeladyState::Waiting => html! {},
        BeladyState::Computing { done, total } => {
            let percent = BeladyState::percent(*done, *total);
            html! {
                <div class="plots-computing">
                    <p role="status">{ format!("Computing Belady's curve… {percent}%") }</p>
                    <progress max="100" value={percent.to_string()} aria-label="Belady's curve computed"></progress>
                </div>
            }
        }
        BeladyState::Failed(why) => html! {
            <p class="run-failed" role="alert">{ format!("Belady's curve could not be computed: {why}") }</p>
        },
        BeladyState::Ready(curve) => html! { <BeladyChart curve={curve.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct CurveProps {
    curve: Rc<BeladyCurve>,
}

#[function_component]
fn BeladyChart(props: &CurveProps) -> Html {
    let curve = &props.curve;
    let lines = use_memo(curve.clone(), |curve| Rc::new(belady_lines(curve)));
    let anomalies = anomaly_sentences(curve);
    html! {
        <>
            { line_chart(&LineChartProps {
                id: "plot-belady".into(),
                title: "Page faults against frames for each replacement policy".into(),
                description: describe_belady(curve).into(),
                x_label: "frames".into(),
                y_label: "page faults".into(),
                x_unit: Unit::Count,
                y_unit: Unit::Count,
                lines: (*lines).clone(),
                marker: None,
            }) }
            if anomalies.is_empty() {
                <p class="plot-note">{ "No policy faults more with more frames on this string: no Belady's anomaly here." }</p>
            } else {
                <ul class="plot-anomalies">
                    { for anomalies.iter().map(|sentence| html! { <li>{ sentence }</li> }) }
                </ul>
                <p class="plot-note">{ "Ringed points mark the anomaly." }</p>
            }
            <p class="plot-note">{ &curve.note }</p>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SeriesTableProps {
    series: Rc<TimeSeries>,
}

/// Every point of the time plots (at most about a thousand rows).
#[function_component]
fn SeriesTable(props: &SeriesTableProps) -> Html {
    html! {
        <table class="series-table">
            <caption>{ "Heap, fragmentation and stack at each point" }</caption>
            <thead><tr>
                <th scope="col">{ "step" }</th>
                <th scope="col">{ "heap size (bytes)" }</th>
                <th scope="col">{ "live bytes" }</th>
                <th scope="col">{ "external fragmentation" }</th>
                <th scope="col">{ "frames on all stacks" }</th>
                <th scope="col">{ "deepest stack since the point before" }</th>
            </tr></thead>
            <tbody>
                { for props.series.points.iter().map(|p| html! {
                    <tr>
                        <th scope="row">{ p.step }</th>
                        <td>{ p.heap_bytes }</td>
                        <td>{ p.live_bytes }</td>
                        <td>{ p.external_fragmentation.map_or_else(|| "—".to_string(), |f| format!("{}%", fixed(f * 100.0, 1))) }</td>
                        <td>{ p.stack_frames }</td>
                        <td>{ p.deepest_frames }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// Faults for each frame count (rows) and policy (columns).
#[function_component]
fn BeladyTable(props: &CurveProps) -> Html {
    let curve = &props.curve;
    html! {
        <table class="belady-table">
            <caption>{ "Page faults by frames and policy (* marks Belady's anomaly: more faults than with one frame fewer)" }</caption>
            <thead><tr>
                <th scope="col">{ "frames" }</th>
                { for curve.curves.iter().map(|policy| html! {
                    <th scope="col" data-policy={policy.label.clone()} title={policy.description.clone()}>{ &policy.label }</th>
                }) }
            </tr></thead>
            <tbody>
                { for curve.frames.iter().enumerate().map(|(row, &frames)| html! {
                    <tr>
                        <th scope="row">{ frames }</th>
                        { for curve.curves.iter().map(|policy| {
                            let anomaly = policy.anomalies.contains(&frames);
                            html! {
                                <td class={classes!(anomaly.then_some("anomaly"))}>
                                    { policy.faults[row] }{ if anomaly { "*" } else { "" } }
                                </td>
                            }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
