// End-to-end: accessibility. axe-core (npm, a dev dependency only) audits the main page, every
// view of a recorded run in the light and the dark theme, the dialogs, a lesson, embed mode
// (the example course page and the playground inside its iframe) and the lab page: each must
// report no violations of axe's default rules (WCAG 2.0, 2.1 and 2.2 A and AA, and the
// best practices) nor of WCAG 2.2's target size, which axe leaves off by default (the rules
// still off are AAA or deprecated). A failure lists every violation: where, rule, impact, elements and why.
// And the keyboard alone writes, runs, steps, switches views and opens a lesson. Run by
// `cargo xtask test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openApp, openPage, position, run, serveDist, showView, toEnd, VIEWPORTS } from "./support.mjs";

serveDist();

const AXE_SOURCE = readFileSync(join(import.meta.dirname, "..", "node_modules", "axe-core", "axe.min.js"), "utf8");

/**
 * Runs axe in `target` (a page or a frame) and adds its violations, labelled `where`, to
 * `found`. axe goes in by `evaluate` of its source (the DevTools protocol's
 * Runtime.evaluate), not by a script tag: the released pages' Content-Security-Policy
 * (`script-src 'self' 'wasm-unsafe-eval'`) refuses inline scripts, and the protocol's own
 * evaluation is not subject to it, so the pages are audited as shipped, CSP included.
 */
