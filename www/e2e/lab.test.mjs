// End-to-end: the lab page (lab.html) against published worked examples. The paging lab
// must give OSTEP chapter 22's answers (the reference string 0,1,2,0,1,3,0,3,1,2,1 with 3
// frames: OPT and LRU 6 hits and 5 misses, FIFO 4 hits and 7 misses) and Belady's anomaly
// (FIFO on 1,2,3,4,1,2,5,1,2,3,4,5 misses 9 times with 3 frames, 10 with 4); the allocator
// lab chapter 17's malloc.py homework, questions 1 to 3 (the same operations under BEST,
// WORST and FIRST). Bad input shows its message; the address keeps the inputs. Run by
// `cargo xtask test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VIEWPORTS, openPage, screenshot, serveDist } from "./support.mjs";

serveDist();

function paging(page) {
  return page.getByRole("region", { name: "Paging lab" });
}

function allocator(page) {
  return page.getByRole("region", { name: "Allocator lab" });
}

/** Types into a labelled field and commits it with Enter, as a learner would. */
async function enter(region, label, value) {
  const field = region.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press("Enter");
}

/** Ticks exactly the named policies of a lab's check-box group. */
async function choosePolicies(region, group, names) {
  const boxes = region.getByRole("group", { name: group }).getByRole("checkbox");
  for (const box of await boxes.all()) {
    const name = (await box.evaluate((el) => el.labels[0].textContent)).trim();
    await box.setChecked(names.includes(name));
  }
}

/** Each policy's totals from the paging lab's Totals table: { FIFO: { hits, misses, rate } }. */
async function pagingTotals(region) {
  const rows = region.locator("#paging-totals tbody tr");
  await rows.first().waitFor();
  const totals = {};
  for (const row of await rows.all()) {
    const cells = await row.locator("th, td").allTextContents();
    totals[cells[0]] = { hits: Number(cells[1]), misses: Number(cells[2]), rate: cells[3] };
  }
  return totals;
}

/** One policy's column of the per-reference table: "hit", "miss (replaced 0)"... */
async function resultsOf(region, table, policy) {
  return region.locator(`#${table} td.result[data-policy="${policy}"]`).allTextContents();
}

