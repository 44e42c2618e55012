import { ModelsList, type Bus } from "@clawfleet/bus";
import type { ReportedModel } from "../domain/model-catalog.js";
import { callService } from "./call-service.js";

const AGENTS_TIMEOUT_MS = 1500;

/** The models the agents report (with availability), or undefined when no agents worker answers in time. */
export async function agentModels(bus: Bus): Promise<ReportedModel[] | undefined> {
  try {
    return (await callService(bus, "agents", ModelsList, {}, {}, { timeoutMs: AGENTS_TIMEOUT_MS }))
      .models;
  } catch {
    return undefined;
  }
}
