-- Rows 3 ("roster") and 4 ("records besides talks") of the ledger versions, the twins of SQLite's
-- migration roster_version (read it for why): per-statement triggers raising each row by the rows
-- the statement wrote (ledger_version_bump_rows, migration ledger_version_per_statement). Talk gets
-- none. Written by hand: triggers are not in the Prisma schema (tests/db/pg-triggers.pg.test.ts).
INSERT INTO "LedgerVersion" ("id", "version") VALUES (3, 0), (4, 0);

CREATE TRIGGER "LedgerVersion3_Org_insert" AFTER INSERT ON "Org" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_Org_update" AFTER UPDATE ON "Org" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_Org_delete" AFTER DELETE ON "Org" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_OrgMembership_insert" AFTER INSERT ON "OrgMembership" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_OrgMembership_update" AFTER UPDATE ON "OrgMembership" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_OrgMembership_delete" AFTER DELETE ON "OrgMembership" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_Zone_insert" AFTER INSERT ON "Zone" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_Zone_update" AFTER UPDATE ON "Zone" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_Zone_delete" AFTER DELETE ON "Zone" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_Member_insert" AFTER INSERT ON "Member" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_Member_update" AFTER UPDATE ON "Member" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_Member_delete" AFTER DELETE ON "Member" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_RoleTerm_insert" AFTER INSERT ON "RoleTerm" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_RoleTerm_update" AFTER UPDATE ON "RoleTerm" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_RoleTerm_delete" AFTER DELETE ON "RoleTerm" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_ZoneAssignment_insert" AFTER INSERT ON "ZoneAssignment" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_ZoneAssignment_update" AFTER UPDATE ON "ZoneAssignment" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_ZoneAssignment_delete" AFTER DELETE ON "ZoneAssignment" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_LineAssignment_insert" AFTER INSERT ON "LineAssignment" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_LineAssignment_update" AFTER UPDATE ON "LineAssignment" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_LineAssignment_delete" AFTER DELETE ON "LineAssignment" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_RuleSetting_insert" AFTER INSERT ON "RuleSetting" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_RuleSetting_update" AFTER UPDATE ON "RuleSetting" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion3_RuleSetting_delete" AFTER DELETE ON "RuleSetting" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(3);

CREATE TRIGGER "LedgerVersion4_LineVisit_insert" AFTER INSERT ON "LineVisit" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_LineVisit_update" AFTER UPDATE ON "LineVisit" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_LineVisit_delete" AFTER DELETE ON "LineVisit" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Meeting_insert" AFTER INSERT ON "Meeting" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Meeting_update" AFTER UPDATE ON "Meeting" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Meeting_delete" AFTER DELETE ON "Meeting" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Pairing_insert" AFTER INSERT ON "Pairing" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Pairing_update" AFTER UPDATE ON "Pairing" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Pairing_delete" AFTER DELETE ON "Pairing" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Resident_insert" AFTER INSERT ON "Resident" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Resident_update" AFTER UPDATE ON "Resident" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);

CREATE TRIGGER "LedgerVersion4_Resident_delete" AFTER DELETE ON "Resident" REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_version_bump_rows"(4);
