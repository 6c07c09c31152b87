// `pnpm sandbox`: starts the sandbox from SANDBOX_* environment variables and prints where everything is.
import { loadSandboxConfig } from "./config.ts";
import { SandboxError } from "./errors.ts";
import { createSandbox, type Sandbox } from "./index.ts";

const log = (line: string) => console.log(`[sandbox] ${line}`);

let sandbox: Sandbox | undefined;
let stopRequested = false;
// Ctrl-C under `npm start` brings SIGINT from the terminal and SIGTERM from the start script: stop once, and
// also when the signal comes while the sandbox is still starting (it then stops as soon as it has started).
const stop = async (signal: string) => {
  if (stopRequested) return;
  stopRequested = true;
  log(`${signal}: stopping`);
  if (!sandbox) return;
  await sandbox.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

try {
  const config = loadSandboxConfig(process.env, { log });
  sandbox = await createSandbox(config);
  if (stopRequested) {
    await sandbox.stop();
    process.exit(0);
  }
  const { pki, store } = sandbox.state;
  console.log(
    [
      `Diia sandbox listening on ${sandbox.url}`,
      `  citizen phone:    ${sandbox.publicUrl}/phone/`,
      `  control page:     ${sandbox.publicUrl}/control/`,
      `  partner API base: ${sandbox.publicUrl}`,
      `  acquirer token:   ${store.acquirerToken}  (the sandbox's own, made up on first start; not a Diia secret)`,
      `  callback URL:     ${config.callbackUrl}`,
      `  partner key:      ${pki.partner.keyFile} (password in ${pki.passwordFile})`,
      `  Diia signer cert: ${pki.diia.signingCertFile}`,
      `  citizen CAs:      ${pki.citizens.caFiles.DSTU} (DSTU), ${pki.citizens.caFiles.ECDSA} (ECDSA) — Дія.Підпис PIN 1234`,
    ].join("\n"),
  );
} catch (error) {
  console.error(error instanceof SandboxError ? error.message : error);
  process.exit(1);
}
