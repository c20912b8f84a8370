// End-to-end: the Settings tab. A preset changes the machine the next run uses (seen in
// the Paging view), the settings survive a reload, a bad value is refused with its message
// next to the field and Run is refused until it is fixed (a run uses what the form shows,
// never an older value the learner can no longer see), and unreadable stored settings fall
// back to the defaults with a notice. Run by `cargo xtask test`, like app.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openApp, serveDist, showView, shots, toEnd, typeProgram } from "./support.mjs";

serveDist();

// A 4 KiB array: sixteen of the tiny machine's 256-byte pages, as many as it has frames.
const ARRAY_PROGRAM = [
  "int main(void) {",
  "int a[1024];",
  "for (int i = 0; i < 1024; i++)",
  "a[i] = i;",
  "int s = 0;",
  "for (int i = 0; i < 1024; i += 64)",
  "s += a[i];",
  "return s % 256;",
  "}",
].join("\n");



/** Types a program and waits for its check. */
async function typeChecked(page, program) {
  await typeProgram(page, program);
  await page.locator(".status-line").getByText("No problems").waitFor();
}

async function openSettings(page) {
  await showView(page, "Settings");
  await page.getByRole("region", { name: "Machine settings" }).waitFor();
}

/** Types `text` into a field and commits it, as leaving the field does. */
async function fill(page, label, text) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(text);
  await input.press("Tab");
}

/** Runs the program to its end. */
async function runToEnd(page) {
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor();
  await toEnd(page);
}

/** The number after a counter's label in the Paging view. */
async function counter(page, label) {
  const text = await page
    .getByRole("region", { name: "Paging" })
    .locator("dt", { hasText: label })
    .locator("xpath=following-sibling::dd[1]")
    .textContent();
  return text.split("/").map((n) => Number(n.trim()));
}

