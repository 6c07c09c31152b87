// Branches, offers, the acquirer token and session tokens survive restarts in one JSON file (written atomically:
// temp file + rename, so a crash never leaves half a file). Everything else lives in memory.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { AcceptedBranchInput, AcceptedOfferInput } from "../api/accepted-bodies.ts";
import { SandboxError } from "../errors.ts";

export type BranchRecord = AcceptedBranchInput & { _id: string; createdAt: string };
export type OfferRecord = AcceptedOfferInput & { _id: string; branchId: string; createdAt: string };

type PersistedState = {
  version: 1;
  acquirerToken: string;
  /** sha-256 of each session token, so the file never holds a usable token. */
  sessions: { tokenHash: string; expiresAt: string }[];
  branches: BranchRecord[];
  offers: OfferRecord[];
};

// Shallow check only: the file is ours; this catches hand edits and files from another program.
const fileSchema = z.object({
  version: z.literal(1),
  acquirerToken: z.string().min(1),
  sessions: z.array(z.object({ tokenHash: z.string(), expiresAt: z.string() })),
  branches: z.array(z.looseObject({ _id: z.string() })),
  offers: z.array(z.looseObject({ _id: z.string(), branchId: z.string() })),
});

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Real Diia ids look like 128 hex characters (spec §2). */
export const newDiiaId = () => randomBytes(64).toString("hex");

export class PersistentStore {
  private constructor(
    private readonly file: string,
    readonly data: PersistedState,
  ) {}

  /** Opens the state file, creating it (with a fresh acquirer token unless one is given) when absent. */
  static open(file: string, acquirerToken: string | undefined): PersistentStore {
    let data: PersistedState;
    try {
      data = fileSchema.parse(JSON.parse(readFileSync(file, "utf8"))) as PersistedState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new SandboxError("BAD_STATE_FILE", `Cannot read the sandbox state file ${file}`, {
          cause: error,
        });
      }
      data = {
        version: 1,
        acquirerToken: randomBytes(24).toString("base64url"),
        sessions: [],
        branches: [],
        offers: [],
      };
    }
    // A configured token wins but the generated one is kept in the file for when the variable is removed.
    const store = new PersistentStore(file, data);
    if (acquirerToken) store.activeAcquirerToken = acquirerToken;
    store.save();
    return store;
  }

  private activeAcquirerToken: string | undefined;

  get acquirerToken(): string {
    return this.activeAcquirerToken ?? this.data.acquirerToken;
  }

  save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.file);
  }

  /** Forgets branches, offers and sessions (control "reset"); the acquirer token stays. */
  reset(): void {
    this.data.sessions = [];
    this.data.branches = [];
    this.data.offers = [];
    this.save();
  }
}
