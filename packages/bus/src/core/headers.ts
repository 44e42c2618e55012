/** Header names the bus sets on messages. */
export const BusHeader = {
  /** Trace id of the work that published the message. */
  Trace: "Clawfleet-Trace",
  /** Why a message was dead-lettered. */
  DeadReason: "Clawfleet-Dead-Reason",
  /** Subject the dead-lettered message was first published on. */
  DeadSubject: "Clawfleet-Dead-Subject",
  /** Stream and sequence a dead-lettered message came from. */
  DeadOrigin: "Clawfleet-Dead-Origin",
} as const;
