/**
 * PGlite is one process's database: a second process opening the same folder would write beside the first, and
 * what one of them acknowledged could be gone after a restart. A lock file beside the folder, made with an
 * exclusive create, holds the owner's pid; a lock whose process is gone (a crash, a kill -9) is taken over, and
 * so is one with our own pid that this process did not make.
 */
import { randomUUID } from "node:crypto";
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { AppError } from "../errors.ts";

/** Tells this process's locks from those a former process with the same pid left (pid 1 in every container). */
const INCARNATION = randomUUID();
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but is someone else's.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock or throws STORE_FAILED naming the holder; the returned function releases it. */
export function lockDataDir(lockFile: string, dbDir: string): () => void {
  const inUse = (by: string) =>
    new AppError(
      "STORE_FAILED",
      `The embedded database in ${dbDir} is in use by ${by}. Stop it first, or set DATABASE_URL (PostgreSQL) to run several instances.`,
    );
  for (let attempt = 0; attempt < 2; attempt++) {
    const mine = `${process.pid} ${INCARNATION}`;
    try {
      const fd = openSync(lockFile, "wx", 0o600);
      writeSync(fd, `${mine}\n`);
      closeSync(fd);
      held.add(lockFile);
      return () => {
        held.delete(lockFile);
        // Only our own lock: never one that another process took over after us.
        if (readFileSync(lockFile, "utf8").trim() === mine) rmSync(lockFile, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (held.has(lockFile)) throw inUse("this process already");
    const holder = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      throw inUse(`another Stiika server (pid ${holder})`);
    }
    // Left by a process that is gone (or unreadable): take it over.
    rmSync(lockFile, { force: true });
  }
  throw new AppError("STORE_FAILED", `Cannot lock the embedded database in ${dbDir}`);
}
