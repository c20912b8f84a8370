// End-to-end: each view with a real program, as the UI issue lists them: recursion down to a
// stack overflow; malloc and free with a free-list change and a leak at exit; more pages
// than frames, with faults, a victim and a swap-out; two threads with two stacks; stepping
// back restoring an earlier view exactly. Each saves a screenshot under target/e2e.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nextEvent, openApp, position, run, screenshot, serveDist, showView, toEnd } from "./support.mjs";

serveDist();

const lines = (...text) => text.join("\n") + "\n";

/** Focus on the view, so arrow keys step. */
const panelFocus = (page) => page.getByRole("tabpanel").focus();

test("recursion down to a stack overflow", async () => {
  // 64 KiB of locals a call: the 8 MiB stack overflows about 128 calls down.
  const program = lines(
    "int down(int n) {",
    "    char buffer[65536];",
    "    buffer[0] = (char)n;",
    "    return down(n + 1) + buffer[0];",
    "}",
    "",
    "int main(void) {",
    "    return down(0);",
    "}",
  );
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await run(page);
    await toEnd(page);
    await showView(page, "Stack");
    const stack = page.getByRole("region", { name: "Call stack" });
    const heading = await stack.locator(".thread h3").first().textContent();
    const frames = Number(/(\d+) frames/.exec(heading)[1]);
    assert.ok(frames > 100 && frames < 140, `${frames} frames at the overflow`);
    // A deep stack draws both ends and summarises the middle.
    assert.match(await stack.locator(".frames-hidden").textContent(), /down × \d+/);
    assert.match(await stack.locator(".guard-page").textContent(), /Guard page below 0x[0-9a-f]{8}/);
    assert.match(await stack.locator(".stack-usage").textContent(), /of 8 MiB used/);
    await screenshot(page, "view-stack-overflow");

    await showView(page, "Problems");
    assert.match(
      await page.getByRole("region", { name: "Memory errors" }).textContent(),
      /line \d+:\d+ stack-overflow/,
    );
    await showView(page, "Console");
    assert.match(await page.locator(".run-status").textContent(), /SIGSEGV/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("malloc and free: blocks, a free-list change and a leak at exit", async () => {
  const program = lines(
    "#include <stdlib.h>",
    "",
    "int main(void) {",
    "    char *a = malloc(32);",
    "    char *b = malloc(64);",
    "    char *c = malloc(16);",
    "    free(b);",
    "    char *d = malloc(8);",
    "    a[0] = c[0] = d[0] = 1;",
    "    free(a);",
    "    free(d);",
    "    return 0;",
    "}",
  );
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await run(page);
    await showView(page, "Heap");
    const heap = page.getByRole("region", { name: "Heap" });
    for (let i = 0; i < 3; i++) await nextEvent(page, "malloc");
    assert.equal(await heap.locator("tr.block-row.allocated").count(), 3);
    const freeBefore = await heap.locator(".free-lists").textContent();

    // Each allocated block is coloured by its malloc's line, and says so in text too.
    assert.deepEqual(
      await heap.locator("tr.block-row.allocated td:last-child").allTextContents(),
      ["line 4", "line 5", "line 6"],
    );
    // The stack's pointers are arrows to the blocks' payloads, not their headers.
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await showView(page, "Stack");
    const pointed = page.getByRole("region", { name: "Heap blocks the stack points at" });
    // The step after the third malloc has freed b already: a and c are pointed at.
    const blocks = await pointed.locator(".pointed-block").count();
    assert.equal(blocks, 2);
    const arrows = page.locator("svg.arrows path.arrow");
    assert.equal(await arrows.count(), blocks);
    const ends = await page.evaluate(() => {
      const svg = document.querySelector("svg.arrows").getBoundingClientRect();
      const payloads = [...document.querySelectorAll(".block-payload-part")].map(
        (e) => Math.round(e.getBoundingClientRect().left - svg.left),
      );
      const arrowEnds = [...document.querySelectorAll("svg.arrows path.arrow")].map((p) =>
        Math.round(Number(p.getAttribute("d").split(" ").at(-1).split(",")[0])),
      );
      return { payloads, arrowEnds };
    });
    for (const end of ends.arrowEnds) assert.ok(ends.payloads.includes(end), JSON.stringify(ends));
    // b, freed, dangles: no arrow, and its slot says so.
    assert.match(
      await page.locator("tr.slot", { has: page.locator("td.name", { hasText: /^b$/ }) }).textContent(),
      /dangling/,
    );
    await screenshot(page, "view-stack-arrows");
    await showView(page, "Heap");

    await nextEvent(page, "free");
    assert.equal(await heap.locator("tr.block-row.allocated").count(), 2);
    const freeAfter = await heap.locator(".free-lists").textContent();
    assert.notEqual(freeAfter, freeBefore, "freeing b changes the free list");
    // The metrics' history: the run's heap size and fragmentation, the step shown marked.
    const history = heap.getByRole("region", { name: "The metrics over the run" });
    assert.match(await history.locator("#heap-history-size").textContent(), /Heap size and live bytes over time/);
    const stepShown = (await position(page)).step;
    assert.equal(
      await history.locator("#heap-history-size .current-step text").textContent(),
      `step ${stepShown}`,
    );
    await screenshot(page, "view-heap-free");

    await toEnd(page);
    assert.equal(await heap.locator("tr.block-row.allocated").count(), 1, "c is never freed");
    await showView(page, "Problems");
    const leaks = page.getByRole("region", { name: "Leaks" });
    assert.match(await leaks.textContent(), /definitely lost\s*16 B in 1 blocks/);
    assert.match(await leaks.textContent(), /allocated in main \(line 6\)/);
    await screenshot(page, "view-leaks");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a heap of more blocks than a page of the table shows them all, a page at a time", async () => {
  // 120 blocks never freed, and the heap's free rest: the table lists 50 at a time.
  const program = lines(
    "#include <stdlib.h>",
    "",
    "int main(void) {",
    "    for (int i = 0; i < 120; i++) {",
    "        char *p = malloc(24);",
    "        p[0] = (char)i;",
    "    }",
    "    return 0;",
    "}",
  );
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await run(page);
    await toEnd(page);
    await showView(page, "Heap");
    const heap = page.getByRole("region", { name: "Heap" });
    const total = Number(/(\d+) blocks/.exec(await heap.locator("p").first().textContent())[1]);
    assert.ok(total > 120, `${total} blocks`);
    const pager = heap.getByRole("navigation", { name: "Pages of blocks" });
    const shown = () => pager.getByRole("status").textContent();
    assert.equal(await shown(), `Showing blocks 1–50 of ${total}`);
    assert.equal(await heap.locator("tr.block-row").count(), 50);
    const seen = new Set();
    const collect = async () => {
      for (const address of await heap.locator("tr.block-row td:first-child").allTextContents()) seen.add(address);
    };
    await collect();
    assert.equal(await pager.getByRole("button", { name: "Previous 50" }).isDisabled(), true);
    // Next, page by page, to the last: every block is listed once, in address order.
    while (!(await pager.getByRole("button", { name: "Last" }).isDisabled())) {
      await pager.getByRole("button", { name: /^Next \d+$/ }).click();
      await collect();
    }
    assert.equal(await shown(), `Showing blocks ${Math.floor((total - 1) / 50) * 50 + 1}–${total} of ${total}`);
    assert.equal(seen.size, total);
    const addresses = [...seen].map((a) => Number.parseInt(a, 16));
    assert.deepEqual(addresses, [...addresses].sort((a, b) => a - b));
    // Back at the start the heap is empty: no rows, and no pages to turn.
    await page.getByRole("button", { name: "To start", exact: true }).click();
    await position(page);
    assert.equal(await heap.locator("tr.block-row").count(), 0);
    assert.equal(await pager.count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("more pages than frames: faults, a victim and a swap-out", async () => {
  // 4,100 pages of bss swept twice through 4,096 frames: the second sweep swaps.
  const program = lines(
    "char big[4100 * 4096];",
    "",
    "int main(void) {",
    "    int sum = 0;",
    "    for (int round = 0; round < 2; round++)",
    "        for (int i = 0; i < 4100 * 4096; i += 4096)",
    "            sum += big[i]++;",
    "    return sum % 256;",
    "}",
  );
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await run(page);
    await showView(page, "Paging");
    await nextEvent(page, "swap");
    const sequence = page.getByRole("region", { name: "What paging did in this step" });
    const text = await sequence.textContent();
    assert.match(text, /page fault on page \d+/);
    assert.match(text, /victim, page \d+, leaves frame \d+ \(it was dirty/);
    assert.match(text, /page \d+ is written to swap slot \d+/);
    const counters = await page.locator(".paging-view .counters").textContent();
    assert.match(counters, /swap outs \/ ins\s*[1-9]\d* \//);
    // The page table as x86 walks it: directory entries, each holding its table's entries.
    const table = page.getByRole("region", { name: "Page table" });
    assert.match(await table.locator("h3").textContent(), /2 levels indexed by 10 \+ 10 bits/);
    const directory = table.locator("ul.level-0 > li > details > summary");
    assert.ok((await directory.count()) >= 3, "text, the heap's array and the stack sit under different entries");
    assert.match(await directory.first().textContent(), /page directory entry \d+: pages \d+–\d+ \(0x[0-9a-f]{8}–0x[0-9a-f]{8}\), \d+ in use/);
    const leaf = table.locator("ul.level-0 > li").first().locator("table.page-table");
    assert.match(await leaf.locator("caption").textContent(), /\d+ entries mapping pages/);
    assert.ok((await leaf.locator("tbody tr").count()) >= 1);
    await screenshot(page, "view-paging-swap");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

/** Opens the app on `program` with `allocator` chosen in the stored settings. */
async function openWithAllocator(program, allocator) {
  const opened = await openApp(undefined, { program });
  await opened.page.evaluate(
    (name) => localStorage.setItem("memplay.settings.v1", JSON.stringify({ allocator: name })),
    allocator,
  );
  await opened.page.reload();
  await opened.page.locator(".cm-content").waitFor();
  return opened;
}

test("the buddy system's tree and the small-object pools are drawn as they stand", async () => {
  const program = lines(
    "#include <stdlib.h>",
    "",
    "int main(void) {",
    "    char *a = malloc(100);",
    "    char *b = malloc(20);",
    "    char *c = malloc(20);",
    "    free(b);",
    "    free(a);",
    "    free(c);",
    "    return 0;",
    "}",
  );
  for (const allocator of ["buddy", "small-object"]) {
    const { page, problems, close } = await openWithAllocator(program, allocator);
    try {
      await run(page);
      await showView(page, "Heap");
      const structures = page.getByRole("region", { name: "Allocator structures" });
      for (let i = 0; i < 3; i++) await nextEvent(page, "malloc");
      if (allocator === "buddy") {
        const tree = structures.getByRole("region", { name: "Buddy tree" });
        const diagram = tree.getByRole("img");
        assert.match(await diagram.getAttribute("aria-label"), /\d+ blocks of the buddy system/);
        assert.ok((await diagram.locator("g.buddy-allocated").count()) >= 3, "three allocated blocks");
        assert.ok((await diagram.locator("g.buddy-split").count()) >= 1, "split to fit them");
        // The nested list: a split block holds its two halves.
        await tree.locator("summary").click();
        const split = tree.locator("ul.buddy-tree li", { hasText: "split in two" }).first();
        assert.equal(await split.locator(":scope > ul > li").count(), 2);
        assert.match(await tree.locator("ul.buddy-tree").textContent(), /128 B at 0x[0-9a-f]{8}: allocated/);
      } else {
        const pools = structures.getByRole("region", { name: "Small-object pools" });
        const page20 = pools.locator(".pool", { hasText: "24-byte chunks" });
        assert.match(await page20.locator("li").first().textContent(), /page at 0x[0-9a-f]{8}: \d+ of \d+ chunks free; the next malloc gets 0x/);
        assert.equal(await page20.locator(".chunk-used").count(), 2, "b and c in use");
        assert.equal(await page20.locator(".chunk-next").count(), 1);
      }
      await screenshot(page, `view-heap-${allocator}`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test("the cache: a miss fills a line, a later read of it hits, each said in words", async () => {
  const program = lines(
    "int a[64];",
    "int main(void) {",
    "    int s = 0;",
    "    for (int i = 0; i < 64; i++) s += a[i];",
    "    for (int i = 0; i < 64; i++) s += a[i];",
    "    return s;",
    "}",
  );
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await run(page);
    await showView(page, "Cache");
    const cache = page.getByRole("region", { name: "Cache" });
    const said = cache.locator(".cache-this-step");
    // Step until a step fills a line on a miss, then until one hits a line already there.
    await panelFocus(page);
    const seen = { filled: false, hit: false };
    for (let i = 0; i < 200 && !(seen.filled && seen.hit); i++) {
      await page.keyboard.press("ArrowRight");
      const text = await said.textContent();
      if (/[1-9]\d* lines? filled on a miss/.test(text) && !seen.filled) {
        seen.filled = true;
        const cell = cache.locator("td.filled").first();
        assert.match(await cell.textContent(), /^tag 0x[0-9a-f]+ 0x[0-9a-f]{8}.*miss: filled this step/);
        assert.match(await cell.getAttribute("class"), /flash-(even|odd)/);
        await screenshot(page, "view-cache-miss");
      }
      if (seen.filled && /[1-9]\d* lines? hit/.test(text)) {
        seen.hit = true;
        assert.match(await cache.locator("td.hit").first().textContent(), /hit this step/);
        await screenshot(page, "view-cache-hit");
      }
    }
    assert.deepEqual(seen, { filled: true, hit: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("two threads, two stacks", async () => {
  const program = lines(
    "#include <pthread.h>",
    "#include <stdio.h>",
    "",
    "void *work(void *arg) {",
    "    int twice = *(int *)arg * 2;",
    '    printf("%d\\n", twice);',
    "    return 0;",
    "}",
    "",
    "int main(void) {",
    "    pthread_t thread;",
    "    int x = 21;",
    "    pthread_create(&thread, 0, work, &x);",
    "    pthread_join(thread, 0);",
    "    return 0;",
    "}",
  );
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await run(page);
    await showView(page, "Stack");
    const stack = page.getByRole("region", { name: "Call stack" });
    // Step until the new thread runs work, with a frame on its own stack.
    await panelFocus(page);
    let columns = 0;
    for (let i = 0; i < 60 && columns < 2; i++) {
      await page.keyboard.press("ArrowRight");
      const second = stack.locator("section.thread").nth(1);
      if ((await second.count()) > 0 && (await second.locator(".frame").count()) > 0) columns = 2;
    }
    assert.equal(columns, 2);
    const ranges = await stack.locator(".stack-usage").allTextContents();
    const lows = ranges.map((text) => /Stack (0x[0-9a-f]+)/.exec(text)[1]);
    assert.notEqual(lows[0], lows[1], "each thread has its own stack");
    assert.match(await stack.locator("section.thread").nth(1).textContent(), /work/);
    await screenshot(page, "view-two-threads");
    await toEnd(page);
    await showView(page, "Console");
    assert.equal(await page.locator(".console-output").textContent(), "42\n");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("stepping back restores an earlier view exactly", async () => {
  const program = lines(
    "#include <stdlib.h>",
    "",
    "int fill(int *cells, int n) {",
    "    for (int i = 0; i < n; i++) cells[i] = i * i;",
    "    return cells[n - 1];",
    "}",
    "",
    "int main(void) {",
    "    int *cells = malloc(8 * sizeof(int));",
    "    int last = fill(cells, 8);",
    "    free(cells);",
    "    return last;",
    "}",
  );
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await run(page);
    await nextEvent(page, "call");
    const panel = page.getByRole("tabpanel");
    const at = (await position(page)).step;
    const views = {};
    for (const name of ["Stack", "Heap", "Paging", "Cache"]) {
      await showView(page, name);
      views[name] = await panel.innerHTML();
    }
    await panelFocus(page);
    for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
    assert.equal((await position(page)).step, at + 7);
    assert.notEqual(await panel.innerHTML(), views.Cache, "the later step looks different");
    for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowLeft");
    assert.equal((await position(page)).step, at);
    for (const name of ["Stack", "Heap", "Paging", "Cache"]) {
      await showView(page, name);
      assert.equal(await panel.innerHTML(), views[name], `${name} at step ${at}`);
    }
    await screenshot(page, "view-step-back");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the memory inspector shows a page in hex with what lies there", async () => {
  const program = lines(
    "int table[4] = {1, 2, 3, 258};",
    "",
    "int main(void) {",
    "    return table[3] - 258;",
    "}",
  );
  const { page, problems, close } = await openApp(undefined, { program });
  try {
    await run(page);
    // The global is on the stack view's Globals list, with its address.
    const globals = page.getByRole("region", { name: "Globals" });
    const address = (await globals.locator("tr.slot td.address").first().textContent()).trim();
    assert.match(await globals.textContent(), /table\s*int \[4\]\s*\{1, 2, 3, 258\}/);

    await showView(page, "Memory map");
    await page.getByRole("textbox", { name: /Inspect the page at address/ }).fill("not an address");
    await page.getByRole("button", { name: "Inspect", exact: true }).click();
    assert.match(await page.locator("#inspect-error").textContent(), /is not an address/);
    await page.getByRole("textbox", { name: /Inspect the page at address/ }).fill(address);
    await page.getByRole("button", { name: "Inspect", exact: true }).click();
    const inspector = page.getByRole("region", { name: "Memory inspector" });
    await inspector.waitFor();
    assert.match(await inspector.locator("caption").textContent(), /4096 bytes from 0x[0-9a-f]+, data region/);
    const row = inspector.locator("tr", { has: page.locator("td.row-labels", { hasText: "table" }) });
    const hex = (await row.locator("td.byte").allTextContents()).join(" ");
    assert.match(hex, /01 00 00 00 02 00 00 00 03 00 00 00 02 01 00 00/);
    await screenshot(page, "view-memory-inspector");

    // Kernel space is there but not mapped.
    await page.getByRole("button", { name: "Inspect the first page of kernel" }).click();
    assert.match(await inspector.textContent(), /not mapped/);
    await inspector.getByRole("button", { name: "Close" }).click();
    await inspector.waitFor({ state: "detached" });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
