// End-to-end: hostile input. The released page forbids inline script and eval (its
// Content-Security-Policy); a crafted link whose title, lesson and program carry markup and
// script shows them as text and runs none of it; so does every input of the corpus of
// malformed and crafted links and scenario files (crates/session/test_data). Programs that
// loop forever, recurse without end, spawn threads without end, take the whole heap, flood
// the output, or are 200,000 lines long, random bytes or nested 5,000 deep each end with a
// clear message, the draft kept, while a PerformanceObserver for long tasks watches the
// page (no task of 50 ms or more).
// Run by `cargo xtask test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { editorText, openApp, serveDist, showView, toEnd } from "./support.mjs";

serveDist();

/** The fragment of a share link that opens `scenario`. */
function linkTo(scenario) {
  return `#v1.${deflateRawSync(JSON.stringify({ version: 1, ...scenario })).toString("base64url")}`;
}

/**
 * Starts counting the page's main-thread tasks of 50 ms or more, once the page has settled
 * after loading (the tasks of opening it are not what these tests are about). Each task is
 * kept with the phase it started in (see `enterPhase`), so a test can say which view made it.
 */
async function watchLongTasks(page) {
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 3000 })));
  await page.evaluate(() => {
    window.memplayLongTasks = [];
    window.memplayPhases = [{ name: "start", at: 0 }];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.memplayLongTasks.push({ start: entry.startTime, ms: Math.round(entry.duration) });
      }
    }).observe({ type: "longtask" });
  });
}

/** Marks the start of a phase (a view opened, say): tasks starting from now are counted to it. */
async function enterPhase(page, name) {
  await page.evaluate((name) => window.memplayPhases.push({ name, at: performance.now() }), name);
}

/** The long tasks seen so far, as `{ phase, ms }`. */
async function longTasks(page) {
  // Long tasks are reported after they end; give the last one a moment.
  await page.waitForTimeout(300);
  return page.evaluate(() =>
    window.memplayLongTasks.map(({ start, ms }) => ({
      phase: window.memplayPhases.findLast((phase) => phase.at <= start).name,
      ms,
    })),
  );
}

/**
 * Waits until the page has done what opening a view set off: the tasks queued (a dear step
 * drawn a task later), the animation frame after them (what reads the layout) and a moment
 * of idleness (work split across tasks, such as a view drawn in parts).
 */
async function quiet(page) {
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        setTimeout(() => requestAnimationFrame(() => requestIdleCallback(resolve, { timeout: 2000 })), 0),
      ),
  );
}

test("the page forbids inline script and eval", async () => {
  const { page, problems, close } = await openApp();
  try {
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
    const outcome = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
      const script = document.createElement("script");
      script.textContent = "window.memplayInjected = true;";
      document.body.append(script);
      let evaluated;
      try {
        evaluated = window.setTimeout.call(window, "window.memplayEvaluated = true;", 0);
      } catch (e) {
        evaluated = e.name;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        injected: window.memplayInjected ?? false,
        evaluated: window.memplayEvaluated ?? false,
        violations,
      };
    });
    assert.equal(outcome.injected, false, "an inline script ran");
    assert.equal(outcome.evaluated, false, "a string was evaluated as code");
    assert.ok(outcome.violations.includes("script-src-elem"), JSON.stringify(outcome.violations));
    // The browser reports each refusal on the console; nothing else may appear there.
    assert.deepEqual(
      problems.filter((p) => !/Content Security Policy/.test(p)),
      [],
    );
  } finally {
    await close();
  }
});

