/**
 * A private PostgreSQL 15 cluster for tests: initdb + pg_ctl on a free port, trust auth on 127.0.0.1 only, its
 * socket in its own folder. The binaries refuse to run as root, so as root they run as `postgres`. A test that
 * must stop and start the database (LISTEN recovery) makes its own; the suite shares one (global setup).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = process.env.STIIKA_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export interface PgCluster {
  /** Superuser URL, database `postgres`. */
  adminUrl: string;
  start(): void;
  /** Stops at once (`immediate`: connections are cut as in a crash or a restart under load). */
  stop(): void;
  /** Stops and removes every file. */
  destroy(): void;
}

export async function createPgCluster(): Promise<PgCluster> {
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
      { stdio: "pipe" },
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
  const start = () =>
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
  const stop = () => run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
  start();
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
