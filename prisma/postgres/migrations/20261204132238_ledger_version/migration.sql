-- The ledger versions the report caches key on (src/reports/report-cache.ts): row 1 for the
-- compliance report, row 2 for the county desk. The same rows and the same 63 triggers as the
-- SQLite migrations (tests/db/pg-triggers.pg.test.ts compares the two sets): one AFTER ... FOR
-- EACH ROW trigger per table and event, like SQLite's (which are always per row), so that every
-- write produces the same version numbers on both engines, whatever path wrote it (Prisma, raw
-- SQL, the import). Written by hand: triggers are not in the Prisma schema.
INSERT INTO "LedgerVersion" ("id", "version") VALUES (1, 0), (2, 0);

-- TG_ARGV[0]: the id of the version row to raise. The row lock it takes makes concurrent
-- writers of the same ledger wait for each other's commit (as SQLite's one writer does).
CREATE FUNCTION "ledger_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = TG_ARGV[0]::integer;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "LedgerVersion2_AssistanceRecord_delete" AFTER DELETE ON "AssistanceRecord"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_AssistanceRecord_insert" AFTER INSERT ON "AssistanceRecord"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_AssistanceRecord_update" AFTER UPDATE ON "AssistanceRecord"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_MeetingAttendance_delete" AFTER DELETE ON "MeetingAttendance"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_MeetingAttendance_insert" AFTER INSERT ON "MeetingAttendance"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_MeetingAttendance_update" AFTER UPDATE ON "MeetingAttendance"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Request_delete" AFTER DELETE ON "Request"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Request_insert" AFTER INSERT ON "Request"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Request_update" AFTER UPDATE ON "Request"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Stationing_delete" AFTER DELETE ON "Stationing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Stationing_insert" AFTER INSERT ON "Stationing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Stationing_update" AFTER UPDATE ON "Stationing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Stay_delete" AFTER DELETE ON "Stay"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Stay_insert" AFTER INSERT ON "Stay"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Stay_update" AFTER UPDATE ON "Stay"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_TrainingAttendance_delete" AFTER DELETE ON "TrainingAttendance"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_TrainingAttendance_insert" AFTER INSERT ON "TrainingAttendance"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_TrainingAttendance_update" AFTER UPDATE ON "TrainingAttendance"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_TrainingSession_delete" AFTER DELETE ON "TrainingSession"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_TrainingSession_insert" AFTER INSERT ON "TrainingSession"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_TrainingSession_update" AFTER UPDATE ON "TrainingSession"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Writing_delete" AFTER DELETE ON "Writing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Writing_insert" AFTER INSERT ON "Writing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion2_Writing_update" AFTER UPDATE ON "Writing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(2);

CREATE TRIGGER "LedgerVersion_LineAssignment_delete" AFTER DELETE ON "LineAssignment"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_LineAssignment_insert" AFTER INSERT ON "LineAssignment"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_LineAssignment_update" AFTER UPDATE ON "LineAssignment"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_LineVisit_delete" AFTER DELETE ON "LineVisit"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_LineVisit_insert" AFTER INSERT ON "LineVisit"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_LineVisit_update" AFTER UPDATE ON "LineVisit"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Meeting_delete" AFTER DELETE ON "Meeting"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Meeting_insert" AFTER INSERT ON "Meeting"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Meeting_update" AFTER UPDATE ON "Meeting"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Member_delete" AFTER DELETE ON "Member"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Member_insert" AFTER INSERT ON "Member"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Member_update" AFTER UPDATE ON "Member"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_OrgMembership_delete" AFTER DELETE ON "OrgMembership"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_OrgMembership_insert" AFTER INSERT ON "OrgMembership"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_OrgMembership_update" AFTER UPDATE ON "OrgMembership"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Org_delete" AFTER DELETE ON "Org"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Org_insert" AFTER INSERT ON "Org"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Org_update" AFTER UPDATE ON "Org"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Pairing_delete" AFTER DELETE ON "Pairing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Pairing_insert" AFTER INSERT ON "Pairing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Pairing_update" AFTER UPDATE ON "Pairing"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Resident_delete" AFTER DELETE ON "Resident"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Resident_insert" AFTER INSERT ON "Resident"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Resident_update" AFTER UPDATE ON "Resident"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_RoleTerm_delete" AFTER DELETE ON "RoleTerm"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_RoleTerm_insert" AFTER INSERT ON "RoleTerm"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_RoleTerm_update" AFTER UPDATE ON "RoleTerm"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_RuleSetting_delete" AFTER DELETE ON "RuleSetting"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_RuleSetting_insert" AFTER INSERT ON "RuleSetting"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_RuleSetting_update" AFTER UPDATE ON "RuleSetting"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Talk_delete" AFTER DELETE ON "Talk"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Talk_insert" AFTER INSERT ON "Talk"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Talk_update" AFTER UPDATE ON "Talk"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_ZoneAssignment_delete" AFTER DELETE ON "ZoneAssignment"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_ZoneAssignment_insert" AFTER INSERT ON "ZoneAssignment"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_ZoneAssignment_update" AFTER UPDATE ON "ZoneAssignment"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Zone_delete" AFTER DELETE ON "Zone"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Zone_insert" AFTER INSERT ON "Zone"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

CREATE TRIGGER "LedgerVersion_Zone_update" AFTER UPDATE ON "Zone"
FOR EACH ROW EXECUTE FUNCTION "ledger_version_bump"(1);