test("a link carrying markup and script shows it as text and runs none of it", async () => {
  const payload = `<img src="x" onerror="window.memplayPwned = 1"><script>window.memplayPwned = 2</script>`;
  const scenario = {
    title: `Lesson ${payload}`,
    description: `**bold** ${payload} [link](javascript:window.memplayPwned=3)`,
    program: `// ${payload}\nint main(void) {\n    return 0;\n}\n`,
    lesson: {
      text: `Read this: ${payload} <a href="javascript:window.memplayPwned=4">click</a>`,
      questions: [
        {
          prompt: `What does ${payload} return?`,
          answer: { kind: "exit-status" },
          explanation: `<iframe src="javascript:window.memplayPwned=5"></iframe>`,
        },
      ],
    },
  };
  const { page, problems, close } = await openApp();
  try {
    const dialogs = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss();
    });
    await page.goto(page.url().split("#")[0] + linkTo(scenario));
    await page.locator(".cm-content").waitFor();
    const lesson = page.locator(".lesson-text");
    await lesson.waitFor();
    // The markup is there as text, in the lesson and the editor.
    assert.match(await lesson.textContent(), /<img src="x" onerror=/);
    assert.match(await editorText(page), /<script>window\.memplayPwned = 2<\/script>/);
    const injected = await page.evaluate(() => ({
      pwned: window.memplayPwned ?? null,
      elements: document.querySelectorAll('img[src="x"], iframe, script:not([src]), a[href^="javascript:"]').length,
    }));
    assert.deepEqual(injected, { pwned: null, elements: 0 });
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

/**
 * The budget: no main-thread task of 50 ms or more, from Run to the last step shown, for
 * every program. Endless recursion and malloc-until-gone were the last to reach it, where
 * the run's last step is shown (50–65 ms on this machine): a move that replays far or lands
 * on a big view now draws it in a task of its own, and what reads the layout (the arrows,
 * the editor's executing line) waits for the animation frame.
 */
const LONG_TASK_MS = 50;

const BUDGETS = { "max-steps": 400000, "max-output": 65536, "max-threads": 16, "max-heap": 1048576 };

const HOSTILE = [
  {
    name: "an infinite loop",
    program: "int main(void) {\n    for (;;) {\n    }\n}\n",
    ends: /step budget/,
  },
  {
    name: "endless recursion",
    program:
      "int down(int n) {\n    char frame[1024];\n    frame[0] = (char)n;\n    return down(n + 1) + frame[0];\n}\n\nint main(void) {\n    return down(0);\n}\n",
    ends: /SIGSEGV/,
    problem: /stack-overflow/,
  },
  {
    name: "a fork-bomb of threads",
    // Every thread starts another and spins; pthread_create fails (EAGAIN) once the thread
    // budget is reached, and the spinning ends at the step budget.
    program:
      "#include <pthread.h>\n\nvoid *spawn(void *arg) {\n    pthread_t t;\n    pthread_create(&t, NULL, spawn, arg);\n    for (;;) {\n    }\n    return arg;\n}\n\nint main(void) {\n    spawn(NULL);\n    return 0;\n}\n",
    ends: /step budget/,
    threads: 16,
  },
  {
    name: "malloc in a loop until the heap is gone",
    program:
      "#include <stdlib.h>\n\nint main(void) {\n    for (;;) {\n        char *p = malloc(4096);\n        p[0] = 1;\n    }\n}\n",
    ends: /SIGSEGV/,
    problem: /null-dereference/,
  },
  {
    name: "a printf loop flooding the output",
    program: '#include <stdio.h>\n\nint main(void) {\n    for (;;) {\n        printf("flood\\n");\n    }\n}\n',
    ends: /output budget|output/i,
  },
];

/**
 * Runs `hostile` in a fresh page to its last step, checking its message and draft, then opens
 * every view the page offers in turn (a learner looking round at the end); resolves to the
 * long tasks seen, each with its phase: "run" (Run to the last step shown) or the view's name.
 */
async function runToTheEnd(hostile) {
  const { page, problems, close } = await openApp();
  try {
    await page.goto(page.url().split("#")[0] + linkTo({ title: hostile.name, program: hostile.program, settings: BUDGETS }));
    await page.locator(".cm-content").waitFor();
    await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent.includes("main"));
    const draft = await editorText(page);
    await watchLongTasks(page);
    await enterPhase(page, "run");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.locator(".controls-status", { hasText: /Step 0 of \d+/ }).waitFor({ timeout: 120000 });
    await toEnd(page);
    await quiet(page);
    const views = await page.getByRole("tab").allTextContents();
    assert.ok(views.length >= 9, `views offered: ${views.join(", ")}`);
    for (const view of views) {
      await enterPhase(page, view);
      await showView(page, view);
      await page.locator(".view-panel h2", { hasText: view }).waitFor();
      await quiet(page);
      if (view === "Console") {
        const status = await page.locator(".run-status").textContent();
        assert.match(status, hostile.ends, status);
      }
      if (view === "Stack" && hostile.threads) {
        assert.equal(await page.getByRole("region", { name: "Call stack" }).locator("section.thread").count(), hostile.threads);
      }
      if (view === "Problems" && hostile.problem) {
        assert.match(await page.getByRole("region", { name: "Memory errors" }).textContent(), hostile.problem);
      }
    }
    await enterPhase(page, "end");
    const tasks = await longTasks(page);
    assert.equal(await editorText(page), draft);
    assert.deepEqual(problems, []);
    return tasks;
  } finally {
    await close();
  }
}

/** Long tasks as "phase 63 ms, …", for messages. */
const described = (tasks) => tasks.map(({ phase, ms }) => `${phase} ${ms} ms`).join(", ") || "none";

