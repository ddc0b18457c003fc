-- Two more version rows beside row 1 (which stays as it is, raised by every write the compliance
-- report can see), so the report keeps its parts apart (src/domain/compliance/report.ts, issue 16):
-- row 3 "roster", raised by writes to the tables the report's roster part reads (members, role
-- terms, zone and line assignments, zones, rule settings, orgs and dated memberships); row 4
-- "records besides talks", raised by writes to line visits, meetings, pairings and residents.
-- Talk has no trigger here: a logged talk raises row 1 only, and the report then re-reads only the
-- talks (and an import of talks keeps one trigger per row). No schema change: triggers and rows only.
INSERT INTO "LedgerVersion" ("id", "version") VALUES (3, 0), (4, 0);

CREATE TRIGGER "LedgerVersion3_Org_insert" AFTER INSERT ON "Org"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_Org_update" AFTER UPDATE ON "Org"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_Org_delete" AFTER DELETE ON "Org"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_OrgMembership_insert" AFTER INSERT ON "OrgMembership"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_OrgMembership_update" AFTER UPDATE ON "OrgMembership"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_OrgMembership_delete" AFTER DELETE ON "OrgMembership"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_Zone_insert" AFTER INSERT ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_Zone_update" AFTER UPDATE ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_Zone_delete" AFTER DELETE ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_Member_insert" AFTER INSERT ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_Member_update" AFTER UPDATE ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_Member_delete" AFTER DELETE ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_RoleTerm_insert" AFTER INSERT ON "RoleTerm"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_RoleTerm_update" AFTER UPDATE ON "RoleTerm"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_RoleTerm_delete" AFTER DELETE ON "RoleTerm"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_ZoneAssignment_insert" AFTER INSERT ON "ZoneAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_ZoneAssignment_update" AFTER UPDATE ON "ZoneAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_ZoneAssignment_delete" AFTER DELETE ON "ZoneAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_LineAssignment_insert" AFTER INSERT ON "LineAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_LineAssignment_update" AFTER UPDATE ON "LineAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_LineAssignment_delete" AFTER DELETE ON "LineAssignment"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_RuleSetting_insert" AFTER INSERT ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_RuleSetting_update" AFTER UPDATE ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion3_RuleSetting_delete" AFTER DELETE ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 3; END;

CREATE TRIGGER "LedgerVersion4_LineVisit_insert" AFTER INSERT ON "LineVisit"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_LineVisit_update" AFTER UPDATE ON "LineVisit"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_LineVisit_delete" AFTER DELETE ON "LineVisit"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Meeting_insert" AFTER INSERT ON "Meeting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Meeting_update" AFTER UPDATE ON "Meeting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Meeting_delete" AFTER DELETE ON "Meeting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Pairing_insert" AFTER INSERT ON "Pairing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Pairing_update" AFTER UPDATE ON "Pairing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Pairing_delete" AFTER DELETE ON "Pairing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Resident_insert" AFTER INSERT ON "Resident"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Resident_update" AFTER UPDATE ON "Resident"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;

CREATE TRIGGER "LedgerVersion4_Resident_delete" AFTER DELETE ON "Resident"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 4; END;
