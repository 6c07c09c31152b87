/**
 * Vitest global setup: a migrated PGlite snapshot that every test database starts from (PGlite's initdb takes
 * seconds, loading a snapshot half a second), and a private PostgreSQL 15 cluster for the real-PostgreSQL half of the suite (initdb +
 * pg_ctl on a free port, trust auth on 127.0.0.1 only), removed at teardown. `STIIKA_TEST_PG=0` skips it and
 * the suite runs on PGlite alone. The binaries refuse to run as root, so as root they run as `postgres`.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createSandbox } from "@stiika/sandbox";
import type { TestProject } from "vitest/node";
import { migrate } from "../src/store/migrate.ts";
import { pgliteStore } from "../src/store/pglite.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the private cluster (database `postgres`), or null when real PostgreSQL is disabled. */
    pgAdminUrl: string | null;
    /** A migrated PGlite data dir (`dumpDataDir`), as a file. */
    pgliteSnapshot: string;
    /** One sandbox PKI for the run (DSTU key files take seconds to make in pure JS). */
    sandboxPkiDir: string;
  }
}

const BIN = process.env.STIIKA_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

async function writePgliteSnapshot(file: string): Promise<void> {
  const db = await PGlite.create();
  await migrate(pgliteStore(db));
  const dump = await db.dumpDataDir("none");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
}

export default async function setup(project: TestProject): Promise<() => void> {
  const snapshotDir = mkdtempSync(path.join(tmpdir(), "stiika-pglite-"));
  const snapshot = path.join(snapshotDir, "migrated.tar");
  await writePgliteSnapshot(snapshot);
  project.provide("pgliteSnapshot", snapshot);
  const pkiSandbox = await createSandbox({ port: 0, dataDir: snapshotDir, log: () => {} });
  await pkiSandbox.stop();
  project.provide("sandboxPkiDir", path.join(snapshotDir, "pki"));
  const removeSnapshot = () => rmSync(snapshotDir, { recursive: true, force: true });
  if (process.env.STIIKA_TEST_PG === "0" || process.env.STIIKA_TEST_PG === "false") {
    project.provide("pgAdminUrl", null);
    return removeSnapshot;
  }
  if (!existsSync(path.join(BIN, "initdb"))) {
    throw new Error(
      `PostgreSQL binaries not found in ${BIN}: apt-get install postgresql-15, set STIIKA_TEST_PG_BIN, or run with STIIKA_TEST_PG=0`,
    );
  }
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : path.join(BIN, cmd),
      asRoot ? ["-u", "postgres", "--", path.join(BIN, cmd), ...args] : args,
      {
        stdio: "pipe",
      },
    );
  const root = mkdtempSync(path.join(tmpdir(), "stiika-pg-"));
  chmodSync(root, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(root, uid, gid);
  }
  const data = path.join(root, "data");
  const port = await freePort();
  run("initdb", ["-D", data, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
  run("pg_ctl", [
    "start",
    "-w",
    "-D",
    data,
    "-l",
    path.join(root, "log"),
    "-o",
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
  ]);
  project.provide("pgAdminUrl", `postgresql://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    try {
      run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
      removeSnapshot();
    }
  };
}