for (const hostile of HOSTILE) {
  test(`${hostile.name} ends with a clear message, keeps the draft and keeps the page responsive in every view`, async () => {
    // This shared two-core machine can stretch a 30 ms task past 50 now and then: a second
    // run decides. A task that is truly long is long in both.
    const over = (tasks) => tasks.filter(({ ms }) => ms >= LONG_TASK_MS);
    const first = await runToTheEnd(hostile);
    if (first.length > 0) console.log(`${hostile.name}: tasks of ${described(first)} (budget ${LONG_TASK_MS} ms)`);
    if (over(first).length === 0) return;
    const second = await runToTheEnd(hostile);
    assert.deepEqual(
      over(second),
      [],
      `main-thread tasks of ${LONG_TASK_MS} ms or more, in two runs: ${described(first)}, then ${described(second)}`,
    );
  });
}

test("a 200,000-line program, random bytes and deeply nested expressions are refused or diagnosed without blocking the page", async () => {
  const huge = `int main(void) {\n${"    int x = 1;\n".repeat(200000)}    return 0;\n}\n`;
  let seed = 7;
  const random = Array.from({ length: 4000 }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return String.fromCharCode(1 + (seed % 254));
  }).join("");
  // 5,000 parentheses deep: the parser stops at its nesting limit instead of recursing on.
  const nested = `int main(void) {\n    return ${"(".repeat(5000)}1${")".repeat(5000)};\n}\n`;
  for (const [program, message] of [
    [huge, /over the 64 KiB the playground checks and runs/],
    [random, /error/i],
    [nested, /nested too deeply \(more than 160 levels\)/],
  ]) {
    const { page, problems, close } = await openApp(undefined, { program });
    try {
      await watchLongTasks(page);
      await page.getByRole("button", { name: "Run", exact: true }).click();
      const notice = page.getByRole("alert");
      await notice.first().waitFor();
      assert.match(await notice.first().textContent(), message);
      const tasks = await longTasks(page);
      assert.deepEqual(tasks, [], `main-thread tasks of 50 ms or more: ${described(tasks)}`);
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("memplay.draft.v1")).program);
      assert.equal(stored, program, "the draft is kept");
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

/** The corpus of malformed and crafted inputs: crates/session/test_data's bad links and bad scenario files, each with the message its `.expect` file names. */
function corpus(folder, extension) {
  const dir = join(import.meta.dirname, "..", "..", "crates", "session", "test_data", folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => ({
      name,
      text: readFileSync(join(dir, name), "utf8"),
      expect: readFileSync(join(dir, name.replace(extension, ".expect")), "utf8").trim(),
    }));
}

/** What a payload would have left behind had any of it run or been parsed as markup. */
async function injected(page) {
  return page.evaluate(() => ({
    pwned: window.memplayPwned ?? null,
    elements: [...document.querySelectorAll('[onerror], [onload], iframe, script:not([src]), a[href^="javascript:"]')].map((e) => e.outerHTML.slice(0, 80)),
  }));
}

test("every malformed or crafted link and scenario file of the corpus gets its message, and nothing in it runs", async () => {
  const links = corpus("links/err", ".link");
  const files = corpus("scenarios/err", ".json");
  assert.ok(links.length + files.length >= 30, `${links.length + files.length} inputs`);
  const draft = "int main(void) { return 42; }";
  const { page, problems, close } = await openApp(undefined, { program: draft });
  try {
    const dialogs = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss();
    });
    const base = page.url().split("#")[0];
    for (const link of links) {
      await page.goto(`${base}#${link.text}`);
      await page.locator(".cm-content").waitFor();
      const notice = page.getByRole("alert");
      await notice.waitFor();
      const text = await notice.textContent();
      assert.ok(text.includes(link.expect), `${link.name}:\n  shown    ${text}\n  expected ${link.expect}`);
      assert.equal(await editorText(page), draft, link.name);
      assert.deepEqual(await injected(page), { pwned: null, elements: [] }, link.name);
    }
    for (const file of files) {
      await page
        .getByLabel("Open a scenario file")
        .setInputFiles({ name: file.name, mimeType: "application/json", buffer: Buffer.from(file.text) });
      const notice = page.getByRole("alert", { name: undefined }).filter({ hasText: file.name });
      await notice.waitFor();
      const text = await notice.textContent();
      assert.ok(text.includes(file.expect), `${file.name}:\n  shown    ${text}\n  expected ${file.expect}`);
      assert.equal(await editorText(page), draft, file.name);
      assert.deepEqual(await injected(page), { pwned: null, elements: [] }, file.name);
    }
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
