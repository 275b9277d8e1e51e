// The rating of responsible recipients in the real app: the same places and
// scores as `mcu rating`, a count opens the journal with exactly those
// appeals, blocks instead of persons, and the weights: refused at the fields,
// then saved and applied.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, mcu, Key } from "./harness.mjs";

let app;
before(async () => {
  app = await startApp({ demo: 600 });
  await app.login("Куратор К.К.");
});
after(async () => { await app?.stop("rating-last"); });

const cell = (n) => `[data-testid=rating-row]:first-child td:nth-child(${n})`;
// As the window prints a figure (reports/fmt.ts).
const ru = (v) => v.toLocaleString("ru-RU", { minimumFractionDigits: 0, maximumFractionDigits: 1 });
const exactly = (s) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

test("the rating shows the places of `mcu rating`; a count opens the journal", async () => {
  await app.keys(Key.F6);
  await app.chord(Key.ALT, "6");
  await app.visible("[data-testid=rating-table]");
  await app.waitValue("input[name=from]", /^01\.10\.2026$/);
  const want = JSON.parse(mcu(app.db, "rating", "--by", "person", "--from", "2026-10-01", "--format", "json"));
  const first = want.rows[0];
  assert.equal(first.place, 1);
  await app.waitText(cell(2), exactly(first.name));
  assert.equal(await app.text(cell(1)), "1");
  assert.equal(await app.text(cell(9)), ru(first.score));
  assert.equal(await app.text(cell(5)), ru(first.timeliness_percent));
  // Every row of the window, in the same order.
  assert.deepEqual(await app.texts("[data-testid=rating-row] td:nth-child(2)"), want.rows.map((r) => r.name));
  await app.waitText("[data-testid=rating-method]", /Официальной методики нет/);
  await app.screenshot("analytics-rating");

  await app.click(`${cell(3)} [data-testid=rating-registered]`);
  await app.visible("[data-testid=journal]");
  await app.waitText("[data-testid=journal-total]", new RegExp(`из ${first.registered.toLocaleString("ru-RU")}$`));
  // Back in analytics the rating is where it was.
  await app.keys(Key.F6);
  await app.visible("[data-testid=rating-table]");
  await app.waitText(cell(2), exactly(first.name));
});

test("blocks instead of persons; weights refused at the fields, then applied", async () => {
  await app.select("select[name=by]", "block");
  const blocks = JSON.parse(mcu(app.db, "rating", "--by", "block", "--from", "2026-10-01", "--format", "json"));
  await app.waitText(cell(2), exactly(blocks.rows[0].name));
  await app.waitText("[data-testid=rating-table] th:nth-child(2)", /Отраслевой блок/);

  await app.type("input[name=timeliness_weight]", "150");
  await app.type("input[name=measures_weight]", "0");
  await app.type("input[name=satisfaction_weight]", "0");
  await app.type("input[name=min_base]", "0");
  await app.click("[data-testid=rating-save-weights]");
  await app.waitText("[data-testid=rating-weights] .error", /Вес — от 0 до 100/);
  assert.match(await app.fieldError("timeliness_weight"), /Вес — от 0 до 100/);
  assert.match(await app.fieldError("min_base"), /Минимум — от 1 до 1000/);
  // What was typed is still there, also after the table is shown again.
  assert.equal(await app.value("input[name=timeliness_weight]"), "150");
  await app.click("[data-testid=rating-form] button[type=submit]");
  await app.waitText(cell(2), exactly(blocks.rows[0].name));
  assert.equal(await app.value("input[name=timeliness_weight]"), "150");

  // Deadlines alone: a score is then the share answered on time.
  await app.type("input[name=timeliness_weight]", "100");
  await app.type("input[name=min_base]", "3");
  await app.click("[data-testid=rating-save-weights]");
  await app.waitText("[data-testid=notice]", /Веса рейтинга сохранены/);
  const saved = JSON.parse(mcu(app.db, "rating", "--by", "block", "--from", "2026-10-01", "--format", "json"));
  assert.deepEqual(saved.settings, { timeliness_weight: 100, measures_weight: 0, satisfaction_weight: 0, min_base: 3 });
  const top = saved.rows[0];
  assert.equal(top.score, Math.round(top.timeliness_percent * 10) / 10);
  await app.waitText(cell(2), exactly(top.name));
  assert.equal(await app.text(cell(9)), ru(top.score));
  await app.waitText("[data-testid=rating-method]", /не меньше чем с 3 ответами/);
});

test("the weekly note carries the rating from the quarter's start", async () => {
  await app.keys(Key.F7);
  await app.waitText("[data-testid=weekly-preview] h4", /^Рейтинг ответственных получателей с 01\.10\.2026 по 22\.11\.2026$/);
  await app.waitText("[data-testid=weekly-rating] tbody tr:first-child td:first-child", /^1$/);
  const first = await app.text("[data-testid=weekly-rating] tbody tr:first-child td:nth-child(2)");
  await app.waitText("[data-testid=weekly-summary]", new RegExp(`В рейтинге ответственных с 01\\.10\\.2026 первое место — ${first} \\(`));
});
