// End-to-end: embed mode. The example course page (dist/embed-example.html) embeds the
// playground in an iframe; the embed says it is ready, loads the scenario the page sends,
// runs and steps on command, reports steps, the end of a run and its height, and refuses
// messages of the wrong shape (and floods), counting them. Served from a sub-path, like
// every e2e test. Run by `cargo xtask test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openApp, serveDist, shots } from "./support.mjs";

serveDist();

/** The events the embed posted to the host page so far, parsed from the page's log. */
async function events(page) {
  const text = await page.locator("#log").textContent();
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

async function waitForEvent(page, predicate, what) {
  for (let i = 0; i < 200; i++) {
    const found = (await events(page)).find(predicate);
    if (found) return found;
    await page.waitForTimeout(50);
  }
  assert.fail(`no ${what} event; got ${JSON.stringify(await events(page))}`);
}

test("a course page drives the embed with postMessage and hears its events", async () => {
  const { page, problems, close } = await openApp();
  try {
    await page.goto(page.url().split("#")[0].replace(/index\.html$/, "") + "embed-example.html");
    await waitForEvent(page, (e) => e.event === "ready", "ready");
    const frame = page.frameLocator("#memplay");
    // The page answers `ready` with a load: the scenario's title, read-only, two views.
    await frame.locator(".scenario-title", { hasText: "Recursion" }).waitFor();
    assert.deepEqual(await frame.getByRole("tab").allTextContents(), ["Stack", "Memory map"]);
    assert.equal(await frame.locator(".cm-content").getAttribute("contenteditable"), "false");
    // Compact chrome: no Share, no file picker; a link out to the full playground.
    assert.equal(await frame.getByRole("button", { name: "Share" }).count(), 0);
    assert.equal(await frame.getByRole("link", { name: "Open in memplay ↗" }).count(), 1);

    await page.getByRole("button", { name: "Run", exact: true }).click();
    const finished = await waitForEvent(page, (e) => e.event === "finished", "finished");
    assert.equal(finished.memplay, 1);
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await page.getByRole("button", { name: "Step", exact: true }).click();
    const step = await waitForEvent(page, (e) => e.event === "step" && e.step === 2, "step 2");
    assert.ok(step.line >= 1 && step.steps > 2, JSON.stringify(step));
    await page.getByRole("button", { name: "Go to step 10" }).click();
    await waitForEvent(page, (e) => e.event === "step" && e.step === 10, "step 10");
    await frame.locator(".controls-status", { hasText: /Step 10 of/ }).waitFor();
    const height = await waitForEvent(page, (e) => e.event === "height", "height");
    assert.ok(height.height >= 300, JSON.stringify(height));

    // Wrong shapes are refused and counted, and nothing happens.
    await page.getByRole("button", { name: "Send a bad command" }).click();
    const bad = await waitForEvent(page, (e) => e.event === "ignored", "ignored");
    assert.equal(bad.ignored, 1);
    assert.match(bad.reason, /unknown command `self-destruct`/);
    await page.evaluate(() => {
      const target = document.getElementById("memplay").contentWindow;
      for (const message of [null, 42, "run", [1, 2], { memplay: 2, command: "run" }, { memplay: 1, command: "goto", step: -5 }]) {
        target.postMessage(message, "*");
      }
    });
    await waitForEvent(page, (e) => e.event === "ignored" && e.ignored === 7, "7 ignored");
    // A huge payload (a 1 MB program) is refused by its size, unread.
    await page.evaluate(() => {
      const program = "x".repeat(1 << 20);
      document.getElementById("memplay").contentWindow.postMessage({ memplay: 1, command: "load", scenario: { version: 1, title: "huge", program } }, "*");
    });
    const huge = await waitForEvent(page, (e) => e.event === "ignored" && e.ignored === 8, "8 ignored");
    assert.match(huge.reason, /over the limit/);
    await frame.locator(".controls-status", { hasText: /Step 10 of/ }).waitFor();
    // A flood: past 50 a second, messages are refused without being read.
    await page.evaluate(() => {
      const target = document.getElementById("memplay").contentWindow;
      for (let i = 0; i < 200; i++) target.postMessage({ memplay: 1, command: "step", move: "forward" }, "*");
    });
    const flood = await waitForEvent(page, (e) => e.event === "ignored" && /messages in a second/.test(e.reason), "flood");
    assert.ok(flood.ignored > 8, JSON.stringify(flood));
    await page.screenshot({ path: join(shots, "embed-example.png"), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("an embed with the editor hidden shows the views alone, and stores nothing", async () => {
  const { page, problems, close } = await openApp();
  try {
    const base = page.url().split("#")[0].split("?")[0];
    const draftBefore = await page.evaluate(() => localStorage.getItem("memplay.draft.v1"));
    await page.goto(`${base}?embed&editor=hidden`);
    await page.locator(".views-column").waitFor();
    assert.equal(await page.locator(".editor-column").isVisible(), false);
    const widths = await page.evaluate(() => [
      document.querySelector(".views-column").getBoundingClientRect().width,
      document.documentElement.clientWidth,
    ]);
    assert.ok(widths[0] > widths[1] * 0.9, `views ${widths[0]} of ${widths[1]}`);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem("memplay.draft.v1")), draftBefore);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
