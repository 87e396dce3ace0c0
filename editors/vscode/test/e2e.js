// End-to-end test in a real VS Code (code-server) driven by headless Chromium:
//   node e2e.js PORT WORKSPACE FILE OUT_DIR
// 1. opens FILE and waits for the copydesk diagnostic in the Problems panel;
// 2. hovers over the squiggle and checks that the card names a source file;
// 3. applies the preferred quick fix, saves, and checks the file on disk.
// Screenshots of each step land in OUT_DIR. Exits non-zero on the first failure.
const { chromium } = require(`${process.env.ROOT || "/tmp/vscode-e2e"}/tools/node_modules/playwright-core`);
const fs = require("fs");
const path = require("path");

const [port, ws, file, outDir] = process.argv.slice(2);
const EXPECT_PROBLEM = 'did you mean "Okafor"';
const EXPECT_SOURCE = "2024-03-06-pier-fire.md";
const EXPECT_FIXED = "Fire Chief Dana Okafor said";

let page;
function step(name) {
  console.log(`[e2e] ${name}`);
}

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const udd = fs.mkdtempSync(path.join(process.env.ROOT || "/tmp/vscode-e2e", "chrome-"));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1400, height: 900 },
  });
  page = ctx.pages()[0] || (await ctx.newPage());
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60000 });
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: file }).first().click();
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30000 });

  step("waiting for the diagnostic");
  const squiggle = page.locator(".monaco-editor .squiggly-warning").first();
  await squiggle.waitFor({ timeout: 90000 });
  await page.keyboard.press("Control+Shift+M");
  const row = page.locator(".markers-panel .monaco-list-row", { hasText: EXPECT_PROBLEM });
  await row.first().waitFor({ timeout: 30000 });
  console.log("problems row:", (await row.first().innerText()).replace(/\s+/g, " "));
  await page.screenshot({ path: path.join(outDir, "1-diagnostic.png") });

  step("hovering over the flagged name");
  // Opening the problems panel re-lays out the editor: the squiggle may be
  // re-created, so wait until it has a box again (the locator re-queries).
  await squiggle.waitFor({ state: "visible", timeout: 30000 });
  let box = await squiggle.boundingBox();
  for (let i = 0; !box && i < 100; i++) {
    await page.waitForTimeout(200);
    box = await squiggle.boundingBox();
  }
  if (!box) throw new Error("the flagged name has no box on the page");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator(".monaco-hover", { hasText: EXPECT_SOURCE });
  await hover.first().waitFor({ state: "visible", timeout: 30000 });
  console.log("hover:", (await hover.first().innerText()).replace(/\s+/g, " ").slice(0, 300));
  await page.screenshot({ path: path.join(outDir, "2-hover.png") });

  step("applying the quick fix");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(5, 5); // let the hover card go so it does not cover the menu
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+.");
  const action = page.locator(".action-widget", { hasText: "Replace with 'Okafor'" });
  await action.first().waitFor({ state: "visible", timeout: 30000 });
  // The preferred fix is listed first and focused.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+S");
  const onDisk = path.join(ws, file);
  const deadline = Date.now() + 15000;
  while (!fs.readFileSync(onDisk, "utf8").includes(EXPECT_FIXED)) {
    if (Date.now() > deadline) {
      throw new Error(`quick fix not applied: ${fs.readFileSync(onDisk, "utf8")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await page.screenshot({ path: path.join(outDir, "3-fixed.png") });
  console.log("OK: diagnostic, hover with source, quick fix");
  await ctx.close();
  fs.rmSync(udd, { recursive: true, force: true });
})().catch(async (e) => {
  console.error("FAIL", e.message.split("\n")[0]);
  if (page) await page.screenshot({ path: path.join(outDir, "fail.png") }).catch(() => {});
  process.exit(1);
});
