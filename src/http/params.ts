/** Route parameter parsing: an id that is not a positive integer is a 404, never a 500. */
import { NotFoundError } from "../core/errors.ts";

export function idParam(raw: unknown): number {
  if (typeof raw !== "string" || !/^\d{1,9}$/.test(raw)) throw new NotFoundError();
  const id = Number(raw);
  if (id < 1) throw new NotFoundError();
  return id;
}
