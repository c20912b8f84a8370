// End-to-end: the Plots view of a recorded run, in Debian's Chromium via playwright-core.
// A program mallocs, touches a 20 MiB block (more than the 16 MiB of physical memory the
// default settings give, so pages are swapped out), sweeps a 48-page array three times
// and recurses; the view must draw the time plots and Belady's curve with the expected
// series, and its tables must hold plausible numbers.
// Run by `cargo xtask test` (which builds dist/ first); MEMPLAY_DIST and MEMPLAY_E2E_OUT
// say where the build is and where screenshots go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openApp, serveDist, shots, position, toEnd } from "./support.mjs";

serveDist();

const PAGES_OF_BIG = 5120; // 20 MiB in 4 KiB pages
const PROGRAM = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "",
  "char sweep[48 * 4096];",
  "",
  "int depth(int n) {",
  "if (n == 0) return 0;",
  "return 1 + depth(n - 1);",
  "}",
  "",
  "int main(void) {",
  "char *blocks[8];",
  "for (int i = 0; i < 8; i++) blocks[i] = malloc(64 + 32 * i);",
  "for (int i = 0; i < 8; i += 2) free(blocks[i]);",
  "int size = 20 << 20;",
  "char *big = malloc(size);",
  "for (int i = 0; i < size; i += 4096) big[i] = 1;",
  "for (int round = 0; round < 3; round++)",
  "for (int i = 0; i < 48 * 4096; i += 4096) sweep[i] += round;",
  'printf("%d %d\\n", big[4096] + sweep[4096], depth(12));',
  "free(big);",
  "for (int i = 1; i < 8; i += 2) free(blocks[i]);",
  "return 0;",
  "}",
].join("\n");

const POLICIES = ["FIFO", "LRU", "OPT", "Clock", "Random", "MRU"];




/** A chart's series names, title and description, and how many points each line has. */
async function chart(page, id) {
  return page.locator(`#${id}`).evaluate((figure) => {
    const svg = figure.querySelector("svg");
    const labelled = (svg.getAttribute("aria-labelledby") ?? "").split(" ");
    return {
      role: svg.getAttribute("role"),
      title: svg.querySelector("title")?.textContent ?? "",
      desc: svg.querySelector("desc")?.textContent ?? "",
      labelledByTitleAndDesc: labelled.every((id) => svg.querySelector(`[id="${id}"]`)),
      series: [...svg.querySelectorAll("g.series")].map((g) => ({
        name: g.dataset.series,
        points: (g.querySelector("path.series-line").getAttribute("d").match(/[ML]/g) ?? []).length,
        dashes: g.querySelector("path.series-line").getAttribute("stroke-dasharray"),
        markers: g.querySelector("path.series-markers").getAttribute("d"),
      })),
      legend: [...figure.querySelectorAll(".legend li")].map((li) => li.textContent.trim()),
      marker: svg.querySelector(".current-step text")?.textContent ?? null,
      markerX: Number(svg.querySelector(".current-step line")?.getAttribute("x1") ?? NaN),
      xTicks: svg.querySelectorAll(".x-tick text").length,
      yTicks: svg.querySelectorAll(".y-tick text").length,
    };
  });
}

/** A table's header cells and its body as numbers (a trailing `*` or `%` dropped). */
async function table(page, selector) {
  return page.locator(selector).evaluate((t) => ({
    headers: [...t.querySelectorAll("thead th")].map((th) => th.textContent.trim()),
    rows: [...t.querySelectorAll("tbody tr")].map((tr) =>
      [...tr.children].map((cell) => {
        const text = cell.textContent.trim().replace(/[*%]$/, "");
        return text === "—" ? null : Number(text);
      }),
    ),
  }));
}