async function audit(target, where, found) {
  if (!(await target.evaluate(() => typeof window.axe === "object"))) {
    await target.evaluate(AXE_SOURCE);
  }
  const violations = await target.evaluate(async () => {
    // Only this document: an embedded frame is audited on its own (axe would need to be
    // injected into it to look inside anyway).
    // axe's default rules, and WCAG 2.2's target size (AA), which axe leaves off by default.
    const results = await window.axe.run(document, {
      resultTypes: ["violations"],
      iframes: false,
      rules: { "target-size": { enabled: true } },
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  });
  for (const violation of violations) found.push({ where, ...violation });
}

/** Fails with every violation found, one block per rule and place. */
function assertNoViolations(found) {
  const report = found
    .map(
      (v) =>
        `${v.where}: ${v.id} (${v.impact}) ${v.help}, ${v.nodes.length} element(s)\n` +
        v.nodes.map((n) => `    ${n.target}\n      ${n.summary.replaceAll("\n", "\n      ")}`).join("\n"),
    )
    .join("\n");
  assert.equal(found.length, 0, `axe found violations:\n${report}`);
}

async function setTheme(page, theme) {
  await page.getByRole("combobox", { name: "Colour theme" }).selectOption(theme);
}

/** The tabs the view list offers, in order. */
async function viewNames(page) {
  return page.getByRole("tablist", { name: "Views" }).getByRole("tab").allTextContents();
}

// Recursion, a heap block overrun (a memory error that does not stop the run), one block
// leaked, one freed, and output: every view has something to draw.
const PROGRAM = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "",
  "int depth(int n) {",
  "if (n == 0) return 0;",
  "return 1 + depth(n - 1);",
  "}",
  "",
  "int main(void) {",
  "int *p = malloc(4 * sizeof(int));",
  "char *kept = malloc(24);",
  "p[0] = depth(4);",
  "p[4] = 1;",
  'printf("%d %d\\n", p[0], kept != 0);',
  "free(p);",
  "return 0;",
  "}",
].join("\n");

test("the main page, its dialogs and every view of a run, in both themes, have no violations", async () => {
  const found = [];
  const { page, problems, close } = await openApp(VIEWPORTS[0], { program: PROGRAM });
  try {
    await setTheme(page, "light");
    await audit(page, "main page (light)", found);
    await setTheme(page, "dark");
    await audit(page, "main page (dark)", found);

    await run(page);
    // Deep in the recursion: main and five frames of depth, the heap holding two blocks.
    await page.getByRole("combobox", { name: "Event kind" }).selectOption("call");
    for (let i = 0; i < 5; i++) {
      await page.getByRole("button", { name: "Next event of this kind" }).click();
    }
    const deep = await position(page);
    const views = await viewNames(page);
    assert.ok(views.length >= 9, `views: ${views.join(", ")}`);
    for (const theme of ["light", "dark"]) {
      await setTheme(page, theme);
      for (const view of views) {
        await showView(page, view);
        await audit(page, `${view} view at step ${deep.step} (${theme})`, found);
      }
    }
    // At the end: the overrun and the leak reported, the output written, the plots drawn.
    await toEnd(page);
    await showView(page, "Plots");
    await page.getByRole("tabpanel").locator("svg").first().waitFor();
    for (const theme of ["light", "dark"]) {
      await setTheme(page, theme);
      for (const view of views) {
        await showView(page, view);
        await audit(page, `${view} view at the end (${theme})`, found);
      }
    }
    await showView(page, "Problems");
    assert.match(await page.getByRole("region", { name: "Memory errors" }).textContent(), /line 13/);

    // The dialogs: shortcuts, lessons, share.
    await page.getByRole("tabpanel").focus();
    await page.keyboard.press("Shift+?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await audit(page, "shortcuts dialog", found);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Lessons", exact: true }).click();
    await page.getByRole("dialog", { name: "Lessons" }).waitFor();
    await audit(page, "lessons dialog", found);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await page.getByRole("dialog").waitFor();
    await audit(page, "share dialog", found);
    await page.keyboard.press("Escape");
    // A lesson over the learner's own draft asks first.
    await page.getByRole("button", { name: "Lessons", exact: true }).click();
    await page.getByRole("dialog", { name: "Lessons" }).getByRole("listitem").getByRole("button").first().click();
    await page.getByRole("alertdialog").waitFor();
    await audit(page, "the question before a lesson replaces the draft", found);
    await page.keyboard.press("Escape");

    // A narrow screen lays the page out differently.
    await page.setViewportSize({ width: VIEWPORTS[1].width, height: VIEWPORTS[1].height });
    await setTheme(page, "light");
    await audit(page, "phone width, Problems view", found);

    assertNoViolations(found);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

// Two threads, each mallocing: two stacks, and per-thread caches in the heap.
const THREADS = [
  "#include <pthread.h>",
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "",
  "int table[4] = {1, 2, 3, 258};",
  "",
  "void *work(void *arg) {",
  "char *a = malloc(100);",
  "char *b = malloc(20);",
  "free(a);",
  "int twice = *(int *)arg * 2;",
  'printf("%d\\n", twice);',
  "free(b);",
  "return 0;",
  "}",
  "",
  "int main(void) {",
  "pthread_t thread;",
  "int x = 21;",
  "pthread_create(&thread, 0, work, &x);",
  "pthread_join(thread, 0);",
  "return table[3] - 258;",
  "}",
].join("\n");

test("the views' other states have no violations: allocators, threads, the inspector, refusals", async () => {
  const found = [];
  const { page, problems, close } = await openApp(VIEWPORTS[0], { program: THREADS });
  try {
    const configs = [{ allocator: "buddy" }, { allocator: "small-object" }, { allocator: "segregated", "thread-cache": "true" }];
    for (const config of configs) {
      const allocator = Object.values(config).join(" ");
      await page.evaluate((text) => localStorage.setItem("memplay.settings.v1", text), JSON.stringify(config));
      await page.reload();
      await page.locator(".cm-content").waitFor();
      await run(page);
      // In the second thread, its blocks allocated.
      for (let i = 0; i < 2; i++) {
        await page.getByRole("combobox", { name: "Event kind" }).selectOption("malloc");
        await page.getByRole("button", { name: "Next event of this kind" }).click();
      }
      for (const theme of ["light", "dark"]) {
        await setTheme(page, theme);
        await showView(page, "Heap");
        for (const summary of await page.getByRole("tabpanel").locator("details:not([open]) > summary").all()) {
          await summary.click();
        }
        await audit(page, `Heap view, ${allocator} (${theme})`, found);
        await showView(page, "Stack");
        await audit(page, `Stack view, two threads, ${allocator} (${theme})`, found);
      }
    }
    assert.equal(await page.getByRole("region", { name: "Call stack" }).locator("section.thread").count(), 2);

    // The memory inspector, open on a global's page, after a bad address.
    await showView(page, "Memory map");
    await page.getByRole("textbox", { name: /Inspect the page at address/ }).fill("not an address");
    await page.getByRole("button", { name: "Inspect", exact: true }).click();
    await page.locator("#inspect-error").waitFor();
    await audit(page, "Memory map view, a bad address", found);
    await page.getByRole("button", { name: "Inspect the first page of data" }).click();
    await page.getByRole("region", { name: "Memory inspector" }).waitFor();
    for (const theme of ["light", "dark"]) {
      await setTheme(page, theme);
      await audit(page, `memory inspector (${theme})`, found);
    }

    // Playing: the Pause button lit.
    await page.getByRole("button", { name: "To start", exact: true }).click();
    await page.getByRole("combobox", { name: "Play speed" }).selectOption({ index: 0 });
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
    for (const theme of ["light", "dark"]) {
      await setTheme(page, theme);
      await audit(page, `playing (${theme})`, found);
    }
    await page.getByRole("button", { name: "Pause", exact: true }).click();

    // A refused setting, and the run it refuses.
    await showView(page, "Settings");
    const frames = page.getByLabel("Physical frames", { exact: true });
    await frames.fill("0");
    await frames.press("Tab");
    await page.locator("#setting-frames-error").waitFor();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: "The program did not run." }).waitFor();
    for (const theme of ["light", "dark"]) {
      await setTheme(page, theme);
      await showView(page, "Settings");
      await audit(page, `Settings view, a refused field (${theme})`, found);
      await showView(page, "Stack");
      await audit(page, `a refused run (${theme})`, found);
    }

    // A notice: saved settings that cannot be read.
    await page.evaluate(() => localStorage.setItem("memplay.settings.v1", '{"frames":"lots"}'));
    await page.reload();
    await page.getByRole("alert").waitFor();
    for (const theme of ["light", "dark"]) {
      await setTheme(page, theme);
      await audit(page, `a notice (${theme})`, found);
    }
    assertNoViolations(found);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a lesson, answered right and wrong, has no violations", async () => {
  const found = [];
  const { page, problems, close } = await openApp();
  try {
    await page.getByRole("button", { name: "Lessons", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Lessons" });
    const first = (await dialog.getByRole("listitem").getByRole("button").allTextContents())[0];
    await dialog.getByRole("button", { name: first, exact: true }).click();
    await page.locator(".scenario-title", { hasText: first }).waitFor();
    const lesson = page.getByRole("region", { name: "Lesson" });
    await audit(page, "lesson opened", found);
    await run(page);
    const question = lesson.locator(".lesson-questions > li").first();
    await question.getByRole("textbox").fill("987654321");
    await question.getByRole("button", { name: "Check" }).click();
    await question.getByRole("status").waitFor();
    for (const theme of ["light", "dark"]) {
      await setTheme(page, theme);
      await audit(page, `lesson answered wrong (${theme})`, found);
    }
    const answer = /gives (.*)\.$/.exec(await question.getByRole("status").textContent())[1];
    await question.getByRole("textbox").fill(answer);
    await question.getByRole("button", { name: "Check" }).click();
    await question.getByRole("status", { hasText: "Right" }).waitFor();
    for (const theme of ["light", "dark"]) {
      await setTheme(page, theme);
      await audit(page, `lesson answered right (${theme})`, found);
    }
    assertNoViolations(found);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("embed mode, inside a course page and on its own, has no violations", async () => {
  const found = [];
  const { page, problems, close } = await openApp();
  try {
    const base = page.url().split("#")[0].split("?")[0].replace(/index\.html$/, "");
    await page.goto(`${base}embed-example.html`);
    const frame = page.frameLocator("#memplay");
    await frame.locator(".scenario-title", { hasText: "Recursion" }).waitFor();
    const inner = page.frames().find((f) => f !== page.mainFrame());
    await audit(page, "example course page", found);
    await audit(inner, "embed in the course page", found);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await frame.locator(".controls-status", { hasText: /Step 0 of/ }).waitFor();
    await page.getByRole("button", { name: "Go to step 10" }).click();
    await frame.locator(".controls-status", { hasText: /Step 10 of/ }).waitFor();
    for (const view of await frame.getByRole("tab").allTextContents()) {
      await showView(frame, view);
      await audit(inner, `embed in the course page, ${view} view`, found);
    }

    for (const editor of ["", "&editor=read-only", "&editor=hidden"]) {
      await page.goto(`${base}?embed${editor}`);
      await page.locator(".views-column").waitFor();
      await run(page);
      await page.getByRole("button", { name: "Step", exact: true }).click();
      for (const theme of ["light", "dark"]) {
        await setTheme(page, theme);
        await audit(page, `?embed${editor} (${theme})`, found);
      }
    }
    assertNoViolations(found);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the lab page, empty, with results and with an error, has no violations", async () => {
  const found = [];
  const { page, problems, close } = await openPage("lab.html");
  try {
    const paging = page.getByRole("region", { name: "Paging lab" });
    const allocator = page.getByRole("region", { name: "Allocator lab" });
    await paging.waitFor();
    await audit(page, "lab page on load", found);
    const enter = async (region, label, value) => {
      const field = region.getByLabel(label, { exact: true });
      await field.fill(value);
      await field.press("Enter");
    };
    await enter(allocator, "Operations (-A)", "+10,+20,-0,+5");
    await enter(paging, "Reference string (-a)", "1,2,3,4,1,2,5,1,2,3,4,5");
    await enter(paging, "Frames (-C)", "3");
    await paging.getByRole("table", { name: "Misses by number of frames" }).waitFor();
    await audit(page, "lab page with results", found);
    await enter(allocator, "Operations (-A)", "+20,x,-0");
    await allocator.getByRole("alert").waitFor();
    await audit(page, "lab page with an error", found);
    // The lab page follows the system's colour scheme.
    await page.emulateMedia({ colorScheme: "dark" });
    await audit(page, "lab page with an error (dark)", found);
    await enter(allocator, "Operations (-A)", "+10,+20,-0,+5");
    await audit(page, "lab page with results (dark)", found);
    assertNoViolations(found);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

/** The accessible name (or text) of the focused element. */
async function focusedName(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    return (element.getAttribute("aria-label") || element.textContent || "").trim();
  });
}

/** Presses Tab (Escape first, out of the editor) until `name` has the focus. */
async function tabTo(page, name) {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => !!document.activeElement?.closest(".cm-editor"))) {
      await page.keyboard.press("Escape");
    }
    await page.keyboard.press("Tab");
    const focused = await focusedName(page);
    if (typeof name === "string" ? focused === name : name.test(focused)) return;
  }
  assert.fail(`Tab never reached ${name}`);
}

test("the keyboard alone writes, runs, steps, switches views and opens a lesson", async () => {
  const { page, problems, close } = await openApp();
  try {
    // Write: Tab into the editor, select all and type over it.
    await tabTo(page, "C program editor");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type(["int main(void) {", "int a = 1;", "int b = a + 1;", "return b;", "}"].join("\n"));
    await page.locator(".status-line").getByText("No problems").waitFor();

    // Run, from inside the editor.
    await page.keyboard.press("Control+Enter");
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor();

    // Step with the Step button (Enter on it), and back with Step back (Space on it).
    await tabTo(page, "Step");
    await page.keyboard.press("Enter");
    assert.equal((await position(page)).step, 1);
    await tabTo(page, "Step back");
    await page.keyboard.press("Space");
    assert.equal((await position(page)).step, 0);

    // Switch views: Tab to the selected tab, arrows along the list.
    await tabTo(page, "Stack");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getByRole("tab", { name: "Heap", exact: true }).getAttribute("aria-selected"), "true");
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await page.getByRole("tab", { name: "Console", exact: true }).getAttribute("aria-selected"), "true");
    assert.equal(await page.getByRole("tabpanel").getByRole("heading", { level: 2 }).textContent(), "Console");

    // Step with the arrow keys from the view's panel (the next stop after the tabs).
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "tabpanel");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    assert.equal((await position(page)).step, 2);
    await page.keyboard.press("End");
    const end = await position(page);
    assert.equal(end.step, end.recorded);

    // Open a lesson: the Lessons button, then the first lesson (the list takes the focus).
    await tabTo(page, "Lessons");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Lessons" });
    await dialog.waitFor();
    // The dialog takes the focus in a task of its own, once it is drawn.
    await page.waitForFunction(() => document.querySelector('[role="dialog"]')?.contains(document.activeElement));
    const title = await focusedName(page);
    assert.equal(await dialog.getByRole("button", { name: title, exact: true }).count(), 1);
    await page.keyboard.press("Enter");
    // It would replace the learner's own draft, so it asks first, the focus on "Keep my
    // draft"; Shift+Tab goes back to the answer that opens it.
    const offer = page.getByRole("alertdialog");
    await offer.waitFor();
    assert.equal(await focusedName(page), "Keep my draft");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await focusedName(page), "Open it, replacing my draft");
    await page.keyboard.press("Enter");
    await page.locator(".scenario-title", { hasText: title }).waitFor();
    await page.getByRole("region", { name: "Lesson" }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
