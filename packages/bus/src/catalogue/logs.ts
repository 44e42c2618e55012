import * as z from "zod";
import { defineStreamSubject } from "./define.js";

/** A structured log line as stored in the LOGS stream. */
export const logLineSchema = z.looseObject({
  ts: z.number(),
  level: z.string(),
  service: z.string(),
  instance: z.string(),
  trace: z.string(),
  msg: z.string(),
});

/** Log lines of every service. */
export const LogLines = defineStreamSubject({
  name: "logs",
  subject: "logs.v1.{service}",
  legacySubject: "logs.{service}",
  stream: "LOGS",
  schema: logLineSchema,
  doc: "Structured log lines, read back by the gateway's logs.tail.",
});
