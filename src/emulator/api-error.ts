/**
 * The errors the emulated API answers with. Handlers throw them; the HTTP adapter turns them into
 * the documented body `{ "error": { "code", "message", "request_id" } }`.
 */

export type ApiErrorCode =
  | "invalid_request"
  | "missing_credentials"
  | "invalid_credentials"
  | "forbidden"
  | "not_found"
  | "already_exists"
  | "service_deploying"
  | "job_finished"
  | "job_not_finished"
  | "job_not_running"
  | "conflict"
  | "invalid_combination"
  | "rate_limited"
  | "internal_error";

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: ApiErrorCode,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const badRequest = (message: string) => new ApiError(400, "invalid_request", message);
export const notFound = (message: string) => new ApiError(404, "not_found", message);
export const conflict = (code: ApiErrorCode, message: string) => new ApiError(409, code, message);
export const unprocessable = (message: string) => new ApiError(422, "invalid_combination", message);
