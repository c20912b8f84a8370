// End-to-end: the tutorial. Every lesson opens from the Lessons list, and each of its
// questions rejects a wrong prediction (telling what running the program gives) and accepts
// that answer; progress is kept in the browser. Run by `cargo xtask test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openApp, serveDist, shots } from "./support.mjs";

serveDist();

test("every lesson opens, and its questions reject a wrong answer and accept the engine's", async () => {
  const { page, problems, close } = await openApp();
  try {
    await page.getByRole("button", { name: "Lessons", exact: true }).click();
    const titles = await page.getByRole("dialog", { name: "Lessons" }).getByRole("button").allTextContents();
    const lessons = titles.filter((t) => t !== "Close");
    assert.ok(lessons.length >= 14, `${lessons.length} lessons`);
    await page.keyboard.press("Escape");
    for (const [n, title] of lessons.entries()) {
      await page.getByRole("button", { name: "Lessons", exact: true }).click();
      await page.getByRole("dialog", { name: "Lessons" }).getByRole("button", { name: title, exact: true }).click();
      // Opening the next lesson over the last one's program does not ask: it is not the
      // learner's own draft.
      await page.locator(".scenario-title", { hasText: title }).waitFor();
      // It runs: Run records the lesson's program to its end (or its fault).
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor({ timeout: 30000 });
      const lesson = page.getByRole("region", { name: "Lesson" });
      const questions = lesson.locator(".lesson-questions > li");
      const count = await questions.count();
      assert.ok(count >= 1, `${title}: no question`);
      for (let i = 0; i < count; i++) {
        const question = questions.nth(i);
        await question.getByRole("textbox").fill("987654321");
        await question.getByRole("button", { name: "Check" }).click();
        const verdict = question.getByRole("status");
        const wrong = await verdict.textContent();
        const match = /Not quite: running the program gives (.*)\.$/.exec(wrong);
        assert.ok(match, `${title} question ${i + 1}: ${wrong}`);
        await question.getByRole("textbox").fill(match[1]);
        await question.getByRole("button", { name: "Check" }).click();
        assert.equal(await verdict.textContent(), `Right: ${match[1]}.`, `${title} question ${i + 1}`);
      }
      assert.match(await lesson.locator(".lesson-progress").textContent(), new RegExp(`^${count} of ${count} `));
      if (n === 0) await page.screenshot({ path: join(shots, "lesson-first.png") });
    }
    // Progress survives a reload: the list counts every lesson's questions as answered.
    await page.reload();
    await page.getByRole("button", { name: "Lessons", exact: true }).click();
    const solved = await page.getByRole("dialog", { name: "Lessons" }).locator(".lesson-solved").count();
    assert.equal(solved, lessons.length);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
