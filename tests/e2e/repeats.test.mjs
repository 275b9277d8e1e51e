// Earlier appeals of the applicant in the registration form: typing a name
// lists that applicant's appeals (not a namesake's, whatever the case), one
// click marks the new appeal as a repeat of one of them, and the card shows it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, mcu, Key } from "./harness.mjs";

const BASE = {
  channel: "letter", appeal_type: "complaint", settlement: "Пестравка",
  text: "Не горит фонарь у дома 3.", questions: ["0003.0009.0097.0690"],
};
let app;
const numbers = {};
before(async () => {
  app = await startApp({
    demo: 100,
    prepare: (db) => {
      const add = (key, extra) => {
        numbers[key] = JSON.parse(mcu(db, "add", "--json", "-", "--format", "json", { input: JSON.stringify({ ...BASE, ...extra }) })).number;
      };
      add("first", { received_at: "2026-11-02T09:00", registered_at: "2026-11-02T10:00", applicant_name: "Повторов Иван Ильич" });
      add("second", { received_at: "2026-11-16T09:00", registered_at: "2026-11-16T10:00", applicant_name: "Повторов Иван Ильич" });
      add("namesake", { received_at: "2026-11-17T09:00", registered_at: "2026-11-17T10:00", applicant_name: "Повторова Анна Ильинична" });
    },
  });
  await app.login("Петрова О.С.");
});
after(async () => { await app?.stop("repeats-last"); });

const EARLIER = "[data-testid=applicant-earlier]";
/** The numbers the form lists as the applicant's earlier appeals, once they are `numbers`. */
const listed = (numbers) =>
  app.until(async () => JSON.stringify(await app.attrs(`${EARLIER} li`, "data-number")) === JSON.stringify(numbers),
    10000, `the earlier appeals listed are not ${numbers}`);

test("typing the applicant's name lists their earlier appeals, newest first", async () => {
  await app.chord(Key.CONTROL, "n");
  await app.visible("form [name=channel]");
  await app.type("[name=applicant_name]", "Повторов ИВАН ильич");
  await app.visible(EARLIER);
  await listed([numbers.second, numbers.first]);
  await app.waitText(EARLIER, /от 16\.11\.2026 · Уличное освещение · Новое/);
  // A surname alone is not looked up: cut back to it (one change, no names in
  // between), the name's list goes, as only an answer to the lookup removes it.
  await app.paste("[name=applicant_name]", "Повторов");
  await app.gone(EARLIER);
  await app.paste("[name=applicant_name]", "Повторов ИВАН ильич");
  await listed([numbers.second, numbers.first]);
  await app.screenshot("form-earlier");
});

test("one click marks the new appeal as a repeat, and the card shows it", async () => {
  await app.click(`[data-testid=applicant-earlier] li[data-number="${numbers.second}"] [data-testid=mark-repeat]`);
  await app.waitValue("[name=repeated_of]", new RegExp(`^${numbers.second}$`));
  await app.waitText(`[data-testid=applicant-earlier] li[data-number="${numbers.second}"]`, /отмечено как повторное/);
  await app.select("[name=channel]", "phone");
  await app.select("[name=appeal_type]", "complaint");
  await app.type("[name=text]", "Фонарь у дома 3 так и не горит.");
  const topic = await app.type("[name=questions]", "0003.0009.0097.0690");
  await app.visible("[data-testid=topic-suggestions]");
  await topic.sendKeys(Key.ENTER);
  await app.click("[data-testid=form-save]");
  await app.visible("[data-testid=card]", 20000);
  await app.waitText("[data-testid=card]", new RegExp(`Повторное к\\s*№ ${numbers.second}`));
  const number = await app.text("[data-testid=card-number]");
  assert.equal(JSON.parse(mcu(app.db, "show", number, "--format", "json")).repeated_of, numbers.second);
  // Editing it (F4) lists the earlier appeals but never the appeal itself.
  await app.keys(Key.F4);
  await listed([numbers.second, numbers.first]);
  await app.keys(Key.ESCAPE);
});
