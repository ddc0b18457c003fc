-- The ledger versions per statement, not per row (issue 16/17: the PostgreSQL import ran at 280
-- rows/s). A FOR EACH ROW trigger updated the one "LedgerVersion" row once per row written; in one
-- transaction every such update leaves a dead version of that row behind, and each next update
-- walks the growing chain first, so a 100,000-row import cost O(n²). Each trigger is now FOR EACH
-- STATEMENT with the statement's transition table, and raises the version by the number of rows
-- the statement wrote: the same numbers as SQLite's per-row triggers (and none for a statement that
-- wrote nothing, which takes no lock either), one update per statement. Same names, tables, events
-- and version rows (tests/db/pg-triggers.pg.test.ts). Written by hand: triggers are not in the
-- Prisma schema.

-- TG_ARGV[0]: the id of the version row to raise. Its row lock makes concurrent writers of the same
-- ledger wait for each other's commit (as SQLite's one writer does). "changed" is the statement's
-- transition table (new rows for INSERT and UPDATE, old rows for DELETE).
CREATE FUNCTION "ledger_version_bump_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  SELECT count(*) INTO n FROM changed;
  IF n > 0 THEN
    UPDATE "LedgerVersion" SET "version" = "version" + n WHERE "id" = TG_ARGV[0]::integer;
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER "LedgerVersion2_AssistanceRecord_delete" ON "AssistanceRecord";
CREATE TRIGGER "LedgerVersion2_AssistanceRecord_delete" AFTER DELETE ON "AssistanceRecord" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_AssistanceRecord_insert" ON "AssistanceRecord";
CREATE TRIGGER "LedgerVersion2_AssistanceRecord_insert" AFTER INSERT ON "AssistanceRecord" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_AssistanceRecord_update" ON "AssistanceRecord";
CREATE TRIGGER "LedgerVersion2_AssistanceRecord_update" AFTER UPDATE ON "AssistanceRecord" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_MeetingAttendance_delete" ON "MeetingAttendance";
CREATE TRIGGER "LedgerVersion2_MeetingAttendance_delete" AFTER DELETE ON "MeetingAttendance" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_MeetingAttendance_insert" ON "MeetingAttendance";
CREATE TRIGGER "LedgerVersion2_MeetingAttendance_insert" AFTER INSERT ON "MeetingAttendance" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_MeetingAttendance_update" ON "MeetingAttendance";
CREATE TRIGGER "LedgerVersion2_MeetingAttendance_update" AFTER UPDATE ON "MeetingAttendance" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Request_delete" ON "Request";
CREATE TRIGGER "LedgerVersion2_Request_delete" AFTER DELETE ON "Request" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Request_insert" ON "Request";
CREATE TRIGGER "LedgerVersion2_Request_insert" AFTER INSERT ON "Request" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Request_update" ON "Request";
CREATE TRIGGER "LedgerVersion2_Request_update" AFTER UPDATE ON "Request" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Stationing_delete" ON "Stationing";
CREATE TRIGGER "LedgerVersion2_Stationing_delete" AFTER DELETE ON "Stationing" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Stationing_insert" ON "Stationing";
CREATE TRIGGER "LedgerVersion2_Stationing_insert" AFTER INSERT ON "Stationing" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Stationing_update" ON "Stationing";
CREATE TRIGGER "LedgerVersion2_Stationing_update" AFTER UPDATE ON "Stationing" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Stay_delete" ON "Stay";
CREATE TRIGGER "LedgerVersion2_Stay_delete" AFTER DELETE ON "Stay" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Stay_insert" ON "Stay";
CREATE TRIGGER "LedgerVersion2_Stay_insert" AFTER INSERT ON "Stay" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Stay_update" ON "Stay";
CREATE TRIGGER "LedgerVersion2_Stay_update" AFTER UPDATE ON "Stay" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_TrainingAttendance_delete" ON "TrainingAttendance";
CREATE TRIGGER "LedgerVersion2_TrainingAttendance_delete" AFTER DELETE ON "TrainingAttendance" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_TrainingAttendance_insert" ON "TrainingAttendance";
CREATE TRIGGER "LedgerVersion2_TrainingAttendance_insert" AFTER INSERT ON "TrainingAttendance" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_TrainingAttendance_update" ON "TrainingAttendance";
CREATE TRIGGER "LedgerVersion2_TrainingAttendance_update" AFTER UPDATE ON "TrainingAttendance" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_TrainingSession_delete" ON "TrainingSession";
CREATE TRIGGER "LedgerVersion2_TrainingSession_delete" AFTER DELETE ON "TrainingSession" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_TrainingSession_insert" ON "TrainingSession";
CREATE TRIGGER "LedgerVersion2_TrainingSession_insert" AFTER INSERT ON "TrainingSession" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_TrainingSession_update" ON "TrainingSession";
CREATE TRIGGER "LedgerVersion2_TrainingSession_update" AFTER UPDATE ON "TrainingSession" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Writing_delete" ON "Writing";
CREATE TRIGGER "LedgerVersion2_Writing_delete" AFTER DELETE ON "Writing" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Writing_insert" ON "Writing";
CREATE TRIGGER "LedgerVersion2_Writing_insert" AFTER INSERT ON "Writing" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion2_Writing_update" ON "Writing";
CREATE TRIGGER "LedgerVersion2_Writing_update" AFTER UPDATE ON "Writing" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(2);

