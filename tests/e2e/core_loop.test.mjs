// The operator's core loop in the real app: register from the keyboard, find by
// a Russian substring, assign, extend, answer, see the history.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp, mcu, Key, By } from "./harness.mjs";

let app;
let number;
before(async () => { app = await startApp({ demo: 40 }); });
after(async () => { await app?.stop("core_loop-last"); });

test("register, find, assign, extend, answer, history", async () => {
  await app.login("Иванова А.П.");
  assert.equal(await app.text("[data-testid=operator]"), "Иванова А.П.");

  // The control screen is the start screen; F2 is the journal; Ctrl+N opens the form.
  await app.$("[data-testid=control]");
  await app.keys(Key.F2);
  await app.$("[data-testid=journal]");
  await app.chord(Key.CONTROL, "n");
  await app.visible("form [name=channel]");
  await app.select("[name=channel]", "letter");
  await app.select("[name=appeal_type]", "complaint");
  await app.type("[name=received_at]", "26.11.2026 09:00");
  await app.type("[name=registered_at]", "26.11.2026 11:30");
  await app.type("[name=applicant_name]", "Тестова Мария Ивановна");
  await app.type("[name=applicant_address]", "446160, с. Пестравка, ул. Садовая, д. 7");
  await app.select("[name=settlement]", "Пестравка");
  await app.type("[name=address]", "ул. Садовая");
  await app.type("[name=text]", "На улице Садовой третью неделю не горят Фонари у моста.");
  const topic = await app.type("[name=questions]", "уличное освещ");
  await app.visible("[data-testid=topic-suggestions]");
  await topic.sendKeys(Key.ENTER);
  await app.waitText("[data-testid=question-chip]", /0003\.0009\.0097\.0690/);
  // The deadline is shown before saving: 26.11.2026 + 30 days → Monday 28.12.2026.
  await app.waitText("[data-testid=deadline-preview]", /28\.12\.2026/);
  // Enter in a text field saves.
  const addr = await app.$("[name=address]");
  await addr.sendKeys(Key.ENTER);

  await app.visible("[data-testid=card]");
  number = await app.text("[data-testid=card-number]");
  assert.match(number, /^2026-\d{5}$/);
  assert.equal(await app.text("[data-testid=card-status]"), "Назначено"); // the block came from the topic
  assert.match(await app.text("[data-testid=card-due]"), /28\.12\.2026/);

  // Back to the journal (Esc returns to the list the form was opened from)
  // and find it by a Russian substring in another case.
  await app.keys(Key.ESCAPE);
  const search = await app.visible("[data-testid=search]");
  await search.sendKeys("ФОНАРИ у мост");
  await app.until(async () => {
    const rows = await app.$$("[data-testid=journal-row]");
    return rows.length === 1 && (await rows[0].getAttribute("data-number")) === number;
  }, 10000, "search did not narrow the journal to the new appeal");
  const table = await app.$("[data-testid=journal]");
  await table.click();
  await app.keys(Key.ENTER);
  await app.visible("[data-testid=card]");

  // Assign a person through the action dialog.
  await app.click("[data-action=assign]");
  await app.visible("[data-testid=action-dialog]");
  await app.select("[data-testid=action-dialog] [name=block]", "construction");
  await app.select("[data-testid=action-dialog] [name=person]", "Имангулов Алексей Валерьевич");
  await app.click("[data-testid=action-confirm]");
  await app.gone("[data-testid=action-dialog]");
  await app.waitText("[data-testid=card-person]", /Имангулов/);

  // Extend by 30 days: 28.12.2026 → 27.01.2027.
  await app.click("[data-action=extend]");
  await app.type("[data-testid=action-dialog] [name=reason]", "Нужен запрос в сетевую организацию");
  await app.type("[data-testid=action-dialog] [name=notice_date]", "27.11.2026");
  await (await app.$("[data-testid=action-dialog] [name=notice_date]")).sendKeys(Key.ENTER);
  await app.gone("[data-testid=action-dialog]");
  await app.waitText("[data-testid=card-due]", /27\.01\.2027/);
  assert.equal(await app.text("[data-testid=card-status]"), "Срок продлён");
  assert.equal((await app.$$("[data-action=extend]")).length, 0, "extension is offered only once");

  // Answer.
  await app.click("[data-action=answer]");
  await app.type("[data-testid=action-dialog] [name=number]", "01-15/777");
  await app.select("[data-testid=action-dialog] [name=result]", "supported_measures");
  await app.type("[data-testid=action-dialog] [name=summary]", "Фонари заменены 27.11.2026.");
  await app.click("[data-testid=action-confirm]");
  await app.gone("[data-testid=action-dialog]");
  await app.waitText("[data-testid=card-status]", /Дан ответ/);
  assert.match(await app.text("[data-testid=card-answer]"), /01-15\/777/);

  // The history shows every step with the operator and old → new values.
  const history = await app.text("[data-testid=history]");
  for (const s of ["Регистрация", "Назначить ответственного", "Продлить срок", "Записать ответ", "28.12.2026", "27.01.2027", "Иванова А.П."]) {
    assert.ok(history.includes(s), `history lacks ${s}:\n${history}`);
  }
  await app.screenshot("card-answered");

  // The same facts are in the database, seen through the command line.
  const card = JSON.parse(mcu(app.db, "show", number, "--format", "json"));
  assert.equal(card.status, "answered");
  assert.equal(card.deadline.due_date, "2027-01-27");
  assert.equal(card.person, "Имангулов Алексей Валерьевич");
  assert.ok(card.history.every((h) => h.operator === "Иванова А.П." || h.action === "create" && h.operator === "Иванова А.П."));
});

test("Ctrl+Q quits and leaves every appeal in the database file itself", async () => {
  // Until then the newest pages live in mcu.sqlite-wal; a copy of mcu.sqlite
  // alone (a backup, a move to another PC) must hold everything once the
  // program is closed. (WebDriver's own window close kills the process, so the
  // program's exit path is taken through its shortcut.)
  assert.ok(number, "the appeal of the previous test");
  // The program may be gone before WebDriver finishes the key chord: the driver
  // then answers a bare WebDriverError (no message); anything else is a failure.
  await app.chord(Key.CONTROL, "q").catch((e) => { if (e?.name !== "WebDriverError") throw e; });
  const wal = `${app.db}-wal`;
  const empty = () => !existsSync(wal) || statSync(wal).size === 0;
  for (let i = 0; i < 100 && !empty(); i++) await new Promise((r) => setTimeout(r, 200));
  assert.ok(empty(), "the write-ahead log is emptied into the database file on exit");
  const copy = join(mkdtempSync(join(tmpdir(), "mcu-copy-")), "copy.sqlite");
  copyFileSync(app.db, copy);
  const card = JSON.parse(mcu(copy, "show", number, "--format", "json"));
  assert.equal(card.status, "answered");
  assert.equal(card.answer.number, "01-15/777");
});
