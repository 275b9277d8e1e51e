// Problem analytics in the real app: the heat map renders from demo data and
// agrees with `mcu heatmap`; a cell opens the journal with the same number of
// appeals; the map shows the settlements and lists those without coordinates;
// growth and dynamics render; a chart is saved as PNG.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startApp, mcu, Key } from "./harness.mjs";

let app;
before(async () => {
  app = await startApp({ demo: 600 });
  await app.login("Аналитик А.А.");
});
after(async () => { await app?.stop("analytics-last"); });

/** "1 234" → 1234 */
const int = (s) => Number(String(s).replace(/\D/g, ""));

test("the heat map renders with demo data and matches the command line", async () => {
  await app.keys(Key.F6);
  await app.visible("[data-testid=heatmap] svg");
  await app.select("[data-testid=heatmap-rows]", "theme");
  await app.waitText("[data-testid=heatmap] svg", /Социально значимая тема/);
  const csv = mcu(app.db, "heatmap", "--rows", "theme", "--cols", "settlement").trim().split("\n");
  const total = Number(csv.at(-1).split(",").at(-1));
  assert.ok(total >= 600, `total ${total}`);
  await app.waitText("[data-testid=heatmap-total]", new RegExp(`Вопросов за период: ${total}\\.`));
  // Every non-empty cell has a target with its exact figure.
  const svg = await app.text("[data-testid=heatmap] svg");
  assert.match(svg, /ЖКХ/);
  assert.match(svg, /Пестравка/);
  await app.screenshot("analytics-heatmap");
});

test("a heat map cell opens the journal with the same count", async () => {
  // The busiest cell: ЖКХ (first row) in Пестравка.
  const csv = mcu(app.db, "heatmap", "--rows", "theme", "--cols", "settlement").trim().split("\n");
  const header = csv[0].split(",");
  const row = csv[1].split(",");
  const col = header.indexOf("Пестравка");
  const expected = Number(row[col]);
  assert.ok(expected > 0);
  const cell = `[data-testid=heatmap-cell-0-${col - 1}]`;
  await app.fresh(async () => {
    const target = await app.reveal(cell);
    assert.match(await target.getAttribute("aria-label"), new RegExp(`${row[0]} × Пестравка\\nВопросов: ${expected}`));
    await target.click();
  });
  await app.visible("[data-testid=journal]");
  await app.waitText("[data-testid=journal-total]", new RegExp(`из ${expected.toLocaleString("ru-RU")}$`));
  const settlement = await app.$("select[name=settlement]");
  assert.notEqual(await settlement.getAttribute("value"), "");
  await app.keys(Key.F6);
  await app.visible("[data-testid=heatmap] svg");
});

test("per 1,000 residents names the settlements with no population", async () => {
  await app.click("[data-testid=per-1000]");
  await app.waitText("[data-testid=missing-population]", /Майское/);
  await app.waitText("[data-testid=heatmap] svg", /на 1000 жителей/);
  await app.click("[data-testid=per-1000]");
  await app.gone("[data-testid=missing-population]");
});

test("the map shows the settlements and lists those without coordinates", async () => {
  await app.click("[data-testid=tab-map]");
  await app.visible("[data-testid=map] svg");
  const svg = await app.text("[data-testid=map] svg");
  for (const name of ["Пестравка", "Мосты", "Михайло-Овсянка", "Падовка", "Марьевка"]) assert.match(svg, new RegExp(name));
  await app.waitText("[data-testid=without-coords]", /Высокое, Красная Поляна, Майское/);
  const rows = await app.$$("[data-testid=map-table] tbody tr");
  assert.equal(rows.length, 8);
  await app.screenshot("analytics-map");
});

test("growth and dynamics render; a chart is saved as PNG", async () => {
  await app.chord(Key.ALT, "3");
  await app.type("[data-testid=trends-week]", "2026-W47");
  await app.keys(Key.ENTER);
  await app.waitText("[data-testid=trends-summary]", /Неделя 2026-W47/);
  const cli = JSON.parse(mcu(app.db, "trends", "--week", "2026-W47", "--format", "json"));
  assert.match(await app.text("[data-testid=trends-summary]"), new RegExp(`точек роста — ${cli.points.length}`));
  await app.type("[data-testid=trends-week]", "неделя 47");
  await app.keys(Key.ENTER);
  await app.waitText("form.week .error", /Неделя в виде 2026-W47/);

  await app.chord(Key.ALT, "4");
  await app.visible("[data-testid=dynamics] svg");
  await app.waitText("[data-testid=dynamics] svg", /Динамика обращений по каналам/);
  await app.click("[data-testid=dynamics-save-png]");
  await app.waitText("[data-testid=notice]", /Сохранено: .*Динамика_.*\.png/);
  const files = readdirSync(app.exportDir).filter((f) => f.endsWith(".png"));
  assert.equal(files.length, 1);
  const png = readFileSync(join(app.exportDir, files[0]));
  assert.equal(png.subarray(1, 4).toString(), "PNG");
});
