import type { ModelEntry, SessionRow } from "../../../gateway/wire-types.js";

/**
 * The `models.list` entry of the model a session's next turn uses: its own choice (`chosen`,
 * `provider/model`), else the model its row names, else the first listed (the configured default);
 * undefined when the list does not have it.
 */
export function sessionModel(
  models: readonly ModelEntry[],
  chosen: string,
  row: Pick<SessionRow, "modelProvider" | "model" | "providerOverride"> | null | undefined,
): ModelEntry | undefined {
  if (chosen) return models.find((m) => m.ref === chosen);
  // A row with a choice of its own names that model; once the choice is undone it is the default.
  if (row?.modelProvider && row.model && !row.providerOverride) {
    const ref = `${row.modelProvider}/${row.model}`;
    const named = models.find((m) => m.ref === ref);
    if (named) return named;
  }
  return models[0];
}

/**
 * Why images cannot be attached for `model` (its `input` lacks "image"), or undefined when they
 * can or nothing is known about it (the gateway then decides).
 */
export function imageBlockReason(model: ModelEntry | undefined): string | undefined {
  if (!model?.input || model.input.includes("image")) return undefined;
  return `${model.ref} cannot see images (it takes text only): choose a model that accepts images to attach them`;
}
