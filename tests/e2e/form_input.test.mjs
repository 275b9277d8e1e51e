// Bad and unusual input in the registration form: every error is shown at its
// field, nothing typed is lost, and whatever is accepted is stored exactly.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, mcu, Key } from "./harness.mjs";

let app;
before(async () => {
  app = await startApp();
  await app.login("Петрова О.С.");
});
after(async () => { await app?.stop("form_input-last"); });

async function openForm() {
  await app.$("[data-testid=nav-journal]");
  await app.chord(Key.CONTROL, "n");
  await app.visible("form [name=channel]");
}

async function save() {
  await app.click("[data-testid=form-save]");
}

test("empty required fields and a future date are reported at their fields; input is kept", async () => {
  await openForm();
  await app.type("[name=registered_at]", "01.01.2031 10:00");
  await app.type("[name=applicant_email]", "petrova@");
  await app.type("[name=address]", "ул. Мира, 3");
  await save();
  await app.visible("[data-testid=form-error]");
  const expected = {
    channel: /канал/i,
    appeal_type: /тип/i,
    registered_at: /будущем/,
    applicant_name: /ФИО/,
    applicant_email: /неверно/,
    text: /текст/i,
  };
  for (const [field, re] of Object.entries(expected)) {
    assert.match(await app.fieldError(field), re, `error at ${field}`);
  }
  assert.match(await app.fieldError("questions"), /хотя бы один вопрос/);
  // What was typed is still there.
  assert.equal(await app.value("[name=registered_at]"), "01.01.2031 10:00");
  assert.equal(await app.value("[name=applicant_email]"), "petrova@");
  assert.equal(await app.value("[name=address]"), "ул. Мира, 3");
  // Nothing was registered.
  assert.equal(JSON.parse(mcu(app.db, "list", "--format", "json")).total, 0);
});

test("Esc asks before throwing away what was typed", async () => {
  await app.keys(Key.ESCAPE);
  await app.visible("[data-testid=confirm]");
  await app.click("[data-testid=confirm-no]");
  await app.gone("[data-testid=confirm]");
  assert.equal(await app.value("[name=address]"), "ул. Мира, 3");
});

test("a reload restores the unsaved draft", async () => {
  // Ctrl+N is ignored until the reloaded app has its data.
  await app.afterReload(() => app.b.navigate().refresh());
  await app.chord(Key.CONTROL, "n");
  await app.visible("[data-testid=restored]");
  assert.equal(await app.value("[name=address]"), "ул. Мира, 3");
  assert.equal(await app.value("[name=applicant_email]"), "petrova@");
});

test("100 KB of text, SQL-looking text and emoji are stored exactly", async () => {
  const sql = "'); DROP TABLE appeals; -- SELECT * FROM audit WHERE 1=1; \"кавычки\" %_\\";
  const emoji = "Спасибо 🙏🏻 за ремонт 👍 — и ё, 𝒯𝑒𝓍𝓉";
  const big = "Подробное описание проблемы с водоснабжением. ".repeat(1200); // ≈ 100 KB in UTF-8
  assert.ok(Buffer.byteLength(big) > 100_000);
  const text = `${sql}\n${emoji}\n${big}`;

  await app.select("[name=channel]", "email");
  await app.select("[name=appeal_type]", "statement");
  await app.type("[name=registered_at]", "27.11.2026 09:30");
  await app.type("[name=received_at]", "27.11.2026 09:00");
  // WebDriver cannot type characters outside the BMP: the emoji name is pasted.
  await app.paste("[name=applicant_name]", "Роберт'); DROP TABLE persons;-- 😀");
  await app.type("[name=applicant_email]", "robert@example.org");
  await app.paste("[name=text]", text);
  const topic = await app.type("[name=questions]", "0005.0005.0056.1154");
  await app.visible("[data-testid=topic-suggestions]");
  await topic.sendKeys(Key.ENTER);
  await app.waitText("[data-testid=question-chip]", /1154/);
  await save();

  await app.visible("[data-testid=card]", 20000);
  const number = await app.text("[data-testid=card-number]");
  const card = JSON.parse(mcu(app.db, "show", number, "--format", "json"));
  assert.equal(card.text, text);
  assert.equal(card.applicant_name, "Роберт'); DROP TABLE persons;-- 😀");
  assert.match(await app.text("[data-testid=card-applicant]"), /😀/);
  // The tables are all still there.
  assert.ok(JSON.parse(mcu(app.db, "list", "--format", "json")).total === 1);
});

test("text over the limit gets a clear message and stays in the form", async () => {
  await app.chord(Key.CONTROL, "n");
  await app.visible("form [name=channel]");
  await app.select("[name=channel]", "pos");
  await app.select("[name=appeal_type]", "complaint");
  await app.type("[name=applicant_name]", "Сидоров С.С.");
  const huge = "я".repeat(1_000_001);
  await app.paste("[name=text]", huge);
  const topic = await app.type("[name=questions]", "0005.0005.0056.1154");
  await app.visible("[data-testid=topic-suggestions]");
  await topic.sendKeys(Key.ENTER);
  await save();
  await app.visible("[data-testid=form-error]");
  assert.match(await app.fieldError("text"), /слишком длинное/);
  const kept = await app.b.executeScript(() => document.querySelector("[name=text]").value.length);
  assert.equal(kept, 1_000_001);
});
