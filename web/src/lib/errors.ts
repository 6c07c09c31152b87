/**
 * The one error base of the web app: a stable string `code` to switch on, a message fit for the teller (no personal
 * data, no tokens), and the original failure in `cause`. Features subclass it with their own code union.
 *
 * @example
 * class ScanError extends AppError<"NO_CAMERA" | "PERMISSION_DENIED"> {}
 * try { … } catch (e) { if (e instanceof AppError && e.code === "NO_CAMERA") … }
 */
export class AppError<C extends string = string> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
