/**
 * Vitest global setup: a migrated PGlite snapshot that every test database starts from (PGlite's initdb takes
 * seconds, loading a snapshot half a second), and a private PostgreSQL 15 cluster for the real-PostgreSQL half of the suite (initdb +
 * pg_ctl on a free port, `pg-cluster.ts`), removed at teardown. `STIIKA_TEST_PG=0` skips it and the suite runs
 * on PGlite alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createSandbox } from "@stiika/sandbox";
import type { TestProject } from "vitest/node";
import { migrate } from "../src/store/migrate.ts";
import { pgliteStore } from "../src/store/pglite.ts";
import { createPgCluster } from "./pg-cluster.ts";

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

async function writePgliteSnapshot(file: string): Promise<void> {
  const db = await PGlite.create();
  await migrate(pgliteStore(db));
  const dump = await db.dumpDataDir("none");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const snapshotDir = mkdtempSync(path.join(tmpdir(), "stiika-pglite-"));
  const snapshot = path.join(snapshotDir, "migrated.tar");
  await writePgliteSnapshot(snapshot);
  project.provide("pgliteSnapshot", snapshot);
  // It keeps running: its certificates name its address for OCSP, the CRL and the CA certificate.
  const pkiSandbox = await createSandbox({ port: 0, dataDir: snapshotDir, log: () => {} });
  project.provide("sandboxPkiDir", path.join(snapshotDir, "pki"));
  const removeSnapshot = async () => {
    await pkiSandbox.stop();
    rmSync(snapshotDir, { recursive: true, force: true });
  };
  if (process.env.STIIKA_TEST_PG === "0" || process.env.STIIKA_TEST_PG === "false") {
    project.provide("pgAdminUrl", null);
    return removeSnapshot;
  }
  const cluster = await createPgCluster();
  project.provide("pgAdminUrl", cluster.adminUrl);
  return async () => {
    try {
      cluster.destroy();
    } finally {
      await removeSnapshot();
    }
  };
}
