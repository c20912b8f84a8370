// What the end-to-end tests share: the browser, the served build, and the app's controls.
// MEMPLAY_DIST and MEMPLAY_E2E_OUT say where the build is and where screenshots go.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { serveStatic } from "./static-server.mjs";

const repo = resolve(import.meta.dirname, "..", "..");
export const dist = process.env.MEMPLAY_DIST ?? join(repo, "dist");
export const shots = process.env.MEMPLAY_E2E_OUT ?? join(repo, "target", "e2e");

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

let server;
/** Serves the build (for scripts that are not test files); resolves to { url, close }. */
export async function startServer() {
  mkdirSync(shots, { recursive: true });
  server = await serveStatic(dist);
  return server;
}

/** Serves the build for the calling test file's tests. */
export function serveDist() {
  before(startServer);
  after(async () => {
    await server?.close();
  });
}

/**
 * A fresh browser profile (so localStorage starts empty) on a page of the build (`""` for
 * the app, `lab.html?...`), with console errors and warnings, page errors and failed
 * requests recorded as problems.
 */
export async function openPage(path, viewport = VIEWPORTS[0]) {
  const profile = mkdtempSync(join(tmpdir(), "memplay-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: viewport.width, height: viewport.height },
  });
  const problems = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      problems.push(`console ${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()}`));
  await page.goto(new URL(path, server.url).href);
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, problems, close };
}

/**
 * A fresh browser profile (so localStorage starts empty) on the app, with problems recorded;
 * with `program`, the app opens on it as a saved draft.
 */
export async function openApp(viewport = VIEWPORTS[0], { program } = {}) {
  const opened = await openPage("", viewport);
  const { page } = opened;
  await page.locator(".cm-content").waitFor();
  if (program !== undefined) {
    await page.evaluate(
      (text) => localStorage.setItem("memplay.draft.v1", JSON.stringify({ program: text })),
      program,
    );
    await page.reload();
    await page.locator(".cm-content").waitFor();
  }
  return opened;
}

/** Replaces the editor's text by typing `program` (the editor indents as it goes). */
export async function typeProgram(page, program) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(program);
}

export async function editorText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".cm-content .cm-line")].map((l) => l.textContent).join("\n"),
  );
}

/**
 * Waits until the steps the app has left for a later task are shown: a jump, or a move
 * whose engine work is dear (a far replay, a big view), draws its step in the next task
 * (runner.rs), so a test reads the page only once the tasks queued so far have run.
 */
export async function settled(page) {
  // The animation frame after them too: what reads the layout of a big step (the stack's
  // arrows, the executing line) waits for it.
  await page.evaluate(() => new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => resolve()), 0)));
}

/** The step shown and the steps recorded, read from the controls' status. */
export async function position(page) {
  await settled(page);
  const text = await page.locator(".controls-status").textContent();
  const match = /Step (\d+) of (\d+)/.exec(text);
  assert.ok(match, `no step position in "${text}"`);
  return { step: Number(match[1]), recorded: Number(match[2]) };
}

/** Presses Run and waits for the recorded run's first step. */
export async function run(page) {
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page
    .locator(".controls-status", { hasText: /Step 0 of \d+/ })
    .waitFor({ timeout: 60000 });
}

/**
 * Goes to the recorded run's last step with the "To end" button, and waits until the status
 * says it is shown (a move that replays far shows where it landed a task later).
 */
export async function toEnd(page) {
  await page.getByRole("button", { name: "To end", exact: true }).click();
  await page.locator(".controls-status", { hasText: /Step (\d+) of \1\b/ }).waitFor();
  await settled(page);
}

/**
 * Selects the view `name` and waits until it is drawn: a view showing a step is drawn a
 * task after its tab is selected (view_panel.rs), saying it is busy meanwhile. `page` may be
 * a page or a frame locator.
 */
export async function showView(page, name) {
  await page.getByRole("tab", { name, exact: true }).click();
  await viewDrawn(page);
}

/** Waits until the selected view is drawn (see `showView`). */
export async function viewDrawn(page) {
  await page.locator('.view-panel [aria-busy="true"]').waitFor({ state: "detached" });
  // A page (not a frame locator) also waits for the frame in which the view's arrows are
  // drawn.
  if (typeof page.evaluate === "function") await settled(page);
}

/** Moves to the next event of `kind` (the event-kind menu's value). */
export async function nextEvent(page, kind) {
  await page.getByRole("combobox", { name: "Event kind" }).selectOption(kind);
  await page.getByRole("button", { name: "Next event of this kind" }).click();
  await settled(page);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
