import { DiiaError } from "../../errors.ts";

/** Failures of the fast DSTU 4145 / GOST primitives; messages never carry key material. */
export type FastCryptoErrorCode =
  | "BAD_INPUT"
  | "BAD_POINT"
  | "BAD_SCALAR"
  | "BAD_SIGNATURE_FORMAT"
  | "KEY_UNWRAP_FAILED";

export class FastCryptoError extends DiiaError<FastCryptoErrorCode> {}