test("OSTEP chapter 22: OPT, FIFO and LRU side by side on 0,1,2,0,1,3,0,3,1,2,1 with 3 frames", async () => {
  const { page, problems, close } = await openPage("lab.html");
  try {
    const lab = paging(page);
    await enter(lab, "Reference string (-a)", "0,1,2,0,1,3,0,3,1,2,1");
    await enter(lab, "Frames (-C)", "3");
    await choosePolicies(lab, "Policies compared (-p)", ["FIFO", "LRU", "OPT"]);
    await lab.locator("#paging-totals tbody tr").nth(2).waitFor();
    const totals = await pagingTotals(lab);
    assert.deepEqual(Object.keys(totals), ["FIFO", "LRU", "OPT"]);
    assert.deepEqual([totals.OPT.hits, totals.OPT.misses], [6, 5]);
    assert.deepEqual([totals.FIFO.hits, totals.FIFO.misses], [4, 7]);
    assert.deepEqual([totals.LRU.hits, totals.LRU.misses], [6, 5]);
    assert.equal(totals.FIFO.rate, "36.36%");
    // Figure 22.2 (FIFO), reference by reference, and Figure 22.1 (OPT): on the first 3,
    // FIFO replaces 0 (first in), OPT replaces 2 (used furthest in the future).
    assert.deepEqual(await resultsOf(lab, "paging-table", "FIFO"), [
      "miss", "miss", "miss", "hit", "hit", "miss (replaced 0)", "miss (replaced 1)", "hit",
      "miss (replaced 2)", "miss (replaced 3)", "hit",
    ]);
    const opt = await resultsOf(lab, "paging-table", "OPT");
    assert.equal(opt[5], "miss (replaced 2)");
    assert.equal(opt.filter((r) => r === "hit").length, 6);
    await lab.getByRole("region", { name: /OSTEP paging-policy\.py rules/ }).waitFor();
    await screenshot(page, "lab-paging");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("Belady's anomaly: FIFO on 1,2,3,4,1,2,5,1,2,3,4,5 misses 9 times with 3 frames, 10 with 4", async () => {
  const { page, problems, close } = await openPage("lab.html#paging");
  try {
    const lab = paging(page);
    await enter(lab, "Reference string (-a)", "1,2,3,4,1,2,5,1,2,3,4,5");
    await choosePolicies(lab, "Policies compared (-p)", ["FIFO", "LRU"]);
    await enter(lab, "Frames (-C)", "3");
    await lab.locator("#paging-totals tbody tr").nth(1).waitFor();
    assert.equal((await pagingTotals(lab)).FIFO.misses, 9);
    await enter(lab, "Frames (-C)", "4");
    await lab.locator('#paging-totals tr[data-policy="FIFO"] td.misses', { hasText: /^10$/ }).waitFor();
    // Belady's curve, as a table and a chart, covers both counts at once.
    const curve = lab.getByRole("table", { name: "Misses by number of frames" });
    const fifoAt = (frames) =>
      curve.locator(`tr[data-frames="${frames}"] td[data-policy="FIFO"]`).textContent();
    assert.match(await fifoAt(3), /^9$/);
    assert.match(await fifoAt(4), /^10 \(anomaly: more than with one frame fewer\)$/);
    const chart = lab.getByRole("img", { name: /Belady's curve/ });
    const description = await chart.locator("desc").textContent();
    assert.match(description, /FIFO: 12, 12, 9, 10, 5, 5\. Belady's anomaly: more misses with 4 frames/);
    assert.match(description, /LRU: 12, 12, 10, 8, 5, 5\.$/);
    assert.equal(await chart.locator(".series[data-series=FIFO] circle.highlight").count(), 1);
    assert.equal(await chart.locator(".series[data-series=LRU] circle.highlight").count(), 0);
    await screenshot(page, "lab-belady");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

// OSTEP chapter 17's homework: question 1 runs `malloc.py -n 10 -H 0 -p BEST -s 0`, whose
// operations are Alloc(3), Free(ptr[0]), Alloc(5), Free(ptr[1]), Alloc(8), Free(ptr[2]),
// Alloc(8), Free(ptr[3]), Alloc(2), Alloc(7); questions 2 and 3 ask the same of WORST and
// FIRST. Here they are typed as -A takes them.
const Q1_OPS = "+3,-0,+5,-1,+8,-2,+8,-3,+2,+7";

test("OSTEP chapter 17's malloc.py homework: BEST, WORST and FIRST side by side", async () => {
  const { page, problems, close } = await openPage("lab.html");
  try {
    const lab = allocator(page);
    await lab.getByLabel("Rules", { exact: true }).selectOption("ostep");
    await enter(lab, "Operations (-A)", Q1_OPS);
    await choosePolicies(lab, "Policies compared (-p)", ["BEST", "WORST", "FIRST"]);
    const rows = lab.locator("#heap-table tbody tr");
    await rows.nth(9).waitFor();
    const column = (policy) => resultsOf(lab, "heap-table", policy);
    const freeLists = async (policy) => {
      const lists = [];
      for (const row of await rows.all()) {
        const cells = row.locator("td");
        const index = await row.locator("td.result").evaluateAll(
          (tds, p) => tds.findIndex((td) => td.dataset.policy === p), policy);
        lists.push(await cells.nth(1 + index * 3 + 2).textContent());
      }
      return lists;
    };
    // The published answer to question 1 (BEST, as malloc.py -c prints it).
    const best = await column("BEST");
    assert.deepEqual(best.slice(0, 8), [
      "ptr[0] = 1000", "returned 0", "ptr[1] = 1003", "returned 0",
      "ptr[2] = 1008", "returned 0", "ptr[3] = 1008", "returned 0",
    ]);
    const bestLists = await freeLists("BEST");
    assert.equal(bestLists[0], "[addr:1003 sz:97]");
    assert.equal(bestLists[1], "[addr:1000 sz:3] [addr:1003 sz:97]");
    assert.equal(bestLists[5], "[addr:1000 sz:3] [addr:1003 sz:5] [addr:1008 sz:8] [addr:1016 sz:84]");
    // The rest, and WORST and FIRST, as `memplay heap --compat ostep` prints them (that
    // command is tested against malloc.py's own output).
    assert.deepEqual(best.slice(8), ["ptr[4] = 1000", "ptr[5] = 1008"]);
    assert.equal(bestLists[9], "[addr:1002 sz:1] [addr:1003 sz:5] [addr:1015 sz:1] [addr:1016 sz:84]");
    assert.deepEqual(await column("WORST"), [
      "ptr[0] = 1000", "returned 0", "ptr[1] = 1003", "returned 0",
      "ptr[2] = 1008", "returned 0", "ptr[3] = 1016", "returned 0",
      "ptr[4] = 1024", "ptr[5] = 1026",
    ]);
    assert.deepEqual(await column("FIRST"), [
      "ptr[0] = 1000", "returned 0", "ptr[1] = 1003", "returned 0",
      "ptr[2] = 1008", "returned 0", "ptr[3] = 1008", "returned 0",
      "ptr[4] = 1000", "ptr[5] = 1008",
    ]);
    // Elements searched: BEST and WORST look at the whole list, FIRST stops at the fit.
    const totals = lab.getByRole("table", { name: "Totals" });
    const searched = async (policy) =>
      Number(await totals.locator(`tr[data-policy="${policy}"] td`).nth(1).textContent());
    assert.ok((await searched("FIRST")) < (await searched("BEST")));
    await screenshot(page, "lab-allocator");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a bad operation list or reference string shows what is wrong, and nothing breaks", async () => {
  const { page, problems, close } = await openPage("lab.html");
  try {
    const lab = allocator(page);
    await enter(lab, "Operations (-A)", "+20,x,-0");
    const alert = lab.getByRole("alert");
    await alert.waitFor();
    assert.equal(
      (await alert.textContent()).trim(),
      "Cannot compare: ops: operation 2 `x`: expected +SIZE or -HANDLE",
    );
    const ops = lab.getByLabel("Operations (-A)", { exact: true });
    assert.equal(await ops.getAttribute("aria-invalid"), "true");
    assert.match(await ops.getAttribute("aria-describedby"), /heap-error/);
    assert.equal(await lab.locator("#heap-table").count(), 0);
    await enter(lab, "Operations (-A)", "+20,-1");
    await lab.getByRole("alert", { hasText: "ptr[1] is not allocated by an earlier operation" }).waitFor();
    await enter(lab, "Heap size (-S)", "-5");
    await lab.getByRole("alert", { hasText: /^Cannot compare: size:/ }).waitFor();
    await enter(lab, "Heap size (-S)", "100");
    await enter(lab, "Operations (-A)", "+20,-0");
    await lab.locator("#heap-table").waitFor();
    assert.equal(await lab.getByRole("alert").count(), 0);

    const pages = paging(page);
    await enter(pages, "Reference string (-a)", "1,2,three");
    await pages.getByRole("alert", { hasText: "refs: item 3 `three`" }).waitFor();
    await enter(pages, "Reference string (-a)", "1,2,3");
    await enter(pages, "Belady's curve over frames", "0..4");
    await pages.getByRole("alert", { hasText: /^Cannot compare: sweep:/ }).waitFor();
    // The table stays: a bad range hides only the curve.
    assert.equal(await pages.locator("#paging-table").count(), 1);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the address holds the inputs: a copied link and a reload open the same exercise", async () => {
  const author = await openPage("lab.html");
  let link;
  try {
    const { page } = author;
    const lab = allocator(page);
    await enter(lab, "Operations (-A)", "+10,+20,-0,+5");
    await enter(lab, "Header size (-H)", "4");
    await lab.getByLabel("Coalesce free chunks (-C)").check();
    await choosePolicies(lab, "Policies compared (-p)", ["WORST", "FIRST"]);
    const pages = paging(page);
    await enter(pages, "Reference string (-a)", "1,2,3,4,1,2,5,1,2,3,4,5");
    await enter(pages, "Frames (-C)", "4");
    await page.waitForFunction(() => location.search.includes("paging.frames=4"));
    link = page.url();
    assert.match(link, /lab\.html\?heap\.ops=\+10,\+20,-0,\+5&heap\.header=4&heap\.coalesce=1&heap\.policies=worst,first&paging\.refs=1,2,3,4,1,2,5,1,2,3,4,5&paging\.frames=4$/);
    const before = await page.locator("main").textContent();
    await page.reload();
    await allocator(page).locator("#heap-table").waitFor();
    assert.equal(await page.locator("main").textContent(), before);
    assert.deepEqual(author.problems, []);
  } finally {
    await author.close();
  }
  const visitor = await openPage(link.slice(link.indexOf("lab.html")));
  try {
    const { page } = visitor;
    const lab = allocator(page);
    await lab.locator("#heap-table").waitFor();
    assert.equal(await lab.getByLabel("Operations (-A)", { exact: true }).inputValue(), "+10,+20,-0,+5");
    assert.equal(await lab.getByLabel("Header size (-H)", { exact: true }).inputValue(), "4");
    assert.ok(await lab.getByLabel("Coalesce free chunks (-C)").isChecked());
    assert.deepEqual(await lab.locator('#heap-table th[scope="colgroup"]').allTextContents(), ["WORST", "FIRST"]);
    const pages = paging(page);
    assert.equal((await pagingTotals(pages)).FIFO.misses, 10);
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.close();
  }
  // A hand-written link with a mistake says so and opens the rest.
  const typo = await openPage("lab.html?paging.policies=fifo,belady&paging.frames=3");
  try {
    const { page } = typo;
    await page.getByRole("status").filter({ hasText: "`belady`" }).waitFor();
    assert.deepEqual(Object.keys(await pagingTotals(paging(page))), ["FIFO"]);
    await page.getByRole("button", { name: "Dismiss" }).click();
    assert.equal(await page.getByRole("status").count(), 0);
  } finally {
    await typo.close();
  }
});

test("memplay's own allocators and policies, by keyboard, on a phone", async () => {
  const { page, problems, close } = await openPage("lab.html", VIEWPORTS[1]);
  try {
    const lab = allocator(page);
    // Tab to the rules menu and choose memplay's allocators with the keyboard.
    await lab.getByLabel("Rules", { exact: true }).focus();
    await lab.getByLabel("Rules", { exact: true }).selectOption("memplay");
    await lab.getByLabel("Operations (-A)", { exact: true }).focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("+16,+32@1,-0,-0");
    await page.keyboard.press("Enter");
    await lab.locator('#heap-table th[scope="colgroup"]', { hasText: "first-fit" }).waitFor();
    const first = await resultsOf(lab, "heap-table", "first-fit");
    assert.match(first[0], /^ptr\[0\] = 0x1000/);
    assert.match(first[3], /^refused: /, "a double free is refused and says why");
    const pages = paging(page);
    await pages.getByLabel("Rules", { exact: true }).selectOption("memplay");
    await enter(pages, "Reference string (-a)", "7,0,1,2,0,3,0,4");
    await choosePolicies(pages, "Policies compared", ["LRU"]);
    const totals = await pagingTotals(pages);
    assert.deepEqual([totals.LRU.hits, totals.LRU.misses], [2, 6]);
    // Wide tables scroll inside their region; the page itself does not scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await screenshot(page, "lab-phone");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
