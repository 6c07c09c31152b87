// `pnpm sandbox`: starts the sandbox from SANDBOX_* environment variables and prints where everything is.
import { loadSandboxConfig } from "./config.ts";
import { SandboxError } from "./errors.ts";
import { createSandbox } from "./index.ts";

const log = (line: string) => console.log(`[sandbox] ${line}`);

try {
  const config = loadSandboxConfig(process.env, { log });
  const sandbox = await createSandbox(config);
  const { pki, store } = sandbox.state;
  console.log(
    [
      `Diia sandbox listening on ${sandbox.url}`,
      `  citizen phone:    ${sandbox.publicUrl}/phone/`,
      `  control page:     ${sandbox.publicUrl}/control/`,
      `  partner API base: ${sandbox.publicUrl}`,
      `  acquirer token:   ${store.acquirerToken}`,
      `  callback URL:     ${config.callbackUrl}`,
      `  partner key:      ${pki.partner.keyFile} (password in ${pki.passwordFile})`,
      `  Diia signer cert: ${pki.diia.signingCertFile}`,
    ].join("\n"),
  );
  const stop = async (signal: string) => {
    log(`${signal}: stopping`);
    await sandbox.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
} catch (error) {
  console.error(error instanceof SandboxError ? error.message : error);
  process.exit(1);
}