test("the Plots view draws the run's time plots and Belady's curve, with their numbers", async () => {
  const { page, problems, close } = await openApp();
  try {
    // Long tasks (50 ms or more) from here on, to report how the page kept up.
    await page.evaluate(() => {
      window.memplayLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.memplayLongTasks.push(Math.round(entry.duration));
      }).observe({ type: "longtask" });
    });
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type(PROGRAM);
    await page.locator(".status-line").getByText("No problems").waitFor();

    // Before a run the Plots tab says there is nothing yet.
    const tab = page.getByRole("tab", { name: "Plots", exact: true });
    await tab.click();
    assert.equal(await tab.getAttribute("aria-selected"), "true");
    assert.match(await page.getByRole("tabpanel").textContent(), /Nothing to show yet: press Run/);

    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor({ timeout: 60_000 });
    const { recorded } = await position(page);
    assert.ok(recorded > 10_000, `only ${recorded} steps recorded`);

    // Belady's curve is computed after the run: "computing" first or the chart at once.
    const plots = page.getByRole("region", { name: "Plots" });
    await plots.waitFor();
    await page.locator("#plot-belady").waitFor({ timeout: 60_000 });

    // The time plots: their series, a title and a description, and the step shown.
    const heap = await chart(page, "plot-heap");
    assert.equal(heap.role, "img");
    assert.match(heap.title, /Heap size and live bytes/);
    assert.match(heap.desc, /points over steps 0 to \d+/);
    assert.ok(heap.labelledByTitleAndDesc);
    assert.deepEqual(
      heap.series.map((s) => s.name),
      ["heap size (break − start)", "live bytes (asked for, not freed)"],
    );
    assert.deepEqual(heap.legend, heap.series.map((s) => s.name), "the legend names every line");
    for (const line of heap.series) {
      assert.ok(line.points > 100 && line.points <= 1025, `${line.name}: ${line.points} points`);
      assert.ok(line.markers.length > 0, "markers tell the lines apart");
    }
    assert.notEqual(heap.series[0].dashes, heap.series[1].dashes, "dash patterns differ");
    assert.notEqual(heap.series[0].markers, heap.series[1].markers);
    assert.ok(heap.xTicks >= 3 && heap.yTicks >= 3, "axes have tick labels");
    assert.equal(heap.marker, "step 0");

    const fragmentation = await chart(page, "plot-fragmentation");
    assert.deepEqual(fragmentation.series.map((s) => s.name), ["external fragmentation"]);
    assert.match(fragmentation.desc, /measured at \d+ of them/);
    const stack = await chart(page, "plot-stack");
    assert.deepEqual(
      stack.series.map((s) => s.name),
      ["frames on all stacks", "deepest stack since the point before"],
    );

    // Belady's curve: one line per policy, up to 64 frames.
    const belady = await chart(page, "plot-belady");
    assert.deepEqual(belady.series.map((s) => s.name), POLICIES);
    assert.deepEqual(belady.legend, POLICIES);
    assert.equal(new Set(belady.series.map((s) => s.dashes)).size, POLICIES.length);
    assert.equal(new Set(belady.series.map((s) => s.markers)).size, POLICIES.length);
    for (const line of belady.series) assert.equal(line.points, 64, line.name);
    assert.equal(belady.marker, null, "frames are not steps: no step line here");
    assert.match(belady.desc, /Page faults against frames, 1 to 64/);
    assert.match(await plots.textContent(), /The string touches more pages than the curve has frames/);

    // The curve's numbers: faults never rise with frames under LRU and OPT, OPT is the
    // least at every frame count, and every page of the big block faults at least once.
    await plots.getByText("The numbers of Belady's curve").click();
    const curve = await table(page, ".belady-table");
    assert.deepEqual(curve.headers, ["frames", ...POLICIES]);
    assert.deepEqual(curve.rows.map((row) => row[0]), Array.from({ length: 64 }, (_, i) => i + 1));
    const column = (name) => curve.rows.map((row) => row[curve.headers.indexOf(name)]);
    for (const name of ["LRU", "OPT"]) {
      const faults = column(name);
      for (let i = 1; i < faults.length; i++) {
        assert.ok(faults[i] <= faults[i - 1], `${name}: ${faults[i]} faults with ${i + 1} frames, ${faults[i - 1]} with ${i}`);
      }
    }
    for (const row of curve.rows) {
      const opt = row[curve.headers.indexOf("OPT")];
      assert.ok(opt >= PAGES_OF_BIG, `OPT faults ${opt} times`);
      for (const faults of row.slice(1)) assert.ok(opt <= faults, `OPT ${opt} > ${faults}`);
    }
    // The 48-page array swept three times: with 40 frames LRU faults on it every time,
    // with 64 it keeps it.
    const lru = column("LRU");
    assert.ok(lru[39] - lru[63] >= 2 * 48, `LRU: ${lru[39]} with 40 frames, ${lru[63]} with 64`);

    // The time plots' numbers: every point, the last one the last step recorded.
    await plots.getByText(/The numbers of the time plots/).click();
    const series = await table(page, ".series-table");
    assert.equal(series.headers[0], "step");
    assert.ok(series.rows.length > 100 && series.rows.length <= 1025, `${series.rows.length} rows`);
    assert.equal(series.rows[0][0], 0);
    assert.equal(series.rows.at(-1)[0], recorded);
    const steps = series.rows.map((row) => row[0]);
    assert.ok(steps.every((step, i) => i === 0 || step > steps[i - 1]), "steps ascend");
    const heapSizes = series.rows.map((row) => row[1]);
    assert.ok(Math.max(...heapSizes) >= 20 << 20, "the heap grew past 20 MiB");
    const live = series.rows.map((row) => row[2]);
    assert.equal(live.at(-1), 0, "everything was freed at the end");
    assert.ok(series.rows.every((row) => row[3] === null || (row[3] >= 0 && row[3] <= 100)));
    const frames = series.rows.map((row) => row[4]);
    assert.ok(Math.max(...series.rows.map((row) => row[5])) >= 14, "main and 13 calls of depth");
    assert.ok(frames.every((f) => f >= 0));
    await page.screenshot({ path: join(shots, "plots-desktop.png"), fullPage: true });

    // The step line follows the controls: at the end it is at the right of the plots.
    await toEnd(page);
    const end = await chart(page, "plot-heap");
    assert.equal(end.marker, `step ${recorded}`);
    assert.ok(end.markerX > heap.markerX + 300, `${heap.markerX} then ${end.markerX}`);
    assert.match(await plots.locator(".plot-readout").textContent(), new RegExp(`Step ${recorded} is shown`));

    const longTasks = await page.evaluate(() => window.memplayLongTasks);
    console.log(`long tasks (ms) during the run and the plots: ${JSON.stringify(longTasks)}`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
