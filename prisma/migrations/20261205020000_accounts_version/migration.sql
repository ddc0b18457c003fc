-- A fifth version row (id 5; rows 3 and 4 are the compliance report's, migration roster_version), raised on every write to the tables the pages' common path and the
-- cadre's dashboard read beyond those rows 1 and 2 watch: grants (a person's reach), lines and
-- departments (their names on line visits), sign-offs and year closures. With it a request's reach
-- and the dashboard's lists are kept between requests (src/http/ledger-at.ts, issue 16 item 2)
-- while a grant still counts from the next request on. Rows 1 and 2 are left alone, so these
-- writes do not throw away the compliance report or the county desk. No schema change: triggers
-- and a row only.
INSERT INTO "LedgerVersion" ("id", "version") VALUES (5, 0);

CREATE TRIGGER "LedgerVersion5_Department_insert" AFTER INSERT ON "Department"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_Department_update" AFTER UPDATE ON "Department"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_Department_delete" AFTER DELETE ON "Department"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_Grant_insert" AFTER INSERT ON "Grant"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_Grant_update" AFTER UPDATE ON "Grant"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_Grant_delete" AFTER DELETE ON "Grant"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_Line_insert" AFTER INSERT ON "Line"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_Line_update" AFTER UPDATE ON "Line"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_Line_delete" AFTER DELETE ON "Line"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_YearClosure_insert" AFTER INSERT ON "YearClosure"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_YearClosure_update" AFTER UPDATE ON "YearClosure"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_YearClosure_delete" AFTER DELETE ON "YearClosure"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_YearReview_insert" AFTER INSERT ON "YearReview"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_YearReview_update" AFTER UPDATE ON "YearReview"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;

CREATE TRIGGER "LedgerVersion5_YearReview_delete" AFTER DELETE ON "YearReview"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 5; END;