DROP TRIGGER "LedgerVersion_LineAssignment_delete" ON "LineAssignment";
CREATE TRIGGER "LedgerVersion_LineAssignment_delete" AFTER DELETE ON "LineAssignment" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_LineAssignment_insert" ON "LineAssignment";
CREATE TRIGGER "LedgerVersion_LineAssignment_insert" AFTER INSERT ON "LineAssignment" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_LineAssignment_update" ON "LineAssignment";
CREATE TRIGGER "LedgerVersion_LineAssignment_update" AFTER UPDATE ON "LineAssignment" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_LineVisit_delete" ON "LineVisit";
CREATE TRIGGER "LedgerVersion_LineVisit_delete" AFTER DELETE ON "LineVisit" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_LineVisit_insert" ON "LineVisit";
CREATE TRIGGER "LedgerVersion_LineVisit_insert" AFTER INSERT ON "LineVisit" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_LineVisit_update" ON "LineVisit";
CREATE TRIGGER "LedgerVersion_LineVisit_update" AFTER UPDATE ON "LineVisit" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Meeting_delete" ON "Meeting";
CREATE TRIGGER "LedgerVersion_Meeting_delete" AFTER DELETE ON "Meeting" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Meeting_insert" ON "Meeting";
CREATE TRIGGER "LedgerVersion_Meeting_insert" AFTER INSERT ON "Meeting" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Meeting_update" ON "Meeting";
CREATE TRIGGER "LedgerVersion_Meeting_update" AFTER UPDATE ON "Meeting" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Member_delete" ON "Member";
CREATE TRIGGER "LedgerVersion_Member_delete" AFTER DELETE ON "Member" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Member_insert" ON "Member";
CREATE TRIGGER "LedgerVersion_Member_insert" AFTER INSERT ON "Member" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Member_update" ON "Member";
CREATE TRIGGER "LedgerVersion_Member_update" AFTER UPDATE ON "Member" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_OrgMembership_delete" ON "OrgMembership";
CREATE TRIGGER "LedgerVersion_OrgMembership_delete" AFTER DELETE ON "OrgMembership" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_OrgMembership_insert" ON "OrgMembership";
CREATE TRIGGER "LedgerVersion_OrgMembership_insert" AFTER INSERT ON "OrgMembership" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_OrgMembership_update" ON "OrgMembership";
CREATE TRIGGER "LedgerVersion_OrgMembership_update" AFTER UPDATE ON "OrgMembership" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Org_delete" ON "Org";
CREATE TRIGGER "LedgerVersion_Org_delete" AFTER DELETE ON "Org" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Org_insert" ON "Org";
CREATE TRIGGER "LedgerVersion_Org_insert" AFTER INSERT ON "Org" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Org_update" ON "Org";
CREATE TRIGGER "LedgerVersion_Org_update" AFTER UPDATE ON "Org" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Pairing_delete" ON "Pairing";
CREATE TRIGGER "LedgerVersion_Pairing_delete" AFTER DELETE ON "Pairing" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Pairing_insert" ON "Pairing";
CREATE TRIGGER "LedgerVersion_Pairing_insert" AFTER INSERT ON "Pairing" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Pairing_update" ON "Pairing";
CREATE TRIGGER "LedgerVersion_Pairing_update" AFTER UPDATE ON "Pairing" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Resident_delete" ON "Resident";
CREATE TRIGGER "LedgerVersion_Resident_delete" AFTER DELETE ON "Resident" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Resident_insert" ON "Resident";
CREATE TRIGGER "LedgerVersion_Resident_insert" AFTER INSERT ON "Resident" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Resident_update" ON "Resident";
CREATE TRIGGER "LedgerVersion_Resident_update" AFTER UPDATE ON "Resident" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_RoleTerm_delete" ON "RoleTerm";
CREATE TRIGGER "LedgerVersion_RoleTerm_delete" AFTER DELETE ON "RoleTerm" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_RoleTerm_insert" ON "RoleTerm";
CREATE TRIGGER "LedgerVersion_RoleTerm_insert" AFTER INSERT ON "RoleTerm" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_RoleTerm_update" ON "RoleTerm";
CREATE TRIGGER "LedgerVersion_RoleTerm_update" AFTER UPDATE ON "RoleTerm" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_RuleSetting_delete" ON "RuleSetting";
CREATE TRIGGER "LedgerVersion_RuleSetting_delete" AFTER DELETE ON "RuleSetting" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_RuleSetting_insert" ON "RuleSetting";
CREATE TRIGGER "LedgerVersion_RuleSetting_insert" AFTER INSERT ON "RuleSetting" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_RuleSetting_update" ON "RuleSetting";
CREATE TRIGGER "LedgerVersion_RuleSetting_update" AFTER UPDATE ON "RuleSetting" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Talk_delete" ON "Talk";
CREATE TRIGGER "LedgerVersion_Talk_delete" AFTER DELETE ON "Talk" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Talk_insert" ON "Talk";
CREATE TRIGGER "LedgerVersion_Talk_insert" AFTER INSERT ON "Talk" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Talk_update" ON "Talk";
CREATE TRIGGER "LedgerVersion_Talk_update" AFTER UPDATE ON "Talk" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_ZoneAssignment_delete" ON "ZoneAssignment";
CREATE TRIGGER "LedgerVersion_ZoneAssignment_delete" AFTER DELETE ON "ZoneAssignment" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_ZoneAssignment_insert" ON "ZoneAssignment";
CREATE TRIGGER "LedgerVersion_ZoneAssignment_insert" AFTER INSERT ON "ZoneAssignment" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_ZoneAssignment_update" ON "ZoneAssignment";
CREATE TRIGGER "LedgerVersion_ZoneAssignment_update" AFTER UPDATE ON "ZoneAssignment" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Zone_delete" ON "Zone";
CREATE TRIGGER "LedgerVersion_Zone_delete" AFTER DELETE ON "Zone" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Zone_insert" ON "Zone";
CREATE TRIGGER "LedgerVersion_Zone_insert" AFTER INSERT ON "Zone" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP TRIGGER "LedgerVersion_Zone_update" ON "Zone";
CREATE TRIGGER "LedgerVersion_Zone_update" AFTER UPDATE ON "Zone" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(1);

DROP FUNCTION "ledger_version_bump"();
