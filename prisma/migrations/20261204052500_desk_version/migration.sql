-- A second version row (id 2) for the county dashboard's cache (src/reports/desk-cache.ts): raised on
-- every write to the tables the dashboard reads beyond those row 1 watches (requests, assistance,
-- meeting attendance). Row 1 is left alone, so these writes do not throw away the compliance cache.
-- No schema change: triggers and a row only.
INSERT INTO "LedgerVersion" ("id", "version") VALUES (2, 0);

CREATE TRIGGER "LedgerVersion2_Request_insert" AFTER INSERT ON "Request"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Request_update" AFTER UPDATE ON "Request"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Request_delete" AFTER DELETE ON "Request"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_AssistanceRecord_insert" AFTER INSERT ON "AssistanceRecord"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_AssistanceRecord_update" AFTER UPDATE ON "AssistanceRecord"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_AssistanceRecord_delete" AFTER DELETE ON "AssistanceRecord"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_MeetingAttendance_insert" AFTER INSERT ON "MeetingAttendance"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_MeetingAttendance_update" AFTER UPDATE ON "MeetingAttendance"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_MeetingAttendance_delete" AFTER DELETE ON "MeetingAttendance"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;