test("the tiny teaching machine's pages and frames show in the Paging view, and stay after a reload", async () => {
  const { page, problems, close } = await openApp();
  try {
    await typeChecked(page, ARRAY_PROGRAM);
    await openSettings(page);
    const preset = page.getByLabel("Preset", { exact: true });
    assert.equal(await preset.inputValue(), "linux-32");
    assert.match(await page.getByRole("tabpanel").textContent(), /Settings apply on the next Run/);
    // Every field has a label, and every group is a fieldset with a legend.
    const groups = page.locator("fieldset.settings-group");
    assert.ok((await groups.count()) >= 9);
    for (const legend of ["Process", "Heap allocator", "Virtual memory and paging", "TLB", "Data cache", "Cost model"]) {
      assert.equal(await page.locator("fieldset legend", { hasText: legend }).count(), 1, legend);
    }
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll(".settings-view input, .settings-view select")]
        .filter((el) => !el.id || !document.querySelector(`label[for="${el.id}"]`))
        .map((el) => el.outerHTML),
    );
    assert.deepEqual(unlabelled, []);

    await preset.selectOption({ label: "Tiny teaching machine" });
    assert.equal(await page.getByLabel("Address bits", { exact: true }).inputValue(), "16");
    assert.equal(await page.getByLabel("Page size", { exact: true }).inputValue(), "256");
    assert.equal(await page.getByLabel("Physical frames", { exact: true }).inputValue(), "16");
    assert.match(await page.locator("#setting-preset-help").textContent(), /16-bit addresses \(text from 0x0100, kernel space from 0xC000\)/);
    await page.screenshot({ path: join(shots, "settings-desktop.png"), fullPage: true });

    await runToEnd(page);
    await showView(page, "Paging");
    const paging = page.getByRole("region", { name: "Paging" });
    assert.match(await paging.getByRole("region", { name: "Page table" }).locator("h3").textContent(), /\(256-byte pages;/);
    assert.match(await paging.locator("table.frames-table caption").textContent(), /of 16 in use/);
    const [swapOuts, swapIns] = await counter(page, "swap outs / ins");
    assert.ok(swapOuts > 0 && swapIns > 0, `swap outs ${swapOuts}, ins ${swapIns}`);
    // The memory map is the 64 KiB space: the stack ends where kernel space starts, 0xc000.
    await showView(page, "Memory map");
    const kernel = page.getByRole("region", { name: "Memory map" }).locator("li.region", { hasText: "kernel" });
    assert.match(await kernel.textContent(), /0x0000c000–0x0000ffff \(16 KiB\)/);

    // The settings are kept in the browser: after a reload the tiny machine is still chosen.
    await page.reload();
    await page.locator(".cm-content").waitFor();
    await openSettings(page);
    assert.equal(await page.getByLabel("Preset", { exact: true }).inputValue(), "tiny");
    // Changing one field makes them the learner's own: the preset says Custom.
    await fill(page, "Physical frames", "64");
    assert.equal(await page.getByLabel("Preset", { exact: true }).inputValue(), "");
    assert.match(await page.locator("#setting-preset-help").textContent(), /Your own settings/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a bad value is refused next to its field, and Run waits until it is fixed", async () => {
  const { page, problems, close } = await openApp();
  try {
    await typeChecked(page, ARRAY_PROGRAM);
    await openSettings(page);

    // Out of range: the message is next to the field, which keeps what was typed.
    await fill(page, "Physical frames", "0");
    const frames = page.getByLabel("Physical frames", { exact: true });
    const framesError = page.locator("#setting-frames-error");
    assert.equal(await framesError.getAttribute("role"), "alert");
    assert.match(await framesError.textContent(), /Physical frames: must be 1 to 1048576, not 0/);
    assert.equal(await frames.inputValue(), "0");
    assert.equal(await frames.getAttribute("aria-invalid"), "true");
    assert.match(await frames.getAttribute("aria-describedby"), /setting-frames-error/);
    // The message sits beside the field, not somewhere else on the page.
    const fieldBox = await frames.boundingBox();
    const errorBox = await framesError.boundingBox();
    assert.ok(Math.abs(errorBox.y - (fieldBox.y + fieldBox.height)) < 40, "message right under the field");

    // A value fine alone but not with another field names that field.
    await fill(page, "Growth step", "3000");
    await page.getByLabel("Allocator", { exact: true }).selectOption("buddy");
    assert.match(
      await page.locator("#setting-allocator-error").textContent(),
      /Allocator: does not fit with Growth step \(3000 B\): the buddy system grows by whole segments/,
    );
    assert.match(await page.locator(".settings-refused").textContent(), /2 fields are not valid/);
    await page.screenshot({ path: join(shots, "settings-refused-desktop.png") });

    // Run is refused, saying which setting and where to fix it.
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: "The program did not run." }).waitFor();
    await showView(page, "Stack");
    const failure = page.locator(".run-failed");
    assert.match(await failure.textContent(), /A setting is not valid, so the program was not run: Allocator: does not fit/);
    assert.match(await failure.textContent(), /Fix it in the Settings tab/);

    // Fixing the frames clears their message; fixing the growth step lets the buddy
    // system that was asked for apply as the form shows it.
    await openSettings(page);
    await fill(page, "Physical frames", "64");
    assert.equal(await page.locator("#setting-frames-error").count(), 0);
    assert.equal(await frames.getAttribute("aria-invalid"), null);
    await fill(page, "Growth step", "4k");
    assert.equal(await page.locator("#setting-allocator-error").count(), 0);
    assert.equal(await page.getByLabel("Growth step", { exact: true }).inputValue(), "4 KiB");
    assert.equal(await page.getByLabel("Allocator", { exact: true }).inputValue(), "buddy");

    await runToEnd(page);
    await showView(page, "Paging");
    assert.match(
      await page.getByRole("region", { name: "Paging" }).locator("table.frames-table caption").textContent(),
      /of 64 in use/,
    );
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("unreadable saved settings are set aside with a notice, and the defaults used", async () => {
  const { page, problems, close } = await openApp();
  try {
    await page.evaluate(() => localStorage.setItem("memplay.settings.v1", '{"frames":"lots"}'));
    await page.reload();
    await page.locator(".cm-content").waitFor();
    const alert = page.getByRole("alert");
    assert.match(await alert.textContent(), /saved settings could not be read \(Physical frames: expected a whole number, not `lots`\)/);
    assert.equal(await page.evaluate(() => localStorage.getItem("memplay.settings.unreadable")), '{"frames":"lots"}');
    await alert.getByRole("button", { name: "Dismiss message" }).click();
    await openSettings(page);
    assert.equal(await page.getByLabel("Preset", { exact: true }).inputValue(), "linux-32");
    assert.equal(await page.getByLabel("Physical frames", { exact: true }).inputValue(), "4096");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
