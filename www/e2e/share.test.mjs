// End-to-end: share links and scenario files. A link made by Share restores program,
// settings, breakpoints, view and step in a fresh browser; each kind of bad link shows its
// message and keeps the draft; a scenario never replaces the learner's draft without a yes;
// a scenario file opens from "Open file…". Run by `cargo xtask test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { editorText, openApp, position, run, serveDist, shots, showView, typeProgram } from "./support.mjs";

serveDist();

const PROGRAM = [
  "#include <stdlib.h>",
  "int main(void) {",
  "int *a = malloc(8);",
  "int *b = malloc(16);",
  "free(a);",
  "free(b);",
  "return 0;",
  "}",
].join("\n");

async function openShare(page) {
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share" });
  await dialog.waitFor();
  return dialog;
}

test("a share link restores the program, settings, view and step in a fresh browser", async () => {
  const author = await openApp();
  let link;
  try {
    const { page } = author;
    await typeProgram(page, PROGRAM);
    // As the editor holds it (it indents what is typed).
    const typed = await editorText(page);
    await showView(page, "Settings");
    await page.getByLabel("Preset", { exact: true }).selectOption({ label: "Tiny teaching machine" });
    await run(page);
    for (let i = 0; i < 3; i++) {
      await page.getByRole("button", { name: "Step", exact: true }).click();
    }
    assert.equal((await position(page)).step, 3);
    await showView(page, "Heap");
    const heapThen = await page.getByRole("region", { name: "Heap" }).textContent();
    const dialog = await openShare(page);
    link = await dialog.getByRole("textbox", { name: "Share link" }).inputValue();
    assert.match(link, /#v1\.[A-Za-z0-9_-]+$/);
    assert.ok(link.length < 1200, `${link.length} characters`);
    assert.match(await dialog.textContent(), /step 3/);
    await page.screenshot({ path: join(shots, "share-dialog.png") });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.deepEqual(author.problems, []);

    const visitor = await openApp();
    try {
      const { page: other } = visitor;
      await other.goto(link);
      await other.locator(".controls-status", { hasText: /Step 3 of \d+/ }).waitFor({ timeout: 30000 });
      assert.equal(await editorText(other), typed);
      assert.equal(await other.getByRole("tab", { selected: true }).textContent(), "Heap");
      assert.equal(await other.getByRole("region", { name: "Heap" }).textContent(), heapThen);
      // The fragment is cleared once read: a reload restores the (now saved) draft.
      assert.ok(!other.url().includes("#"), other.url());
      await other.reload();
      await other.locator(".cm-content").waitFor();
      assert.equal(await editorText(other), typed);
      await showView(other, "Settings");
      assert.equal(await other.getByLabel("Preset", { exact: true }).inputValue(), "tiny");
      assert.deepEqual(visitor.problems, []);
    } finally {
      await visitor.close();
    }
  } finally {
    await author.close();
  }
});

test("bad links show their message and keep the draft", async () => {
  const draft = "int main(void) { return 42; }";
  const { page, problems, close } = await openApp(undefined, { program: draft });
  try {
    const base = page.url().split("#")[0];
    const cases = [
      ["#v1.%%%not-base64", /The link could not be opened: this link is damaged/],
      ["#v1.AAAA", /The link could not be opened: this link is incomplete or corrupt/],
      ["#v9.abcdef", /made by a newer memplay \(format v9\.\)/],
      ["#hello", /does not hold a memplay scenario/],
      [`#v1.${"A".repeat(100000)}`, /too long to be a scenario/],
      // A decompression bomb: 4 MB of spaces in a few KB, refused at 64 KiB.
      [`#v1.${deflateRawSync(Buffer.alloc(4_000_000, " ")).toString("base64url")}`, /unpacks to more than 64 KiB/],
      // A real scenario's link cut in half.
      [`#v1.${deflateRawSync(JSON.stringify({ version: 1, title: "t", program: draft.repeat(20) })).toString("base64url").slice(0, 40)}`, /incomplete or corrupt/],
      // Inflates, but to a scenario that names an unknown field.
      [`#v1.${deflateRawSync('{"version":1,"title":"t","program":"int main(void){}","colour":"red"}').toString("base64url")}`, /scenario is not valid.*colour/],
    ];
    for (const [fragment, message] of cases) {
      await page.goto(base + fragment);
      await page.locator(".cm-content").waitFor();
      const notice = page.getByRole("alert");
      await notice.waitFor();
      assert.match(await notice.textContent(), message, fragment.slice(0, 20));
      assert.match(await notice.textContent(), /Your draft is unchanged/);
      assert.equal(await editorText(page), draft, fragment.slice(0, 20));
    }
    await page.screenshot({ path: join(shots, "share-bad-link.png") });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a link asks before it replaces the learner's draft, and a file opens the same way", async () => {
  const author = await openApp();
  let link;
  let typed;
  try {
    await typeProgram(author.page, PROGRAM);
    typed = await editorText(author.page);
    link = await (await openShare(author.page)).getByRole("textbox", { name: "Share link" }).inputValue();
  } finally {
    await author.close();
  }
  const draft = "int main(void) { return 7; }";
  const { page, problems, close } = await openApp(undefined, { program: draft });
  try {
    await page.goto(link);
    const offer = page.getByRole("alertdialog", { name: "Open “My program”?" });
    await offer.waitFor();
    // The safe answer has the focus: Enter keeps the draft.
    await page.keyboard.press("Enter");
    await offer.waitFor({ state: "detached" });
    assert.equal(await editorText(page), draft);

    await page.goto(link);
    await offer.waitFor();
    await offer.getByRole("button", { name: "Open it, replacing my draft" }).click();
    await page.locator(".scenario-title", { hasText: "My program" }).waitFor();
    assert.equal(await editorText(page), typed);

    // A scenario file, read-only, offering two views.
    const scenario = {
      version: 1,
      title: "Two blocks",
      program: "int main(void) {\n    return 3;\n}\n",
      views: ["console", "stack"],
      read_only: true,
      step: 1,
    };
    await page
      .getByLabel("Open a scenario file")
      .setInputFiles({ name: "two.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(scenario)) });
    // The editor holds the last scenario's program, unedited: nothing of the learner's is
    // lost, so it opens without asking.
    await page.locator(".scenario-title", { hasText: "Two blocks" }).waitFor();
    assert.equal(await page.getByRole("alertdialog").count(), 0);
    await page.locator(".controls-status", { hasText: /Step 1 of \d+/ }).waitFor();
    const tabs = await page.getByRole("tab").allTextContents();
    assert.deepEqual(tabs, ["Console", "Stack"]);
    assert.equal(await page.locator(".cm-content").getAttribute("contenteditable"), "false");

    // A file that is not a scenario is refused by name.
    await page
      .getByLabel("Open a scenario file")
      .setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"version":1,"title":"x","program":"","stpe":1}') });
    const notice = page.getByRole("alert");
    await notice.waitFor();
    assert.match(await notice.textContent(), /bad\.json could not be opened: not a valid scenario: unknown field `stpe`/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
