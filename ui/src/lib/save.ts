// Saving a reference edit: field errors back to the form, fresh data into the app.
import { ApiError } from "./api";
import type { ReferenceData } from "./bindings/ReferenceData";
import { app } from "./state.svelte";

/** Runs `call`; on success stores the returned reference data and returns no errors. */
export async function saveRef(call: () => Promise<ReferenceData>, ok: string): Promise<Record<string, string>> {
  try {
    app.ref = await call();
    app.say(ok);
    return {};
  } catch (e) {
    if (e instanceof ApiError) return e.fields.length ? e.byField() : { _: e.message };
    return { _: String(e) };
  }
}
