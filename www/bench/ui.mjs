// The UI benchmark `cargo xtask bench --only ui` runs: the release build in headless
// Chromium, timed with the Performance API. Prints one JSON object on its last line:
// - step_render: milliseconds from a step key to the last DOM change of the re-render
//   (layout included), forward and back, at a step with 1,000 live heap blocks and 101
//   stack frames, for the Stack and Heap views;
// - interactive_ms: navigation start to an editor that takes input;
// - recording: the longest main-thread tasks (PerformanceObserver "longtask", 50 ms or
//   more) from pressing Run to the first step shown, for programs of about a million
//   steps: a loop, a malloc/free churn and deep recursion (budget: none over 50 ms).
// A report, not a test: figures vary with the machine's load.
import { readFileSync } from "node:fs";
import { openApp, showView, startServer } from "../e2e/support.mjs";

/** 1,000 live heap blocks and 101 frames at its deepest line (shared with step_view.rs). */
const PROGRAM = readFileSync(new URL("./step-render.c", import.meta.url), "utf8");
/** The line the measurements are taken around: deepest in the recursion. */
const DEEPEST_LINE = PROGRAM.split("\n").findIndex((l) => l.includes("x = x + 2")) + 1;
const ROUNDS = 15;

/** Presses `key` on the document and times the re-render it causes, in milliseconds. */
async function timeStep(page, key) {
  return page.evaluate(
    (key) =>
      new Promise((resolve) => {
        const app = document.querySelector(".app");
        let last = null;
        const start = performance.now();
        const observer = new MutationObserver(() => {
          // Layout is part of the cost of showing the step.
          void document.body.offsetHeight;
          last = performance.now();
        });
        observer.observe(app, { childList: true, subtree: true, characterData: true, attributes: true });
        document.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
        // Two frames later the re-render has long finished.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            observer.disconnect();
            resolve(last === null ? null : last - start);
          }),
        );
      }),
    key,
  );
}

/** Programs recorded for the long-task figures: cheap steps, heap steps, deep frames. */
const RECORDED = {
  loop: `int main(void) {
  int s = 0;
  for (int i = 0; i < 300000; i++) { s += i % 7; }
  return s % 256;
}`,
  heap: `#include <stdlib.h>
int main(void) {
  char *p[200];
  for (int i = 0; i < 200; i++) p[i] = 0;
  for (int i = 0; i < 100000; i++) {
    int k = (i * 7919) % 200;
    if (p[k]) { free(p[k]); p[k] = 0; } else { p[k] = malloc(1 + (i % 64)); }
  }
  return 0;
}`,
  recursion: `int f(int n) { if (n == 0) return 0; return 1 + f(n - 1); }
int main(void) { int s = 0; for (int i = 0; i < 20; i++) s += f(5000); return s % 256; }`,
};

/** Runs `program` and returns the steps recorded and the long tasks seen meanwhile. */
async function recordingLongTasks(program) {
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await page.evaluate(() => {
      window.memplayLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.memplayLongTasks.push(Math.round(entry.duration));
      }).observe({ type: "longtask" });
    });
    const started = Date.now();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor({ timeout: 300000 });
    const wall_ms = Date.now() - started;
    // Long tasks are reported after they end; give the last one a moment.
    await page.waitForTimeout(500);
    const longTasks = await page.evaluate(() => window.memplayLongTasks);
    const steps = Number(/of (\d+)/.exec(await page.locator(".controls-status").textContent())[1]);
    return { steps, wall_ms, long_tasks_ms: longTasks, problems };
  } finally {
    await close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const server = await startServer();
const { page, problems, close } = await openApp(undefined, { program: PROGRAM });
const result = { step_render: [], interactive_ms: null, recording: [], problems };
try {
  result.interactive_ms = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType("navigation");
    return navigation ? navigation.domContentLoadedEventEnd : null;
  });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor({ timeout: 120000 });
  await page.locator(".cm-breakpoint-gutter .cm-gutterElement").nth(DEEPEST_LINE).click();
  await page.getByRole("button", { name: "Continue to the next breakpoint" }).click();
  for (const view of ["Stack", "Heap"]) {
    await showView(page, view);
    const frames = await page.locator(".stack-view .thread h3").first().textContent().catch(() => "");
    const forward = [];
    const back = [];
    for (let i = 0; i < ROUNDS; i++) {
      forward.push(await timeStep(page, "ArrowRight"));
      back.push(await timeStep(page, "ArrowLeft"));
    }
    result.step_render.push({
      view,
      detail: view === "Stack" ? frames : await page.locator(".heap-view > p").first().textContent(),
      forward_median_ms: median(forward),
      forward_max_ms: Math.max(...forward),
      back_median_ms: median(back),
      back_max_ms: Math.max(...back),
    });
  }
} finally {
  await close();
}
try {
  for (const [name, program] of Object.entries(RECORDED)) {
    const figures = await recordingLongTasks(program);
    problems.push(...figures.problems);
    delete figures.problems;
    result.recording.push({ program: name, ...figures });
  }
} finally {
  await server.close();
}
console.log(JSON.stringify(result));
