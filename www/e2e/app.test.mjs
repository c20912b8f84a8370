// End-to-end: the release build in Debian's Chromium, driven by playwright-core. Run by
// `cargo xtask test` (which builds dist/ first). Editing, running, stepping, shortcuts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { VIEWPORTS, editorText, openApp, position, serveDist, settled, shots, showView, toEnd } from "./support.mjs";

serveDist();

const PROGRAM = [
  "#include <stdio.h>",
  "",
  "int square(int x) {",
  "return x * x;",
  "}",
  "",
  "int main(void) {",
  'printf("%d\\n", square(7));',
  "return 0;",
  "}",
].join("\n");

for (const viewport of VIEWPORTS) {
  test(`${viewport.name} ${viewport.width}x${viewport.height}: edit, reload, switch tabs`, async () => {
    const { page, problems, close } = await openApp(viewport);
    try {
      // Opens on the default program.
      assert.match(await editorText(page), /struct node \*push/);
      await assert.doesNotReject(page.getByRole("status", { name: "Draft status" }).getByText("Default program").waitFor());

      // Type a program over it (the editor auto-indents; compare without leading blanks).
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.keyboard.type(PROGRAM);
      const typed = await editorText(page);
      const stripIndent = (text) => text.split("\n").map((l) => l.trimStart()).join("\n");
      assert.equal(stripIndent(typed), PROGRAM);
      await page.getByRole("status", { name: "Draft status" }).getByText("Draft saved in this browser").waitFor();
      assert.match(await page.getByRole("status", { name: "Draft status" }).textContent(), /10 lines/);
      await page.getByRole("status", { name: "Draft status" }).getByText("No problems").waitFor();

      // Reload: the draft comes back exactly.
      await page.reload();
      await page.locator(".cm-content").waitFor();
      assert.equal(await editorText(page), typed);
      await page.getByRole("status", { name: "Draft status" }).getByText("Draft restored from this browser").waitFor();

      // Tabs: each view can be selected by click and says plainly there is no run to show yet.
      for (const name of ["Stack", "Heap", "Memory map", "Paging", "Cache", "Console", "Problems"]) {
        const tab = page.getByRole("tab", { name, exact: true });
        await tab.click();
        assert.equal(await tab.getAttribute("aria-selected"), "true");
        const panel = page.getByRole("tabpanel");
        assert.equal(await panel.getByRole("heading").textContent(), name);
        assert.match(await panel.textContent(), /Nothing to show yet: press Run/);
      }
      // ...and by keyboard: ArrowRight from Problems goes on to Settings, then wraps to Stack.
      await page.keyboard.press("ArrowRight");
      assert.equal(
        await page.getByRole("tab", { name: "Settings", exact: true }).getAttribute("aria-selected"),
        "true",
      );
      await page.keyboard.press("ArrowRight");
      assert.equal(
        await page.getByRole("tab", { name: "Stack", exact: true }).getAttribute("aria-selected"),
        "true",
      );

      // Layout: side by side on wide screens, stacked under 800 px.
      const editorBox = await page.locator(".editor-column").boundingBox();
      const viewsBox = await page.locator(".views-column").boundingBox();
      if (viewport.width >= 800) {
        assert.ok(viewsBox.x >= editorBox.x + editorBox.width - 1, "views beside the editor");
      } else {
        assert.ok(viewsBox.y >= editorBox.y + editorBox.height - 1, "views below the editor");
      }

      await showView(page, "Heap");
      await page.screenshot({ path: join(shots, `app-${viewport.name}.png`), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}

// Recursion three calls deep and one heap block, printed and freed.
const RUN_PROGRAM = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "",
  "int depth(int n) {",
  "if (n == 0) return 0;",
  "return 1 + depth(n - 1);",
  "}",
  "",
  "int main(void) {",
  "int *p = malloc(16);",
  "p[0] = depth(3);",
  'printf("%d\\n", p[0]);',
  "free(p);",
  "return 0;",
  "}",
].join("\n");

test("run a program, step through it, jump to events, and read every view", async () => {
  const { page, problems, close } = await openApp(VIEWPORTS[0]);
  try {
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type(RUN_PROGRAM);
    await page.locator(".status-line").getByText("No problems").waitFor();

    // Before a run, the move buttons are disabled.
    assert.equal(await page.getByRole("button", { name: "Step", exact: true }).isDisabled(), true);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor();
    const start = await position(page);
    assert.ok(start.recorded > 10, `only ${start.recorded} steps recorded`);

    // Step forward and back with the buttons.
    await page.getByRole("button", { name: "Step", exact: true }).click();
    assert.equal((await position(page)).step, 1);
    await page.getByRole("button", { name: "Step back", exact: true }).click();
    assert.equal((await position(page)).step, 0);

    // Jump to the first malloc: the heap holds one allocated block of at least 16 bytes.
    await page.getByRole("combobox", { name: "Event kind" }).selectOption("malloc");
    await page.getByRole("button", { name: "Next event of this kind" }).click();
    const atMalloc = (await position(page)).step;
    assert.ok(atMalloc > 0);
    await showView(page, "Heap");
    const heap = page.getByRole("region", { name: "Heap" });
    const allocated = heap.locator("tr.block-row.allocated");
    assert.equal(await allocated.count(), 1);
    assert.ok(Number(await allocated.locator("td").nth(2).textContent()) >= 16);
    assert.match(await allocated.textContent(), /allocated/);

    // The deepest call: main and four frames of depth (n = 3, 2, 1, 0).
    await showView(page, "Stack");
    await page.getByRole("combobox", { name: "Event kind" }).selectOption("call");
    const stack = page.getByRole("region", { name: "Call stack" });
    const depths = [];
    while (depths.at(-1) !== 5 && depths.length < 8) {
      await page.getByRole("button", { name: "Next event of this kind" }).click();
      await settled(page);
      depths.push(await stack.locator(".frame").count());
    }
    assert.deepEqual(depths, [2, 3, 4, 5]);
    assert.equal(await stack.locator(".frame .function").first().textContent(), "main");
    // The pointer p on main's frame points into the heap block.
    assert.match(await stack.locator("tr.slot", { hasText: "int *" }).first().textContent(), /heap block/);
    await page.screenshot({ path: join(shots, "stack-desktop.png") });

    // Keyboard: with focus outside the editor, arrows step and End goes to the end.
    await page.getByRole("tabpanel").focus();
    const before = (await position(page)).step;
    await page.keyboard.press("ArrowRight");
    assert.equal((await position(page)).step, before + 1);
    await page.keyboard.press("ArrowLeft");
    assert.equal((await position(page)).step, before);
    await page.keyboard.press("End");
    const end = await position(page);
    assert.equal(end.step, end.recorded);

    // At the end: the output, the exit status, no problems, and the block gone.
    await showView(page, "Console");
    assert.equal(await page.locator(".console-output").textContent(), "3\n");
    assert.match(await page.getByRole("region", { name: "Program output" }).textContent(), /Exited with status 0/);
    await showView(page, "Problems");
    assert.match(await page.getByRole("region", { name: "Memory errors" }).textContent(), /No memory errors/);
    assert.match(
      await page.getByRole("region", { name: "Leaks" }).textContent(),
      /definitely lost\s*0 B in 0 blocks/,
    );
    await showView(page, "Heap");
    assert.equal(await page.locator("tr.block-row.allocated").count(), 0);

    // The memory map lists the regions, the kernel and guard pages unmapped.
    await showView(page, "Memory map");
    const map = page.getByRole("region", { name: "Memory map" });
    for (const region of ["text", "heap", "kernel"]) {
      assert.ok((await map.locator(".region", { hasText: region }).count()) > 0, region);
    }
    assert.ok((await map.locator(".region.unmapped").count()) >= 2);

    // Paging and cache show counters from the run.
    await showView(page, "Paging");
    assert.match(await page.getByRole("tabpanel").textContent(), /fault/i);
    await showView(page, "Cache");
    const cache = page.getByRole("region", { name: "Cache" });
    assert.match(await cache.textContent(), /16 sets × 4 ways, 64-byte lines\): [1-9]\d* hits/);
    assert.equal(await cache.locator(".cache-grid tbody tr").count(), 16);
    assert.equal(await cache.locator(".cache-grid td.cache-line").count(), 64);
    assert.ok((await cache.locator(".cache-grid td.cache-line:not(.invalid)").count()) > 0);

    // Editing marks the run as stale rather than silently showing the old one as current.
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\n");
    await page.locator(".controls-status", { hasText: "edited since this run" }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a run stopped by a memory error shows the error and stays steppable", async () => {
  const { page, problems, close } = await openApp(VIEWPORTS[0]);
  try {
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type(
      ["int main(void) {", "int *p = 0;", "return *p;", "}"].join("\n"),
    );
    await page.locator(".status-line").getByText("No problems").waitFor();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor();
    await toEnd(page);
    await showView(page, "Console");
    assert.match(
      await page.getByRole("region", { name: "Program output" }).textContent(),
      /signal 11, SIGSEGV: Segmentation fault \(exit status 139\)/,
    );
    await showView(page, "Problems");
    const errorsRegion = page.getByRole("region", { name: "Memory errors" });
    assert.match(await errorsRegion.textContent(), /line 3:\d+ null-dereference/);
    // The line link puts the editor's cursor on that line.
    await errorsRegion.getByRole("button", { name: "line 3" }).click();
    await page.getByRole("button", { name: "To line 3" }).waitFor();
    await page.screenshot({ path: join(shots, "problems-desktop.png") });
    await page.getByRole("tabpanel").focus();
    await page.getByRole("button", { name: "Step back", exact: true }).click();
    assert.match(await errorsRegion.textContent(), /No memory errors so far/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("play, pause, breakpoints, the shortcuts list and the dark theme", async () => {
  const { page, problems, close } = await openApp(VIEWPORTS[0]);
  try {
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type(RUN_PROGRAM);
    await page.locator(".status-line").getByText("No problems").waitFor();
    // Ctrl+Enter runs from inside the editor.
    await page.keyboard.press("Control+Enter");
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor();

    // A breakpoint on the printf line (12): play runs there and pauses.
    const gutter = page.locator(".cm-breakpoint-gutter .cm-gutterElement").nth(12);
    await gutter.click();
    await page.locator(".cm-breakpoint").waitFor();
    await page.getByRole("combobox", { name: "Play speed" }).selectOption("60");
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await page.getByRole("button", { name: "Play", exact: true }).waitFor({ timeout: 10000 });
    const paused = await position(page);
    assert.ok(paused.step > 0 && paused.step < paused.recorded, `paused at ${paused.step}`);
    assert.match(await page.locator(".cm-exec-line").textContent(), /printf/);

    // Back to the start, then B continues to the breakpoint; Space plays and pauses.
    await page.getByRole("tabpanel").focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("b");
    assert.equal((await position(page)).step, paused.step);
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Play", exact: true }).waitFor();

    // "?" lists the shortcuts; Escape closes the list.
    await page.keyboard.press("Shift+?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Play \/ pause/);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    // The dark theme is chosen, applied and remembered.
    await page.getByRole("combobox", { name: "Colour theme" }).selectOption("dark");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    await page.screenshot({ path: join(shots, "dark-desktop.png") });
    await page.reload();
    await page.locator(".cm-content").waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

// Two errors: `float` (a squiggle under the word) and a missing ';' (a point after `1`).
const BROKEN_PROGRAM = ["int main(void) {", "float f = 1;", "int x = 1", "return x + f;", "}"].join("\n");

/** The text of the lint tooltip that hovering at (x, y) brings up. */
async function tooltipAt(page, x, y) {
  // Move away first so the previous tooltip closes and a fresh hover starts.
  await page.mouse.move(1, 1);
  await page.locator(".cm-tooltip-lint").waitFor({ state: "detached" });
  await page.mouse.move(x, y);
  const tooltip = page.locator(".cm-tooltip-lint");
  await tooltip.waitFor();
  return tooltip.textContent();
}

test("problems are squiggled as the learner types, explained on hover, and counted", async () => {
  const { page, problems, close } = await openApp(VIEWPORTS[0]);
  const status = page.getByRole("status", { name: "Draft status" });
  try {
    // The default program is checked on load.
    await status.getByText("No problems").waitFor();
    assert.equal(await page.locator(".cm-lintRange-error, .cm-lintPoint-error").count(), 0);

    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type(BROKEN_PROGRAM);

    // Wait for the check of the finished text (typing may pause long enough for checks of
    // unfinished text, which have other problems).
    await page.locator(".cm-lintRange-error").waitFor();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll(".cm-lintRange-error")].map((e) => e.textContent).join() ===
          "float" && document.querySelectorAll(".cm-lintPoint-error").length === 1,
    );
    await status.getByText("2 errors").waitFor();
    assert.equal(await status.locator(".problems-errors").textContent(), "2 errors");

    // Deleting `float` drops its squiggle; an undo before the next check brings the same
    // text, and the same diagnostics, back: the squiggle must be redrawn.
    await page.locator(".cm-lintRange-error").dblclick();
    await page.keyboard.press("Delete");
    await page.keyboard.press("Control+Z");
    await page.locator(".cm-lintRange-error", { hasText: "float" }).waitFor({ timeout: 5000 });

    // Hovering the squiggle explains it, notes included.
    const float = await page.locator(".cm-lintRange-error").boundingBox();
    const floatText = await tooltipAt(page, float.x + float.width / 2, float.y + float.height / 2);
    assert.match(floatText, /`float` is not supported in this playground/);
    assert.match(floatText, /note: the playground has integers and pointers only/);

    // The missing ';' is a point just after `1`; hovering the end of that line explains it.
    const point = await page.locator(".cm-lintPoint-error").boundingBox();
    const semicolonText = await tooltipAt(page, point.x - 2, point.y + point.height / 2);
    assert.match(semicolonText, /expected ';' after declaration/);
    await page.screenshot({ path: join(shots, "diagnostics-desktop.png") });

    // Fix both: `float` becomes `int`, and the ';' goes in.
    await page.mouse.move(1, 1);
    await page.locator(".cm-lintRange-error").dblclick();
    await page.keyboard.type("int");
    await page.locator(".cm-line", { hasText: /^\s*int x = 1$/ }).click();
    await page.keyboard.press("End");
    await page.keyboard.type(";");
    await status.getByText("No problems").waitFor();
    assert.equal(await page.locator(".cm-lintRange-error, .cm-lintPoint-error").count(), 0);
    assert.equal(
      (await editorText(page)).split("\n").map((l) => l.trimStart()).join("\n"),
      BROKEN_PROGRAM.replace("float", "int").replace("= 1\n", "= 1;\n"),
    );
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("an unreadable saved draft is kept aside and explained, not lost", async () => {
  const { page, problems, close } = await openApp(VIEWPORTS[0]);
  try {
    await page.evaluate(() => localStorage.setItem("memplay.draft.v1", "{not json"));
    await page.reload();
    await page.locator(".cm-content").waitFor();
    const alert = page.getByRole("alert");
    assert.match(await alert.textContent(), /saved draft could not be read/);
    assert.equal(
      await page.evaluate(() => localStorage.getItem("memplay.draft.unreadable")),
      "{not json",
    );
    assert.match(await editorText(page), /struct node \*push/);
    await alert.getByRole("button", { name: "Dismiss message" }).click();
    assert.equal(await page.getByRole("alert").count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("in an 800×600 iframe the editor, the controls and the views stay usable", async () => {
  const { page, problems, close } = await openApp(VIEWPORTS[0]);
  try {
    const url = page.url();
    await page.setContent(
      `<!doctype html><title>Course page</title><link rel="icon" href="data:,"><body style="margin:0"><iframe src="${url}" width="800" height="600" style="border:0" title="memplay"></iframe></body>`,
    );
    const frame = page.frameLocator("iframe");
    await frame.locator(".cm-content").waitFor();
    const inFrame = async (locator) => {
      const box = await locator.boundingBox();
      assert.ok(box, "drawn");
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 800 + 1, `inside the frame's width: ${JSON.stringify(box)}`);
      return box;
    };
    // The page itself never scrolls sideways in the frame.
    const overflow = await page.frames()[1].evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${overflow} px of sideways scroll`);
    const run = frame.getByRole("button", { name: "Run", exact: true });
    await inFrame(run);
    assert.ok((await inFrame(frame.locator(".cm-content"))).height >= 100, "room to edit");
    await run.click();
    await frame.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor({ timeout: 60000 });
    await frame.getByRole("button", { name: "Step", exact: true }).click();
    await frame.locator(".controls-status", { hasText: /Step 1 of \d+/ }).waitFor();
    for (const name of ["Stack", "Heap", "Paging"]) {
      const tab = frame.getByRole("tab", { name, exact: true });
      await tab.scrollIntoViewIfNeeded();
      await tab.click();
      assert.equal(await tab.getAttribute("aria-selected"), "true");
    }
    await inFrame(frame.getByRole("tabpanel"));
    await page.screenshot({ path: join(shots, "iframe-800x600.png") });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the keyboard reaches every control with a visible focus ring, and leaves the editor", async () => {
  const { page, problems, close } = await openApp(VIEWPORTS[0]);
  try {
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor();
    for (const theme of ["light", "dark"]) {
      await page.getByRole("combobox", { name: "Colour theme" }).selectOption(theme);
      await page.evaluate(() => document.activeElement?.blur());
      const stops = [];
      // Two rounds of the page's tab order; Escape first in the editor, as the shortcuts
      // list tells (Tab alone indents there).
      for (let i = 0; i < 50; i++) {
        if (await page.evaluate(() => !!document.activeElement?.closest(".cm-editor"))) {
          await page.keyboard.press("Escape");
        }
        await page.keyboard.press("Tab");
        if (await page.evaluate(() => !!document.activeElement?.closest(".cm-editor"))) {
          // CodeMirror marks itself focused a moment after the focus event.
          await page.locator(".cm-editor.cm-focused").waitFor();
        }
        stops.push(
          await page.evaluate(() => {
            const element = document.activeElement;
            // The editor's ring is on its outer element; CodeMirror marks it focused.
            const ringed = element.closest(".cm-editor") ?? element;
            const style = getComputedStyle(ringed);
            return {
              name: element.getAttribute("aria-label") || element.textContent.trim().slice(0, 30),
              ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
              body: element === document.body,
            };
          }),
        );
      }
      const names = new Set(stops.map((s) => s.name));
      for (const name of ["▶ Run", "Step", "Step back", "C program editor", "Stack", "Colour theme", "Event kind"]) {
        assert.ok(names.has(name), `${theme}: Tab never reached ${name} (${[...names].join(", ")})`);
      }
      const unringed = stops.filter((s) => !s.ring && !s.body).map((s) => s.name);
      assert.deepEqual([...new Set(unringed)], [], `${theme}: focused without a visible ring`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
