/**
 * Errors the domain layer throws for the web and CLI layers to turn into messages.
 * - `DomainError(field, message)`: a broken rule on one field (message in Chinese), shown under
 *   that field with status 422; field "" means the whole form.
 * - `NotFoundError`: the record does not exist or is outside the actor's reach (404, so the
 *   existence of other people's records is never revealed).
 * - `ForbiddenError`: the actor may see the record but not do this (403).
 * - `LockedError`: the record belongs to a year the secretary closed (年终备查); read-only.
 */
export class DomainError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class NotFoundError extends Error {
  constructor(message = "记录不存在或无权查看") {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends Error {
  constructor(message = "无权进行此操作") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class LockedError extends DomainError {
  constructor(year: number) {
    super("", `${year} 年度已由支部书记完成年终备查并关闭，该年度的记录只读。如需修改，请联系支部书记重新开放。`);
    this.name = "LockedError";
  }
}
