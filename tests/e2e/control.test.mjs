// Deadline control in the real app: the control screen shows an overdue item,
// extending it takes it off the overdue list, the handover note is produced.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startApp, mcu, Key } from "./harness.mjs";

const OVERDUE = {
  received_at: "2026-10-01T09:00", registered_at: "2026-10-01T10:00", channel: "letter", appeal_type: "complaint",
  applicant_name: "Контрольная Вера Петровна", settlement: "Мосты", text: "Нет уличного освещения на ул. Мостовой.",
  questions: ["0003.0009.0097.0690"], block: "construction",
};
let app;
let number;
before(async () => {
  app = await startApp({
    demo: 300,
    prepare: (db) => {
      number = mcu(db, "add", "--json", "-", "--format", "json", { input: JSON.stringify(OVERDUE) });
      number = JSON.parse(number).number;
    },
  });
  await app.login("Смирнова Е.А.");
});
after(async () => { await app?.stop("control-last"); });

test("the control screen is the start screen and shows the overdue item", async () => {
  await app.visible("[data-testid=control]");
  const cli = JSON.parse(mcu(app.db, "control", "--format", "json"));
  assert.equal(await app.text("[data-testid=tile-overdue] b"), cli.counts.overdue.toLocaleString("ru-RU"));
  const numbers = await app.attrs("[data-testid=list-overdue] [data-testid=control-row]", "data-number");
  assert.ok(numbers.includes(number), `${number} is not in ${numbers.slice(0, 5)}…`);
  await app.screenshot("control");
});

test("extending the overdue appeal moves it off the overdue list", async () => {
  await app.click(`[data-testid=list-overdue] [data-number="${number}"] button`);
  await app.visible("[data-testid=card]");
  await app.click("[data-action=extend]");
  await app.type("[data-testid=action-dialog] [name=reason]", "Требуется замена опор освещения");
  await app.click("[data-testid=action-confirm]");
  await app.gone("[data-testid=action-dialog]");
  await app.waitText("[data-testid=card-status]", /Срок продлён/);
  // Esc returns to the control screen, where the item has left the overdue list
  // and appears among extensions without a notice to the applicant.
  await app.keys(Key.ESCAPE);
  await app.visible("[data-testid=control]");
  await app.until(async () => (await app.$$(`[data-testid=list-overdue] [data-number="${number}"]`)).length === 0, 10000);
  await app.visible(`[data-testid=list-notice] [data-number="${number}"]`);
  const card = JSON.parse(mcu(app.db, "show", number, "--format", "json"));
  assert.equal(card.deadline.due_date, "2026-12-02");
});

test("the handover note is previewed and saved as PDF and DOCX", async () => {
  await app.click("[data-testid=open-handover]");
  await app.visible("[data-testid=handover-preview]");
  assert.match(await app.text("[data-testid=handover-preview]"), /Сводка за сутки 27\.11\.2026/);
  await app.click("[data-testid=handover-pdf]");
  await app.waitText("[data-testid=handover-saved]", /\.pdf/);
  await app.click("[data-testid=handover-docx]");
  await app.waitText("[data-testid=handover-saved]", /\.docx/);
  const files = readdirSync(app.exportDir);
  const pdf = files.find((f) => f.endsWith(".pdf"));
  assert.ok(pdf && files.some((f) => f.endsWith(".docx")), files.join(", "));
  const text = execFileSync("pdftotext", [join(app.exportDir, pdf), "-"], { encoding: "utf8" });
  assert.match(text, /Сводка за сутки 27\.11\.2026/);
  assert.match(text, /Просрочено/);
  // A save button disables itself while it works, which can drop the focus
  // to the page; Esc must close the dialog all the same.
  await app.b.executeScript(() => document.activeElement?.blur());
  await app.keys(Key.ESCAPE);
  await app.gone("[data-testid=handover-dialog]");
});

test("timeliness figures per block are shown", async () => {
  await app.click("[data-testid=open-timeliness]");
  await app.visible("[data-testid=timeliness]");
  assert.match(await app.text("[data-testid=timeliness]"), /Итого/);
  await app.keys(Key.ESCAPE);
});
