-- CreateTable
CREATE TABLE "LedgerVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- The one version row, and the triggers that raise it on every write to a table the compliance
-- report reads (src/reports/report-cache.ts; a test lists them: tests/reports/report-cache.test.ts).
INSERT INTO "LedgerVersion" ("id", "version") VALUES (1, 0);

CREATE TRIGGER "LedgerVersion_Branch_insert" AFTER INSERT ON "Branch"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Branch_update" AFTER UPDATE ON "Branch"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Branch_delete" AFTER DELETE ON "Branch"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Zone_insert" AFTER INSERT ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Zone_update" AFTER UPDATE ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Zone_delete" AFTER DELETE ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Member_insert" AFTER INSERT ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Member_update" AFTER UPDATE ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Member_delete" AFTER DELETE ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RoleTerm_insert" AFTER INSERT ON "RoleTerm"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RoleTerm_update" AFTER UPDATE ON "RoleTerm"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RoleTerm_delete" AFTER DELETE ON "RoleTerm"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_ZoneAssignment_insert" AFTER INSERT ON "ZoneAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_ZoneAssignment_update" AFTER UPDATE ON "ZoneAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_ZoneAssignment_delete" AFTER DELETE ON "ZoneAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_LineAssignment_insert" AFTER INSERT ON "LineAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_LineAssignment_update" AFTER UPDATE ON "LineAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_LineAssignment_delete" AFTER DELETE ON "LineAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Talk_insert" AFTER INSERT ON "Talk"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Talk_update" AFTER UPDATE ON "Talk"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Talk_delete" AFTER DELETE ON "Talk"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_LineVisit_insert" AFTER INSERT ON "LineVisit"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_LineVisit_update" AFTER UPDATE ON "LineVisit"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_LineVisit_delete" AFTER DELETE ON "LineVisit"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Meeting_insert" AFTER INSERT ON "Meeting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Meeting_update" AFTER UPDATE ON "Meeting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Meeting_delete" AFTER DELETE ON "Meeting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Pairing_insert" AFTER INSERT ON "Pairing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Pairing_update" AFTER UPDATE ON "Pairing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Pairing_delete" AFTER DELETE ON "Pairing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Resident_insert" AFTER INSERT ON "Resident"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Resident_update" AFTER UPDATE ON "Resident"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Resident_delete" AFTER DELETE ON "Resident"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RuleSetting_insert" AFTER INSERT ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RuleSetting_update" AFTER UPDATE ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RuleSetting_delete" AFTER DELETE ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
